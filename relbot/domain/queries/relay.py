"""A provider's query as a private conversation: their DM thread and the queue thread.

A provider cannot see a department's queue channel, so relbot keeps their side of the query
in a thread of their DM with it and passes each message across: officers' replies to the
provider, the provider's replies to the queue thread. An officer's internal note stays in
the queue thread (relbot.domain.queries.notes says which replies are notes).

Each message crossing is a row written before its post, unique on the message it copies:
Slack's retries of the same event, and a restart between the row and the post, relay it
once; a row still pending is posted by the next attempt or by the query job's tick.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relbot.models import Department, Organisation, Person, QueryRelay, QueryTicket
from relbot.models.enums import Side
from relbot.models.pulse import DeliveryStatus
from relbot.models.queries import RelayDirection

# Who a relayed message is from when its writer is not in the directory (an admin, say).
_NOBODY = {RelayDirection.TO_PROVIDER: "A council officer", RelayDirection.TO_QUEUE: "The asker"}


def status_of(*, session: Session, source_channel: str, source_ts: str) -> DeliveryStatus | None:
    """Where the relay of one message stands; None when it was never written."""
    return session.scalar(
        select(QueryRelay.status).where(
            QueryRelay.source_channel == source_channel, QueryRelay.source_ts == source_ts
        )
    )


def has_provider_side(asker: Person | None) -> bool:
    """A provider's query is followed in their DMs; an officer's in the queue thread."""
    return asker is not None and asker.side is Side.PROVIDER


@dataclass(frozen=True)
class Crossing:
    """One claimed relay, with everything its post needs."""

    relay_id: int
    ticket_id: int
    direction: RelayDirection
    channel: str
    thread_ts: str
    author: str  # the display name shown on the other side
    where: str  # the author's department (to the provider) or organisation (to the queue)
    text: str
    files: int
    source_channel: str
    source_ts: str


def claim_thread(*, session: Session, ticket_id: int) -> str | None:
    """Take the posting of the provider's DM thread: the asker's Slack id to write to; None
    when it is posted or in hand."""
    claimed = session.execute(
        update(QueryTicket)
        .where(QueryTicket.id == ticket_id, QueryTicket.dm_status == DeliveryStatus.PENDING)
        .values(dm_status=DeliveryStatus.SENDING)
        .execution_options(synchronize_session=False)
    )
    if not getattr(claimed, "rowcount", 0):
        return None
    ticket = session.get(QueryTicket, ticket_id)
    assert ticket is not None
    session.refresh(ticket)
    asker = session.get(Person, ticket.asker_id) if ticket.asker_id else None
    if asker is None:  # forgotten since: nobody to write to
        ticket.dm_status = DeliveryStatus.FAILED
        return None
    return asker.slack_user_id


def settle_thread(
    *, session: Session, ticket_id: int, status: DeliveryStatus, channel: str = "", ts: str = ""
) -> None:
    """Where the thread claim ended: SENT with its place, PENDING to try again, FAILED."""
    ticket = session.get(QueryTicket, ticket_id)
    assert ticket is not None
    ticket.dm_status = status
    if status is DeliveryStatus.SENT:
        ticket.dm_channel, ticket.dm_ts = channel, ts
    elif status is DeliveryStatus.FAILED:
        # With no thread to post in, replies waiting for it are never posted: their text goes.
        session.execute(
            update(QueryRelay)
            .where(
                QueryRelay.ticket_id == ticket_id,
                QueryRelay.direction == RelayDirection.TO_PROVIDER,
                QueryRelay.status == DeliveryStatus.PENDING,
            )
            .values(status=DeliveryStatus.FAILED, text="", error="no_thread")
            .execution_options(synchronize_session=False)
        )
    session.flush()


def threads_to_open(*, session: Session) -> list[int]:
    """Tickets whose provider thread is waiting to be posted."""
    return list(
        session.scalars(
            select(QueryTicket.id)
            .where(QueryTicket.dm_status == DeliveryStatus.PENDING)
            .order_by(QueryTicket.id)
        )
    )


@dataclass(frozen=True)
class ThreadNotice:
    """Where to tell a provider that their query was acted on, and in whose words."""

    channel: str
    ts: str
    department: str
    actor: str
    by_asker: bool


def thread_notice(*, session: Session, ticket_id: int, actor_slack_id: str) -> ThreadNotice | None:
    """The provider's DM thread of a query and who acted on it; None when it has none."""
    ticket = session.get(QueryTicket, ticket_id)
    if ticket is None or not ticket.dm_channel or not ticket.dm_ts:
        return None
    actor = session.scalars(select(Person).where(Person.slack_user_id == actor_slack_id)).first()
    department = session.get(Department, ticket.department_id)
    return ThreadNotice(
        ticket.dm_channel,
        ticket.dm_ts,
        department.name if department else "the council",
        actor.name if actor is not None else "A council officer",
        actor is not None and actor.id == ticket.asker_id,
    )


