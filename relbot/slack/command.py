"""`/relbot`: help, contacts, profile, pulse, digest, voice and action; anything else gets
the help.

The app's own command, so it routes to each feature's flow rather than belonging to one.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from relbot.slack.actions.listeners import action_command
from relbot.slack.deps import Deps
from relbot.slack.digest.preview import digest_preview
from relbot.slack.directory.contacts import contacts_payload
from relbot.slack.directory.help import help_message
from relbot.slack.home.profile import not_in_directory_payload, open_profile_modal
from relbot.slack.ids import Command
from relbot.slack.pulse.flow import pulse_modal_or_reason
from relbot.slack.voice.flow import summary_for


def register(app: App) -> None:
    """Attach this feature's listeners."""
    app.command(Command.RELBOT.value)(relbot_command)


def relbot_command(
    ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, deps: Deps
) -> None:
    """`/relbot help|contacts|profile|pulse|digest|voice`; anything else gets the help."""
    word, _, rest = (command.get("text") or "").strip().partition(" ")
    word = word.lower()
    if word in ("", "help"):
        ack(**help_message().payload())
    elif word == "contacts":
        ack()
        respond(response_type="ephemeral", **contacts_payload(deps, rest.strip()))
    elif word == "pulse":
        ack()
        outcome = pulse_modal_or_reason(deps, command["user_id"])
        if "view" in outcome:
            client.views_open(trigger_id=command["trigger_id"], view=outcome["view"])
        else:
            respond(response_type="ephemeral", **outcome["message"])
    elif word == "digest":
        ack()
        respond(response_type="ephemeral", **digest_preview(deps, command["user_id"]))
    elif word == "voice":
        ack()
        summary = summary_for(client, deps, command["user_id"])
        respond(response_type="ephemeral", **summary.payload())
    elif word in ("action", "actions"):
        ack()
        said = action_command(client, deps, command["user_id"], command["trigger_id"], rest)
        if said is not None:
            respond(response_type="ephemeral", **said.payload())
    elif word == "profile":
        ack()
        if not open_profile_modal(client, deps, command["user_id"], command["trigger_id"]):
            respond(response_type="ephemeral", **not_in_directory_payload(deps))
    else:
        ack(**help_message(unknown=word).payload())
