"""Posting a query to its queue and keeping the queue message current; shared by listeners."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from relbot.domain.queries.tickets import (
    QueryError,
    claim_post,
    log_query,
    record_posted,
    release_post,
)
from relbot.models import Department, Person, QueryTicket
from relbot.models.pulse import DeliveryStatus
from relbot.models.queries import QuerySource
from relbot.slack.deps import Deps
from relbot.slack.messages import Message, text_message
from relbot.slack.outcome import Outcome, failure_of
from relbot.slack.queries.blocks import TicketView, logged_message, queue_message
from relbot.slack.text import escape

logger = logging.getLogger(__name__)


def ticket_view(session: Session, ticket: QueryTicket) -> TicketView:
    department = session.get(Department, ticket.department_id)
    asker = session.get(Person, ticket.asker_id) if ticket.asker_id else None
    assert department is not None
    return TicketView(
        ticket.id,
        asker.slack_user_id if asker else None,
        department.name,
        department.response_target_days,
        ticket.text,
        ticket.status,
        ticket.created_at,
        ticket.source_permalink,
        conversation=ticket.dm_status is not None,
    )


def post_to_queue(client: WebClient, deps: Deps, ticket_id: int) -> Message | None:
    """Post the query in its queue channel and record where; None when another request is
    posting it. Returns the asker's confirmation. Slack errors put the post back in line."""
    with deps.sessions.begin() as session:
        if not claim_post(session=session, ticket_id=ticket_id):
            return None
        ticket = session.get(QueryTicket, ticket_id)
        assert ticket is not None and ticket.queue_channel is not None
        view, queue = ticket_view(session, ticket), ticket.queue_channel
    try:
        posted = client.chat_postMessage(
            channel=queue, **queue_message(view, deps.settings.zone).payload()
        )
    except Exception as error:
        failure = failure_of(error)
        if failure is not None and failure.outcome is Outcome.UNCLEAR:
            # Slack may have posted it: left in hand, it is never posted again.
            logger.error(
                "query %s may or may not be in %s (%s); it is not posted again",
                ticket_id,
                queue,
                failure.reason,
            )
        else:
            with deps.sessions.begin() as session:
                release_post(session=session, ticket_id=ticket_id)
        raise
    with deps.sessions.begin() as session:
        ticket = session.get(QueryTicket, ticket_id)
        assert ticket is not None
        record_posted(
            session=session,
            ticket=ticket,
            channel=str(posted["channel"]),
            ts=str(posted["ts"]),
            now=datetime.now(UTC),
        )
    return logged_message(
        view, queue, _permalink(client, str(posted["channel"]), str(posted["ts"]))
    )


def _permalink(client: WebClient, channel: str, ts: str) -> str | None:
    """A link to the queue message; None when Slack gives none, so a posted query is confirmed
    without its link rather than reported as not posted."""
    try:
        link = client.chat_getPermalink(channel=channel, message_ts=ts)
    except Exception as error:
        failure = failure_of(error)
        if failure is None:
            raise
        logger.warning("no permalink for a queue message: %s", failure.reason)
        return None
    return str(link.get("permalink") or "") or None


def refresh_queue_message(client: WebClient, deps: Deps, ticket_id: int) -> None:
    """Show the ticket's current status (and buttons) on its queue message."""
    with deps.sessions.begin() as session:
        ticket = session.get(QueryTicket, ticket_id)
        if ticket is None or ticket.queue_ts is None or ticket.queue_channel is None:
            return
        view, channel, ts = ticket_view(session, ticket), ticket.queue_channel, ticket.queue_ts
    client.chat_update(channel=channel, ts=ts, **queue_message(view, deps.settings.zone).payload())


def deliver_new_ticket(client: WebClient, deps: Deps, ticket_id: int) -> Message:
    """Post a just-logged ticket, or say it is saved and will be posted when Slack lets us."""
    with deps.sessions.begin() as session:
        ticket = session.get(QueryTicket, ticket_id)
        assert ticket is not None
        if ticket.post_status is DeliveryStatus.SENT and ticket.queue_channel and ticket.queue_ts:
            view, channel, ts = ticket_view(session, ticket), ticket.queue_channel, ticket.queue_ts
            posted = True
        else:
            posted = False
    if posted:  # a repeat of the same request: confirm again, post nothing new
        return logged_message(view, channel, _permalink(client, channel, ts))
    try:
        confirmation = post_to_queue(client, deps, ticket_id)
    except Exception as error:
        failure = failure_of(error)
        if failure is None:
            raise
        if failure.outcome is Outcome.UNCLEAR:
            return text_message(
                f"Your query #{ticket_id} is saved, but Slack did not confirm it reached its "
                "queue channel, so I will not post it again. If the department cannot see it "
                "there, please tell an admin."
            )
        return text_message(
            f"Your query #{ticket_id} is saved, but I could not post it to "
            f"its queue channel yet ({failure.reason}). I will keep trying every minute; "
            "an admin may need to invite me to that channel."
        )
    return confirmation or text_message(f"Your query #{ticket_id} is being posted now.")


@dataclass(frozen=True)
class NewQuery:
    """A query as someone asked it, ready to log."""

    key: str
    asker: Person
    department: Department
    text: str
    source: QuerySource
    permalink: str | None = None


def log_new_query(
    client: WebClient, deps: Deps, session: Session, query: NewQuery
) -> Message | int:
    """Log the query in the caller's session; return a refusal to show, or the ticket id to
    post (with `deliver_new_ticket`) once the session is committed."""
    try:
        ticket, _ = log_query(
            session=session,
            request_key=query.key,
            asker=query.asker,
            department=query.department,
            text=query.text,
            source=query.source,
            permalink=query.permalink,
            now=datetime.now(UTC),
            queue_channel=deps.queue_channel(query.department.queue_channel),
        )
    except QueryError as refused:
        return text_message(escape(str(refused)))
    return ticket.id