def ticket_by_dm_thread(*, session: Session, channel: str, thread_ts: str) -> QueryTicket | None:
    return session.scalars(
        select(QueryTicket).where(QueryTicket.dm_channel == channel, QueryTicket.dm_ts == thread_ts)
    ).first()


def take(
    *,
    session: Session,
    ticket: QueryTicket,
    direction: RelayDirection,
    author: Person | None,
    source_channel: str,
    source_ts: str,
    text: str,
    files: int,
    now: datetime,
) -> int | None:
    """Write the relay of one message; its id while it still waits to be posted, else None
    (a retry of a message already relayed, or in hand elsewhere)."""
    row = QueryRelay(
        ticket_id=ticket.id,
        direction=direction,
        author_id=author.id if author else None,
        source_channel=source_channel,
        source_ts=source_ts,
        text=text,
        files=files,
        status=DeliveryStatus.PENDING,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        existing = session.scalars(
            select(QueryRelay).where(
                QueryRelay.source_channel == source_channel, QueryRelay.source_ts == source_ts
            )
        ).one()
        return existing.id if existing.status is DeliveryStatus.PENDING else None
    return row.id


def claim(*, session: Session, relay_id: int) -> Crossing | None:
    """Take one waiting relay whose other side exists; None when it is not ready or taken."""
    row = session.get(QueryRelay, relay_id)
    if row is None or row.status is not DeliveryStatus.PENDING:
        return None
    ticket = session.get(QueryTicket, row.ticket_id)
    assert ticket is not None
    if row.direction is RelayDirection.TO_PROVIDER:
        channel, thread_ts = ticket.dm_channel, ticket.dm_ts
    else:
        channel, thread_ts = ticket.queue_channel, ticket.queue_ts
    if not channel or not thread_ts:
        return None  # the other side is not posted yet: the tick relays it once it is
    earlier = session.scalars(
        select(QueryRelay.id).where(
            QueryRelay.ticket_id == row.ticket_id,
            QueryRelay.direction == row.direction,
            QueryRelay.status == DeliveryStatus.PENDING,
            QueryRelay.id < row.id,
        )
    ).first()
    if earlier is not None:
        return None  # an earlier message waits: the tick relays them in order
    claimed = session.execute(
        update(QueryRelay)
        .where(QueryRelay.id == relay_id, QueryRelay.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.SENDING)
        .execution_options(synchronize_session=False)
    )
    if not getattr(claimed, "rowcount", 0):
        return None
    author = session.get(Person, row.author_id) if row.author_id else None
    return Crossing(
        relay_id=row.id,
        ticket_id=ticket.id,
        direction=row.direction,
        channel=channel,
        thread_ts=thread_ts,
        author=author.name if author else _NOBODY[row.direction],
        where=_where(session, author, row.direction),
        text=row.text,
        files=row.files,
        source_channel=row.source_channel,
        source_ts=row.source_ts,
    )


def _where(session: Session, author: Person | None, direction: RelayDirection) -> str:
    if author is None:
        return ""
    if direction is RelayDirection.TO_PROVIDER and author.department_id is not None:
        department = session.get(Department, author.department_id)
        return department.name if department else ""
    if author.organisation_id is not None:
        organisation = session.get(Organisation, author.organisation_id)
        return organisation.name if organisation else ""
    return ""


def settle(
    *,
    session: Session,
    relay_id: int,
    status: DeliveryStatus,
    now: datetime,
    target_ts: str | None = None,
    error: str | None = None,
) -> None:
    """Where a claimed relay ended. Once it is posted or given up, its text is not kept."""
    row = session.get(QueryRelay, relay_id)
    assert row is not None
    row.status, row.error = status, error
    if status is not DeliveryStatus.PENDING:
        row.text = ""
    if status is DeliveryStatus.SENT:
        row.target_ts, row.sent_at = target_ts, now
    session.flush()


def author_of(*, session: Session, relay_id: int) -> Person | None:
    """Who wrote the relayed message, when relbot still knows them."""
    row = session.get(QueryRelay, relay_id)
    return session.get(Person, row.author_id) if row is not None and row.author_id else None


def waiting(*, session: Session, ticket_id: int | None = None) -> list[int]:
    """Relays not yet posted (all, or one ticket's), oldest first, so each thread keeps
    its order."""
    query = select(QueryRelay.id).where(QueryRelay.status == DeliveryStatus.PENDING)
    if ticket_id is not None:
        query = query.where(QueryRelay.ticket_id == ticket_id)
    return list(session.scalars(query.order_by(QueryRelay.id)))
