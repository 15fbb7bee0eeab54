"""A reply held because it looked like an internal note: its author sends it to the provider
or keeps it in the queue thread. The buttons carry only where the reply is; what it says is
read again from Slack when pressed, and only its author may decide."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from relbot.domain.profile import acts_for_council, person_by_slack_id
from relbot.domain.queries import relay as relays
from relbot.domain.queries.notes import Reading
from relbot.domain.queries.tickets import ticket_by_thread
from relbot.slack.deps import Deps
from relbot.slack.queries.blocks import (
    HELD_GONE,
    HELD_KEPT,
    HELD_NO_LONGER,
    HELD_NO_THREAD,
    HELD_NOT_YOURS,
    HELD_OUTCOME,
)
from relbot.slack.queries.reaction import read_message
from relbot.slack.queries.relay import NOT_SENT, NOTE, deliver, react, safely, take_queue_reply


def send_held_reply(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """Send it to the provider: relay the held reply, once, if its author still may."""
    ack()
    found = _own_reply(body, client, respond)
    if found is None:
        return
    channel, message = found
    ts, author_id = str(message["ts"]), str(message["user"])
    with deps.sessions.begin() as session:
        allowed = acts_for_council(
            session=session, slack_user_id=author_id, admins=deps.settings.admins
        )
        ticket = ticket_by_thread(
            session=session, channel=channel, thread_ts=str(message.get("thread_ts"))
        )
        relay_id = (
            take_queue_reply(
                deps=deps,
                session=session,
                ticket=ticket,
                author=person_by_slack_id(session=session, slack_user_id=author_id),
                event={**message, "channel": channel},
                reading=Reading.REPLY,
            )
            if allowed and ticket is not None
            else None
        )
    if not allowed:
        respond(replace_original=True, text=HELD_NO_LONGER)
        return
    if ticket is None:
        respond(replace_original=True, text=HELD_GONE)
        return
    if relay_id is not None:
        safely(client.reactions_remove, channel=channel, timestamp=ts, name=NOT_SENT)
        deliver(client, deps, relay_id)
    with deps.sessions.begin() as session:
        status = relays.status_of(session=session, source_channel=channel, source_ts=ts)
    # Sent, waiting, refused or unclear as the relay stands; none at all when the provider's
    # DMs cannot be reached.
    respond(replace_original=True, text=HELD_NO_THREAD if status is None else HELD_OUTCOME[status])


def keep_held_reply(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """Keep it internal: mark the reply a note."""
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
