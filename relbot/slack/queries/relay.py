"""A provider's query as a private conversation: their DM thread with relbot, relayed both
ways with the department's queue thread (the rules are in relbot.domain.queries.relay).

Slack lets relbot DM someone of another workspace while they share a channel with it
(https://docs.slack.dev/reference/methods/conversations.open: `invalid_user_combination`
otherwise), which everyone in a provider channel does. Each relayed message is marked on its
source with a reaction, so both sides can tell at a glance what went across: :outbox_tray:
sent, :lock: an internal note kept in the queue thread, :warning: not passed on.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient

from relbot.domain.profile import person_by_slack_id
from relbot.domain.queries import relay as relays
from relbot.domain.queries.notes import Reading
from relbot.domain.queries.tickets import reply, reply_received
from relbot.models import Person, QueryTicket
from relbot.models.pulse import DeliveryStatus
from relbot.models.queries import QueryEventKind, RelayDirection
from relbot.slack.deps import Deps
from relbot.slack.messages import Message
from relbot.slack.outcome import Outcome, failure_of
from relbot.slack.queries.blocks import (
    held_reply_message,
    provider_notice,
    provider_thread_message,
    relayed_text,
    unreachable_notice,
)
from relbot.slack.queries.queue import deliver_new_ticket, refresh_queue_message, ticket_view

logger = logging.getLogger(__name__)

SENT, NOTE, NOT_SENT = "outbox_tray", "lock", "warning"


def deliver_query(client: WebClient, deps: Deps, ticket_id: int) -> Message:
    """Post a just-logged query to its queue and, for a provider, open their side of it;
    the asker's confirmation."""
    confirmation = deliver_new_ticket(client, deps, ticket_id)
    with deps.sessions.begin() as session:
        ticket = session.get(QueryTicket, ticket_id)
        waiting = ticket is not None and ticket.post_status is DeliveryStatus.PENDING
    if not waiting:  # Slack said to wait: the query job opens it with the queue post
        open_provider_thread(client, deps, ticket_id)
    return confirmation


def open_provider_thread(client: WebClient, deps: Deps, ticket_id: int) -> None:
    """Post the provider's side of a query in their DM with relbot, once. Slack's answer
    decides: a try-later leaves it for the query job; a refusal or an unclear answer is
    said in the queue thread, so the department knows to reach the provider another way."""
    with deps.sessions.begin() as session:
        asker = relays.claim_thread(session=session, ticket_id=ticket_id)
        if asker is None:
            return
        ticket = session.get(QueryTicket, ticket_id)
        assert ticket is not None
        view = ticket_view(session, ticket)
    try:
        opened = client.conversations_open(users=asker)
        dm = str(opened["channel"]["id"])
        posted = client.chat_postMessage(channel=dm, **provider_thread_message(view).payload())
    except Exception as error:
        failure = failure_of(error)
        status = (
            DeliveryStatus.PENDING
            if failure is None or failure.outcome is Outcome.TRY_LATER
            else DeliveryStatus.FAILED
        )
        with deps.sessions.begin() as session:
            relays.settle_thread(session=session, ticket_id=ticket_id, status=status)
        if failure is None:
            raise
        logger.warning("query %s: no DM thread for its asker yet: %s", ticket_id, failure.reason)
        if status is DeliveryStatus.FAILED:
            _say_in_queue(client, deps, ticket_id, unreachable_notice(asker, failure.reason))
        return
    with deps.sessions.begin() as session:
        relays.settle_thread(
            session=session,
            ticket_id=ticket_id,
            status=DeliveryStatus.SENT,
            channel=str(posted["channel"]),
            ts=str(posted["ts"]),
        )
    deliver_waiting(client, deps, ticket_id)


