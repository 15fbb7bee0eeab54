"""The hub's seven buttons, each doing what the matching command does, and its one form.

A button on a message in a shared channel reaches people of every workspace in it, and
comes with a `response_url`: what is only for the person goes there, ephemeral.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from relbot.domain.voice.items import MAX_TEXT
from relbot.slack.actions.listeners import said_we_did
from relbot.slack.deps import Deps
from relbot.slack.directory.contacts import contacts_payload
from relbot.slack.enrolment.gate import register_gate
from relbot.slack.errors import not_in_directory_message
from relbot.slack.forms import OwnForm
from relbot.slack.home.listeners import open_profile
from relbot.slack.hub.blocks import BUTTONS, RAISE_BLOCK, raise_modal, raise_result_view
from relbot.slack.hub.flow import keep_hubs
from relbot.slack.ids import Action, Callback
from relbot.slack.messages import Message
from relbot.slack.metadata import Metadata
from relbot.slack.musthaves.flow import handle
from relbot.slack.outcome import failure_of
from relbot.slack.pulse.listeners import open_pulse
from relbot.slack.queries.forms import open_query_form
from relbot.slack.views import input_values
from relbot.slack.voice.flow import post_anonymously, refusal_to_raise

logger = logging.getLogger(__name__)


def register(app: App) -> None:
    """Attach this feature's listeners, after the gate that asks strangers who they are."""
    register_gate(app, [action for action, _ in BUTTONS])
    app.action(Action.HUB_PULSE.value)(open_pulse)
    app.action(Action.HUB_ASK.value)(hub_ask)
    app.action(Action.HUB_MUST_HAVES.value)(hub_must_haves)
    app.action(Action.HUB_RAISE.value)(hub_raise)
    app.action(Action.HUB_CONTACTS.value)(hub_contacts)
    app.action(Action.HUB_SAID_DID.value)(hub_said_did)
    app.action(Action.HUB_DETAILS.value)(open_profile)
    form = OwnForm(Metadata, RAISE_BLOCK)
    app.view(Callback.HUB_RAISE.value, middleware=[form])(hub_raise_submission)
    app.event("member_joined_channel")(relbot_joined)


def relbot_joined(
    event: dict[str, Any], context: BoltContext, client: WebClient, deps: Deps
) -> None:
    """relbot added to a provider channel: its hub goes up now, not at the next tick. Slack
    sends member_joined_channel for the app's own bot user too
    (https://docs.slack.dev/reference/events/member_joined_channel)."""
    if event.get("user") != context.bot_user_id:
        return
    if event.get("channel") in deps.settings.hub_channels:
        keep_hubs(client, deps, refresh=False)


def _private(respond: Respond, message: Message | dict[str, Any]) -> None:
    payload = message.payload() if isinstance(message, Message) else message
    respond(response_type="ephemeral", replace_original=False, **payload)


def hub_ask(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """`Ask the council`: the query form, as `/query` opens it."""
    ack()
    if not open_query_form(client, deps, body["user"]["id"], body["trigger_id"]):
        _private(respond, not_in_directory_message(deps.settings.admins))


def hub_must_haves(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """`My Must Haves`: the form with the person's three, as `/musthave` alone opens it."""
    ack()
    reply = handle(deps, body["user"]["id"], "")
    if reply.view is not None:
        client.views_open(trigger_id=body["trigger_id"], view=reply.view.to_dict())
    elif reply.message is not None:
        _private(respond, reply.message)


def hub_raise(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """`Raise anonymously`: for providers, the form `/voice` stands for; others are told why not."""
    ack()
    user_id = body["user"]["id"]
    refused = refusal_to_raise(deps, user_id)
    if refused is not None:
        _private(respond, refused)
        return
    view = raise_modal(Metadata(slack_user_id=user_id))
    client.views_open(trigger_id=body["trigger_id"], view=view.to_dict())


def hub_raise_submission(
    ack: Ack, view: dict[str, Any], client: WebClient, deps: Deps, metadata: Metadata
) -> None:
    """Post the text in the provider-voice channel as relbot; what became of it is said in
    the form itself, never in a message that would stay."""
    text = (input_values(view).get(RAISE_BLOCK) or "").strip()
    problem = _raise_problem(deps, metadata.slack_user_id, text)
    if problem is not None:
        ack(response_action="errors", errors={RAISE_BLOCK: problem})
        return
    ack(response_action="update", view=raise_result_view(None).to_dict())
    reply = post_anonymously(client, deps, text)
    try:
        client.views_update(view_id=view["id"], view=raise_result_view(reply).to_dict())
    except Exception as error:
        failure = failure_of(error)
        if failure is None:
            raise
        # The form was closed meanwhile: nothing else may say it, so nothing does.
        logger.info("the raise form could not show its outcome: %s", failure.reason)


def _raise_problem(deps: Deps, user_id: str, text: str) -> str | None:
    refused = refusal_to_raise(deps, user_id)  # their side may have changed since it opened
    if refused is not None:
        return refused.text
    if not text:
        return "Please write what you want to raise."
    if len(text) > MAX_TEXT:
        return f"Please keep it under {MAX_TEXT:,} characters."
    return None


def hub_contacts(ack: Ack, respond: Respond, deps: Deps) -> None:
    """`Council contacts`: whom to contact in each department."""
    ack()
    _private(respond, contacts_payload(deps))


def hub_said_did(ack: Ack, respond: Respond, deps: Deps) -> None:
    """`You said, we did`: what the council is doing about what it heard."""
    ack()
    _private(respond, said_we_did(deps))
