"""What is waiting for a person: the part of App Home that changes week by week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.orm import Session

from relbot.domain.queries.tickets import department_queue
from relbot.models import Person, PulseInvitation, PulseResponse, PulseRound, QueryTicket
from relbot.models.pulse import RoundStatus
from relbot.models.queries import QueryStatus

QUEUE_SHOWN = 10


@dataclass(frozen=True)
class QueueEntry:
    """One unresolved query in an officer's department queue."""

    ticket_id: int
    text: str
    created_at: datetime
    answered: bool


@dataclass(frozen=True)
class Pending:
    """Counts and dates App Home shows; zero or None means nothing waiting of that kind."""

    survey_closes_at: datetime | None = None
    own_open_queries: int = 0
    department_open_queries: int = 0
    department: str | None = None
    queue: tuple[QueueEntry, ...] = ()

    @property
    def empty(self) -> bool:
        return (
            self.survey_closes_at is None
            and self.own_open_queries == 0
            and self.department_open_queries == 0
        )


# Read with every App Home opening, in one round trip: built once.
_UNANSWERED_SURVEY = (
    select(PulseRound.closes_at)
    .join(PulseInvitation, PulseInvitation.round_id == PulseRound.id)
    .where(
        PulseRound.status == RoundStatus.OPEN,
        PulseInvitation.person_id == bindparam("person_id"),
        ~exists().where(
            PulseResponse.round_id == PulseRound.id,
            PulseResponse.person_id == bindparam("person_id"),
        ),
    )
    .order_by(PulseRound.closes_at)
    .limit(1)
)
_OWN_UNRESOLVED = select(func.count()).where(
    QueryTicket.asker_id == bindparam("person_id"), QueryTicket.status != QueryStatus.RESOLVED
)
# No department (a provider) matches nothing: NULL equals nothing in SQL.
_DEPARTMENT_OPEN = select(func.count()).where(
    QueryTicket.department_id == bindparam("department_id"),
    QueryTicket.status == QueryStatus.OPEN,
)
_PENDING = select(
    _UNANSWERED_SURVEY.scalar_subquery(),
    _OWN_UNRESOLVED.scalar_subquery(),
    _DEPARTMENT_OPEN.scalar_subquery(),
)


def pending_for(*, session: Session, person: Person) -> Pending:
    """The open survey this person has not answered, and the queries waiting on or for them."""
    survey, own, queue = session.execute(
        _PENDING, {"person_id": person.id, "department_id": person.department_id}
    ).one()
    entries: tuple[QueueEntry, ...] = ()
    if person.department_id is not None:
        tickets = department_queue(
            session=session, department_id=person.department_id, limit=QUEUE_SHOWN
        )
        entries = tuple(
            QueueEntry(t.id, t.text, t.created_at, t.first_response_at is not None) for t in tickets
        )
    return Pending(
        queue=entries,
        survey_closes_at=survey,
        own_open_queries=own or 0,
        department_open_queries=queue or 0,
        department=person.department.name if person.department else None,
    )
