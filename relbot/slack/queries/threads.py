"""Messages: those in the provider-voice channel are kept as voice items; in a query's
thread, the first reply by anyone but the asker is its first response and the asker replying
after resolution reopens it; a provider's query is relayed between the queue thread and the
provider's DM thread. Slack's retries of the same event carry the same event id, which the
timeline records once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient

from relbot.domain.profile import person_by_slack_id
from relbot.domain.queries.notes import Reading, read_reply
from relbot.domain.queries.tickets import reply, ticket_by_thread
from relbot.models.queries import QueryEventKind
from relbot.slack.deps import Deps
from relbot.slack.queries.queue import refresh_queue_message
from relbot.slack.queries.relay import (
    on_direct_message,
    on_queue_reply,
    refresh_provider_thread,
    take_queue_reply,
)
from relbot.slack.voice.flow import on_channel_message

# Edits, deletions, joins and the like are not replies.
IGNORED_SUBTYPES = {
    "message_changed",
    "message_deleted",
    "bot_message",
    "channel_join",
    "channel_leave",
    "thread_broadcast_deleted",
}


def on_message(event: dict[str, Any], body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """A reply in a query's thread: its first response, or the asker reopening it."""
    # Bolt runs one listener per event, so the provider-voice channel is routed here.
    voice = deps.settings.provider_voice_channel
    if voice and event.get("channel") == voice:
        on_channel_message(event, deps)
        return
    if event.get("subtype") in IGNORED_SUBTYPES or event.get("bot_id"):
        return
    thread_ts, user_id = event.get("thread_ts"), event.get("user")
    if not thread_ts or thread_ts == event.get("ts") or not user_id:
        return
    if event.get("channel_type") == "im":
        on_direct_message(event, body, client, deps)
        return
    with deps.sessions.begin() as session:
        ticket = ticket_by_thread(
            session=session, channel=event.get("channel", ""), thread_ts=thread_ts
        )
        if ticket is None:
            return
        author = person_by_slack_id(session=session, slack_user_id=user_id)
        # Only a provider's query (followed in their DMs) has a side replies are relayed to.
        reading = (
            read_reply(str(event.get("text") or ""), event.get("blocks"))
            if ticket.dm_status is not None
            else None
        )
        internal = reading in (Reading.NOTE, Reading.UNSURE)
        relay_id = take_queue_reply(
            deps=deps,
            session=session,
            ticket=ticket,
            author=author,
            event=event,
            reading=reading or Reading.REPLY,
        )
        change = reply(
            session=session,
            ticket=ticket,
            actor=author,
            slack_user_id=user_id,
            now=datetime.fromtimestamp(float(event["ts"]), UTC),
            event_id=str(body.get("event_id") or f"{event['channel']}:{event['ts']}"),
            calendar=deps.calendar,
            internal=internal,
            relayed=relay_id is not None,
        )
    if change.kind in (QueryEventKind.RESPONDED, QueryEventKind.REOPENED):
        refresh_queue_message(client, deps, change.ticket_id)
        refresh_provider_thread(client, deps, change.ticket_id)
    # A retry of an event already recorded marks and asks nothing again.
    on_queue_reply(
        event, client, deps, relay_id, reading=reading if change.kind is not None else None
    )