def deliver(client: WebClient, deps: Deps, relay_id: int) -> bool:
    """Post one relay if its other side is there and no one else has it; True when posted."""
    with deps.sessions.begin() as session:
        crossing = relays.claim(session=session, relay_id=relay_id)
    if crossing is None:
        return False
    source = (crossing.source_channel, crossing.source_ts)
    text = relayed_text(
        crossing.author,
        crossing.where,
        crossing.text,
        crossing.files,
        to_provider=crossing.direction is RelayDirection.TO_PROVIDER,
    )
    now = datetime.now(UTC)
    try:
        posted = client.chat_postMessage(
            channel=crossing.channel,
            thread_ts=crossing.thread_ts,
            text=text,
            unfurl_links=False,
            unfurl_media=False,
        )
    except Exception as error:
        failure = failure_of(error)
        later = failure is None or failure.outcome is Outcome.TRY_LATER
        with deps.sessions.begin() as session:
            relays.settle(
                session=session,
                relay_id=relay_id,
                status=DeliveryStatus.PENDING if later else DeliveryStatus.FAILED,
                now=now,
                error=failure.reason if failure else None,
            )
        if failure is None:
            raise
        logger.warning("relay %s of query %s: %s", relay_id, crossing.ticket_id, failure.reason)
        if not later:  # refused, or unclear and so never sent again: say so on the source
            react(client, *source, NOT_SENT)
        return False
    with deps.sessions.begin() as session:
        relays.settle(
            session=session,
            relay_id=relay_id,
            status=DeliveryStatus.SENT,
            now=now,
            target_ts=str(posted["ts"]),
        )
        change = None
        if crossing.direction is RelayDirection.TO_PROVIDER:
            ticket = session.get(QueryTicket, crossing.ticket_id)
            assert ticket is not None
            change = reply_received(
                session=session,
                ticket=ticket,
                actor=relays.author_of(session=session, relay_id=relay_id),
                now=now,
                calendar=deps.calendar,
            )
    react(client, *source, SENT)
    if change is not None and change.kind is QueryEventKind.RESPONDED:
        refresh_queue_message(client, deps, crossing.ticket_id)
        refresh_provider_thread(client, deps, crossing.ticket_id)
    return True


def deliver_waiting(client: WebClient, deps: Deps, ticket_id: int | None = None) -> int:
    """Post relays still waiting, oldest first (one ticket's, or all); how many went."""
    with deps.sessions.begin() as session:
        waiting = relays.waiting(session=session, ticket_id=ticket_id)
    return sum(deliver(client, deps, relay_id) for relay_id in waiting)


def on_queue_reply(
    event: dict[str, Any],
    client: WebClient,
    deps: Deps,
    relay_id: int | None,
    *,
    reading: Reading | None,
) -> None:
    """After a reply in a provider's query thread is recorded: relay it, mark a note, or
    hold one that looks like a note and ask its author."""
    channel, ts = str(event["channel"]), str(event["ts"])
    if relay_id is not None:
        deliver(client, deps, relay_id)
    elif reading is Reading.NOTE:
        react(client, channel, ts, NOTE)
    elif reading is Reading.UNSURE:
        react(client, channel, ts, NOT_SENT)
        safely(
            client.chat_postEphemeral,
            channel=channel,
            user=str(event["user"]),
            thread_ts=str(event.get("thread_ts") or ts),
            **held_reply_message(f"{channel}|{ts}").payload(),
        )


