"""Collection rounds: admins open and name them; with none open, one per calendar quarter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relbot.domain.audit import record_admin_action
from relbot.models.musthaves import CollectionStatus, MustHaveCollection

NAME_LIMIT = 120
_QUARTER = re.compile(r"\d{4} Q[1-4]")


@dataclass(frozen=True)
class Collection:
    id: int
    name: str
    open: bool


def quarter_name(now: datetime, zone: ZoneInfo) -> str:
    """The default round's name for the quarter `now` falls in, like "2026 Q4"."""
    local = now.astimezone(zone)
    return f"{local.year} Q{(local.month - 1) // 3 + 1}"


def _view(row: MustHaveCollection) -> Collection:
    return Collection(row.id, row.name, row.status is CollectionStatus.OPEN)


def _by_name(session: Session, name: str) -> MustHaveCollection | None:
    return session.scalar(select(MustHaveCollection).where(MustHaveCollection.name == name))


# Read by every /musthave: built once.
_LATEST_OPEN = (
    select(MustHaveCollection)
    .where(MustHaveCollection.status == CollectionStatus.OPEN)
    .order_by(MustHaveCollection.opened_at.desc(), MustHaveCollection.id.desc())
    .limit(1)
)


def _latest_open(session: Session) -> MustHaveCollection | None:
    return session.scalar(_LATEST_OPEN)


def _still_current(opened: MustHaveCollection, quarter: str) -> bool:
    """An open round is current unless it is a past quarter's default round."""
    return not (_QUARTER.fullmatch(opened.name) and opened.name != quarter)


def current_as_it_stands(*, session: Session, now: datetime, zone: ZoneInfo) -> Collection | None:
    """The current round when it is open and nothing needs writing to say so; None otherwise
    (none open, or last quarter's to close): `current_collection` then decides, and writes."""
    opened = _latest_open(session)
    if opened is not None and _still_current(opened, quarter_name(now, zone)):
        return _view(opened)
    return None


def open_now(*, session: Session) -> Collection | None:
    """The open round, if any; never opens one."""
    row = _latest_open(session)
    return _view(row) if row is not None else None


def current_collection(*, session: Session, now: datetime, zone: ZoneInfo) -> Collection | None:
    """The open round: the latest an admin opened, else this quarter's (made on first use;
    a past quarter's round closes when the next quarter's is made).

    None when this quarter's round exists but an admin closed it.
    """
    name = quarter_name(now, zone)
    opened = _latest_open(session)
    if opened is not None and _still_current(opened, name):
        return _view(opened)
    if opened is not None:  # last quarter's default round: its quarter is over
        opened.status, opened.closed_at = CollectionStatus.CLOSED, now
        session.flush()
    existing = _by_name(session, name)
    if existing is not None:
        return None
    try:
        with session.begin_nested():
            row = MustHaveCollection(name=name, status=CollectionStatus.OPEN, opened_at=now)
            session.add(row)
            session.flush()
    except IntegrityError:  # another request made it first
        found = _by_name(session, name)
        return _view(found) if found is not None and found.status is CollectionStatus.OPEN else None
    return _view(row)


def open_collection(*, session: Session, name: str, now: datetime, actor: str) -> Collection:
    """Open (or reopen) the named round and close any other: one round is current at a time."""
    name = " ".join(name.split())[:NAME_LIMIT]
    session.execute(
        update(MustHaveCollection)
        .where(MustHaveCollection.status == CollectionStatus.OPEN, MustHaveCollection.name != name)
        .values(status=CollectionStatus.CLOSED, closed_at=now)
    )
    row = _by_name(session, name)
    if row is None:
        row = MustHaveCollection(name=name, status=CollectionStatus.OPEN, opened_at=now)
        session.add(row)
    else:
        row.status, row.opened_at, row.closed_at = CollectionStatus.OPEN, now, None
    session.flush()
    record_admin_action(
        session=session, actor=actor, action="must_haves.open", detail={"collection": name}
    )
    return _view(row)


def close_current(*, session: Session, now: datetime, actor: str) -> list[str]:
    """Close every open round; the names closed (none when nothing was open)."""
    rows = list(
        session.scalars(
            select(MustHaveCollection).where(MustHaveCollection.status == CollectionStatus.OPEN)
        )
    )
    for row in rows:
        row.status, row.closed_at = CollectionStatus.CLOSED, now
    if rows:
        record_admin_action(
            session=session,
            actor=actor,
            action="must_haves.close",
            detail={"collections": [row.name for row in rows]},
        )
    session.flush()
    return [row.name for row in rows]


def collection_named(*, session: Session, name: str) -> Collection | None:
    """A round by its name, open or closed."""
    row = _by_name(session, " ".join(name.split()))
    return _view(row) if row is not None else None


def latest_collection(*, session: Session) -> Collection | None:
    """The most recently opened round, open or closed: what reports show by default."""
    row = session.scalar(
        select(MustHaveCollection)
        .order_by(MustHaveCollection.opened_at.desc(), MustHaveCollection.id.desc())
        .limit(1)
    )
    return _view(row) if row is not None else None


def latest_closed_collection(*, session: Session, by: datetime) -> Collection | None:
    """The round most recently closed by `by`: what a published report shows, since figures
    from a round still open would move while people add to it."""
    row = session.scalar(
        select(MustHaveCollection)
        .where(
            MustHaveCollection.status == CollectionStatus.CLOSED,
            MustHaveCollection.closed_at <= by,
        )
        .order_by(MustHaveCollection.closed_at.desc(), MustHaveCollection.id.desc())
        .limit(1)
    )
    return _view(row) if row is not None else None
