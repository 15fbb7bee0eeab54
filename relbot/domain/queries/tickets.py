"""Logging queries and following them: responses, resolution, reopening, reassignment.

Each ticket keeps its timeline as events. A request key (slash command trigger, shortcut
message, modal view) and a Slack event id are unique, so a retried delivery records nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, case, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relbot.analysis.worktime import WorkingCalendar
from relbot.domain.profile import ACTIVE_PERSON
from relbot.domain.queries.access import may_act
from relbot.domain.queries.relay import has_provider_side
from relbot.models import Department, Person, QueryEvent, QueryTicket
from relbot.models.pulse import DeliveryStatus
from relbot.models.queries import QueryEventKind, QuerySource, QueryStatus

MAX_TEXT = 3000


class QueryError(Exception):
    """The query cannot be taken or changed; the message says why, for the person."""


@dataclass(frozen=True)
class Change:
    """What an event did to a ticket, for the listener to show."""

    ticket_id: int
    kind: QueryEventKind | None  # None: nothing changed (a duplicate, or not a ticket thread)


def log_query(
    *,
    session: Session,
    request_key: str,
    asker: Person,
    department: Department,
    text: str,
    source: QuerySource,
    permalink: str | None,
    now: datetime,
    queue_channel: str | None,
) -> tuple[QueryTicket, bool]:
    """Create a ticket, or return the one this request already made; True when new."""
    existing = session.scalars(
        select(QueryTicket).where(QueryTicket.request_key == request_key)
    ).first()
    if existing is not None:
        return existing, False
    body = text.strip()
    if not body:
        raise QueryError("Please write the question itself after the department.")
    if len(body) > MAX_TEXT:
        raise QueryError(f"Please keep a query under {MAX_TEXT} characters.")
    if queue_channel is None:
        raise QueryError(
            f"{department.name} has no queue channel and no default is set; "
            "please tell an admin. Your query was not logged."
        )
    ticket = QueryTicket(
        request_key=request_key,
        asker_id=asker.id,
        department_id=department.id,
        text=body,
        source=source,
        source_permalink=permalink,
        status=QueryStatus.OPEN,
        queue_channel=queue_channel,
        post_status=DeliveryStatus.PENDING,
        dm_status=DeliveryStatus.PENDING if has_provider_side(asker) else None,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(ticket)
            session.flush()
    except IntegrityError:
        return session.scalars(
            select(QueryTicket).where(QueryTicket.request_key == request_key)
        ).one(), False
    session.add(
        QueryEvent(
            ticket_id=ticket.id,
            kind=QueryEventKind.LOGGED,
            actor_id=asker.id,
            at=now,
            detail={"source": source.value},
        )
    )
    session.flush()
    return ticket, True


def record_posted(
    *, session: Session, ticket: QueryTicket, channel: str, ts: str, now: datetime
) -> None:
    """The ticket's message is in the queue channel; its thread is where answers go."""
    ticket.queue_channel, ticket.queue_ts = channel, ts
    ticket.post_status = DeliveryStatus.SENT
    session.add(
        QueryEvent(
            ticket_id=ticket.id,
            kind=QueryEventKind.POSTED,
            at=now,
            detail={"channel": channel, "ts": ts},
        )
    )
    session.flush()


