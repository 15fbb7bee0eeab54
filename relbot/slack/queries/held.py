"""A reply held because it looked like an internal note: its author sends it to the provider
or keeps it in the queue thread. The buttons carry only where the reply is; what it says is
read again from Slack when pressed, and only its author may decide."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from relbot.domain.profile import person_by_slack_id
from relbot.domain.queries.notes import Reading
from relbot.domain.queries.tickets import ticket_by_thread
from relbot.slack.deps import Deps
from relbot.slack.queries.blocks import HELD_GONE, HELD_KEPT, HELD_NOT_YOURS, HELD_SENT
from relbot.slack.queries.reaction import read_message
from relbot.slack.queries.relay import NOT_SENT, NOTE, deliver, react, safely, take_queue_reply


def send_held_reply(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """ "Send it to the provider": relay the held reply, once."""
    ack()
    found = _own_reply(body, client, respond)
    if found is None:
        return
    channel, message = found
    event = {**message, "channel": channel}
    with deps.sessions.begin() as session:
        ticket = ticket_by_thread(
            session=session, channel=channel, thread_ts=str(message.get("thread_ts"))
        )
        if ticket is None:
            relay_id = None
        else:
            author = person_by_slack_id(session=session, slack_user_id=str(message["user"]))
            relay_id = take_queue_reply(
                deps=deps,
                session=session,
                ticket=ticket,
                author=author,
                event=event,
                reading=Reading.REPLY,
            )
    if relay_id is None:
        respond(replace_original=True, text=HELD_GONE)
        return
    safely(client.reactions_remove, channel=channel, timestamp=message["ts"], name=NOT_SENT)
    deliver(client, deps, relay_id)
    respond(replace_original=True, text=HELD_SENT)


def keep_held_reply(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """ "Keep it internal": mark the reply a note."""
    ack()
    found = _own_reply(body, client, respond)
    if found is None:
        return
    channel, message = found
    safely(client.reactions_remove, channel=channel, timestamp=message["ts"], name=NOT_SENT)
    react(client, channel, str(message["ts"]), NOTE)
    respond(replace_original=True, text=HELD_KEPT)


def _own_reply(
    body: dict[str, Any], client: WebClient, respond: Respond
) -> tuple[str, dict[str, Any]] | None:
    """The held reply the button names, read from Slack, when the presser wrote it."""
    value = str((body.get("actions") or [{}])[0].get("value") or "")
    channel, _, ts = value.partition("|")
    message = read_message(client, channel, ts) if channel and ts else None
    if message is None or not message.get("thread_ts"):
        respond(replace_original=True, text=HELD_GONE)
        return None
    if message.get("user") != body["user"]["id"]:
        respond(response_type="ephemeral", replace_original=False, text=HELD_NOT_YOURS)
        return None
    return channel, message