def on_direct_message(
    event: dict[str, Any], body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    """A message in someone's DM with relbot: a provider's reply in a query's thread goes to
    the department's queue thread, and, after the query was resolved, reopens it."""
    thread_ts, user_id = event.get("thread_ts"), event.get("user")
    if not thread_ts or thread_ts == event.get("ts") or not user_id:
        return
    channel, ts = str(event.get("channel", "")), str(event["ts"])
    with deps.sessions.begin() as session:
        ticket = relays.ticket_by_dm_thread(session=session, channel=channel, thread_ts=thread_ts)
        if ticket is None:
            return
        asker = person_by_slack_id(session=session, slack_user_id=user_id)
        if asker is None or asker.id != ticket.asker_id:
            return
        change = reply(
            session=session,
            ticket=ticket,
            actor=asker,
            slack_user_id=user_id,
            now=datetime.fromtimestamp(float(ts), UTC),
            event_id=str(body.get("event_id") or f"{channel}:{ts}"),
            calendar=deps.calendar,
        )
        relay_id = relays.take(
            session=session,
            ticket=ticket,
            direction=RelayDirection.TO_QUEUE,
            author=asker,
            source_channel=channel,
            source_ts=ts,
            text=str(event.get("text") or ""),
            files=len(event.get("files") or []),
            now=datetime.now(UTC),
        )
    if change.kind is QueryEventKind.REOPENED:
        refresh_queue_message(client, deps, ticket.id)
        refresh_provider_thread(client, deps, ticket.id)
    if relay_id is not None:
        deliver(client, deps, relay_id)


def take_queue_reply(
    *,
    deps: Deps,
    session: Any,
    ticket: QueryTicket,
    author: Person | None,
    event: dict[str, Any],
    reading: Reading,
) -> int | None:
    """Write the relay of an officer's reply in the queue thread (not of a note or a reply
    held as one, nor of the asker's own words); its id to deliver once the session is
    committed."""
    text = str(event.get("text") or "")
    if ticket.dm_status in (None, DeliveryStatus.FAILED) or reading is not Reading.REPLY:
        return None
    if author is not None and author.id == ticket.asker_id:
        return None
    return relays.take(
        session=session,
        ticket=ticket,
        direction=RelayDirection.TO_PROVIDER,
        author=author,
        source_channel=str(event["channel"]),
        source_ts=str(event["ts"]),
        text=text,
        files=len(event.get("files") or []),
        now=datetime.now(UTC),
    )


def refresh_provider_thread(client: WebClient, deps: Deps, ticket_id: int) -> None:
    """Show the query's current status on the first message of the provider's thread."""
    with deps.sessions.begin() as session:
        ticket = session.get(QueryTicket, ticket_id)
        if ticket is None or not ticket.dm_channel or not ticket.dm_ts:
            return
        view, channel, ts = ticket_view(session, ticket), ticket.dm_channel, ticket.dm_ts
    safely(client.chat_update, channel=channel, ts=ts, **provider_thread_message(view).payload())


def tell_provider(
    client: WebClient, deps: Deps, ticket_id: int, kind: QueryEventKind, actor_user_id: str
) -> None:
    """After the department (or the provider) acted on the query from a button, say so in
    the provider's thread and bring its first message up to date."""
    with deps.sessions.begin() as session:
        where = relays.thread_notice(
            session=session, ticket_id=ticket_id, actor_slack_id=actor_user_id
        )
    if where is None:
        return
    notice = {
        QueryEventKind.RESOLVED: "resolved_by_you" if where.by_asker else "resolved",
        QueryEventKind.RESPONDED: "responded",
        QueryEventKind.REASSIGNED: "reassigned",
    }.get(kind)
    refresh_provider_thread(client, deps, ticket_id)
    if notice is None:
        return
    text = provider_notice(notice, where.department, where.actor)
    safely(client.chat_postMessage, channel=where.channel, thread_ts=where.ts, text=text)


def _say_in_queue(client: WebClient, deps: Deps, ticket_id: int, text: str) -> None:
    with deps.sessions.begin() as session:
        ticket = session.get(QueryTicket, ticket_id)
        where = (ticket.queue_channel, ticket.queue_ts) if ticket else (None, None)
    if where[0] and where[1]:
        safely(client.chat_postMessage, channel=where[0], thread_ts=where[1], text=text)
    else:
        logger.warning(
            "query %s is not in its queue yet, where this was to be said: %s", ticket_id, text
        )


def react(client: WebClient, channel: str, ts: str, name: str) -> None:
    safely(client.reactions_add, channel=channel, timestamp=ts, name=name)


def safely(call: Any, **params: Any) -> None:
    """A courtesy post or mark: a Slack failure is logged, never raised over what is done."""
    try:
        call(**params)
    except Exception as error:
        failure = failure_of(error)
        if failure is None:
            raise
        logger.warning(
            "%s in %s: %s", getattr(call, "__name__", "call"), params.get("channel"), failure.reason
        )