def claim_post(*, session: Session, ticket_id: int) -> bool:
    """Take the ticket's queue post for this process; False when it is posted or in hand."""
    result = session.execute(
        update(QueryTicket)
        .where(QueryTicket.id == ticket_id, QueryTicket.post_status == DeliveryStatus.PENDING)
        .values(post_status=DeliveryStatus.SENDING)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def release_post(*, session: Session, ticket_id: int) -> None:
    """Slack refused the post for now: leave it for the next attempt."""
    session.execute(
        update(QueryTicket)
        .where(QueryTicket.id == ticket_id, QueryTicket.post_status == DeliveryStatus.SENDING)
        .values(post_status=DeliveryStatus.PENDING)
        .execution_options(synchronize_session=False)
    )


def unposted(*, session: Session) -> list[int]:
    """Tickets still waiting to be posted to their queue."""
    return list(
        session.scalars(
            select(QueryTicket.id)
            .where(QueryTicket.post_status == DeliveryStatus.PENDING)
            .order_by(QueryTicket.id)
        )
    )


def ticket_by_thread(*, session: Session, channel: str, thread_ts: str) -> QueryTicket | None:
    return session.scalars(
        select(QueryTicket).where(
            QueryTicket.queue_channel == channel, QueryTicket.queue_ts == thread_ts
        )
    ).first()


def reply(
    *,
    session: Session,
    ticket: QueryTicket,
    actor: Person | None,
    slack_user_id: str,
    now: datetime,
    event_id: str,
    calendar: WorkingCalendar,
    internal: bool = False,
    relayed: bool = False,
) -> Change:
    """A message in the ticket's thread: a first response, a reopening, or just a reply.
    An officer's internal note never reaches the asker, so it is never their first response;
    a reply relayed to the asker's DM thread is one once it reaches them (`reply_received`)."""
    asker = slack_user_id == _asker_slack_id(session, ticket)
    kind = (
        QueryEventKind.REOPENED
        if asker and ticket.status is QueryStatus.RESOLVED
        else QueryEventKind.REPLIED
        if asker or internal or relayed or ticket.first_response_at is not None
        else QueryEventKind.RESPONDED
    )
    detail: dict[str, Any] = {"via": "thread", "user": slack_user_id}
    if internal and not asker:
        detail["internal"] = True
    event = _record(session, ticket, kind, actor, now, event_id, detail)
    if event is None:
        return Change(ticket.id, None)
    if kind is QueryEventKind.REOPENED:
        _reopen(session, ticket)
    elif kind is QueryEventKind.RESPONDED and not _first_response(session, ticket, now, calendar):
        event.kind = QueryEventKind.REPLIED  # someone else was first a moment ago
    session.flush()
    return Change(ticket.id, event.kind)


def reply_received(
    *,
    session: Session,
    ticket: QueryTicket,
    actor: Person | None,
    now: datetime,
    calendar: WorkingCalendar,
) -> Change:
    """A reply reached the asker's DM thread: the first to do so is the first response."""
    if not _first_response(session, ticket, now, calendar):
        return Change(ticket.id, None)
    _record(session, ticket, QueryEventKind.RESPONDED, actor, now, None, {"via": "relay"})
    return Change(ticket.id, QueryEventKind.RESPONDED)


def respond_button(
    *,
    session: Session,
    ticket: QueryTicket,
    actor: Person | None,
    slack_user_id: str,
    now: datetime,
    calendar: WorkingCalendar,
) -> Change:
    """The Respond button: a first response, unless the asker pressed it or one exists."""
    if slack_user_id == _asker_slack_id(session, ticket):
        raise QueryError(
            "The Respond button is for the department; reply in the thread "
            "to add to your own query."
        )
    if not _first_response(session, ticket, now, calendar):
        return Change(ticket.id, None)
    _record(
        session,
        ticket,
        QueryEventKind.RESPONDED,
        actor,
        now,
        None,
        {"via": "button", "user": slack_user_id},
    )
    return Change(ticket.id, QueryEventKind.RESPONDED)


def resolve(
    *,
    session: Session,
    ticket: QueryTicket,
    actor: Person | None,
    slack_user_id: str,
    now: datetime,
    calendar: WorkingCalendar,
) -> Change:
    """The Resolved button, pressed by either side; a first response is implied if missing."""
    if slack_user_id != _asker_slack_id(session, ticket):
        _first_response(session, ticket, now, calendar)
    resolved = session.execute(
        update(QueryTicket)
        .where(QueryTicket.id == ticket.id, QueryTicket.status != QueryStatus.RESOLVED)
        .values(
            status=QueryStatus.RESOLVED,
            resolved_at=now,
            resolution_working_minutes=calendar.minutes_between(ticket.created_at, now),
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(ticket)
    if not getattr(resolved, "rowcount", 0):
        return Change(ticket.id, None)
    _record(session, ticket, QueryEventKind.RESOLVED, actor, now, None, {"user": slack_user_id})
    return Change(ticket.id, QueryEventKind.RESOLVED)


NOT_YOURS = "Only the person who asked, council officers and admins can act on a query."


def reassign(
    *,
    session: Session,
    ticket: QueryTicket,
    department: Department,
    actor: Person | None,
    is_admin: bool,
    now: datetime,
    queue_channel: str | None,
) -> Change:
    """Move a ticket to another department, for someone who may act on it now; it is posted
    again in that queue."""
    if not may_act(session=session, ticket=ticket, actor=actor, is_admin=is_admin):
        raise QueryError(NOT_YOURS)
    if department.id == ticket.department_id:
        raise QueryError(f"This query is already with {department.name}.")
    if queue_channel is None:
        raise QueryError(f"{department.name} has no queue channel and no default is set.")
    _record(
        session,
        ticket,
        QueryEventKind.REASSIGNED,
        actor,
        now,
        None,
        {"from": ticket.department_id, "to": department.id},
    )
    ticket.department_id = department.id
    ticket.queue_channel, ticket.queue_ts = queue_channel, None
    ticket.post_status = DeliveryStatus.PENDING
    session.flush()
    return Change(ticket.id, QueryEventKind.REASSIGNED)


# Read by every officer's App Home: built once.
_DEPARTMENT_QUEUE = (
    select(QueryTicket)
    .where(
        QueryTicket.department_id == bindparam("department_id"),
        QueryTicket.status != QueryStatus.RESOLVED,
    )
    .order_by(QueryTicket.created_at)
    .limit(bindparam("limit"))
)


# Read by every `/query list`: the person and their open queries in one round trip.
_ASKER_AND_OPEN = (
    ACTIVE_PERSON.add_columns(QueryTicket)
    .outerjoin(
        QueryTicket,
        (QueryTicket.asker_id == Person.id) & (QueryTicket.status != QueryStatus.RESOLVED),
    )
    .order_by(QueryTicket.created_at)
)


def asker_and_open_queries(
    *, session: Session, slack_user_id: str
) -> tuple[Person, list[QueryTicket]] | None:
    """The active person with this Slack user id and their unresolved queries, oldest
    first; None when relbot does not know them."""
    rows = session.execute(_ASKER_AND_OPEN, {"slack_user_id": slack_user_id}).all()
    if not rows:
        return None
    return rows[0][0], [ticket for _, ticket in rows if ticket is not None]


def department_queue(*, session: Session, department_id: int, limit: int = 10) -> list[QueryTicket]:
    """A department's unresolved queries, oldest first."""
    return list(
        session.scalars(_DEPARTMENT_QUEUE, {"department_id": department_id, "limit": limit})
    )


def _first_response(
    session: Session, ticket: QueryTicket, now: datetime, calendar: WorkingCalendar
) -> bool:
    """Set the first response unless one is set; the WHERE makes it once under any race."""
    result = session.execute(
        update(QueryTicket)
        .where(QueryTicket.id == ticket.id, QueryTicket.first_response_at.is_(None))
        .values(
            first_response_at=now,
            first_response_working_minutes=calendar.minutes_between(ticket.created_at, now),
            status=case(
                (QueryTicket.status == QueryStatus.OPEN, QueryStatus.RESPONDED),
                else_=QueryTicket.status,
            ),
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(ticket)
    return bool(getattr(result, "rowcount", 0))


def _reopen(session: Session, ticket: QueryTicket) -> None:
    ticket.status = QueryStatus.RESPONDED if ticket.first_response_at else QueryStatus.OPEN
    ticket.resolved_at = None
    ticket.resolution_working_minutes = None
    session.flush()


def _asker_slack_id(session: Session, ticket: QueryTicket) -> str | None:
    if ticket.asker_id is None:
        return None
    return session.scalar(select(Person.slack_user_id).where(Person.id == ticket.asker_id))


def _record(
    session: Session,
    ticket: QueryTicket,
    kind: QueryEventKind,
    actor: Person | None,
    now: datetime,
    event_id: str | None,
    detail: dict[str, Any],
) -> QueryEvent | None:
    """Add an event to the timeline; None when this Slack event id was recorded already."""
    event = QueryEvent(
        ticket_id=ticket.id,
        kind=kind,
        actor_id=actor.id if actor else None,
        at=now,
        slack_event_id=event_id,
        detail=detail,
    )
    try:
        with session.begin_nested():
            session.add(event)
            session.flush()
    except IntegrityError:
        return None
    return event
