"""What is waiting for a person: the part of App Home that changes week by week."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from relbot.domain.action_views import ActionView, PublicAction, list_actions, provider_view
from relbot.domain.profile import ACTIVE_PERSON_NAMED
from relbot.domain.queries.tickets import department_queue
from relbot.models import Person, PulseInvitation, PulseResponse, PulseRound, QueryTicket
from relbot.models.enums import Side
from relbot.models.pulse import RoundStatus
from relbot.models.queries import QueryStatus

QUEUE_SHOWN = 10
ACTIONS_SHOWN = 8


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
    # Actions: the open ones for an officer, `You said, we did` for a provider.
    actions: tuple[ActionView, ...] = ()
    said_we_did: tuple[PublicAction, ...] = ()

    @property
    def empty(self) -> bool:
        return (
            self.survey_closes_at is None
            and self.own_open_queries == 0
            and self.department_open_queries == 0
        )


# The open survey the person has not answered, their unresolved queries, and their
# department's open ones (none for a provider: NULL equals nothing in SQL), each a column
# beside the person's row.
_UNANSWERED_SURVEY = (
    select(PulseRound.closes_at)
    .join(PulseInvitation, PulseInvitation.round_id == PulseRound.id)
    .where(
        PulseRound.status == RoundStatus.OPEN,
        PulseInvitation.person_id == Person.id,
        # Correlated two levels up, with the person's row.
        ~exists()
        .where(PulseResponse.round_id == PulseRound.id, PulseResponse.person_id == Person.id)
        .correlate_except(PulseResponse),
    )
    .order_by(PulseRound.closes_at)
    .limit(1)
)
_OWN_UNRESOLVED = select(func.count()).where(
    QueryTicket.asker_id == Person.id, QueryTicket.status != QueryStatus.RESOLVED
)
_DEPARTMENT_OPEN = select(func.count()).where(
    QueryTicket.department_id == Person.department_id, QueryTicket.status == QueryStatus.OPEN
)
# Read with every App Home opening, in one round trip: built once.
_PERSON_AND_PENDING = ACTIVE_PERSON_NAMED.add_columns(
    _UNANSWERED_SURVEY.scalar_subquery(),
    _OWN_UNRESOLVED.scalar_subquery(),
    _DEPARTMENT_OPEN.scalar_subquery(),
)


def person_and_pending(
    *,
    session: Session,
    slack_user_id: str,
    today: date | None = None,
    show_owner: bool = False,
) -> tuple[Person, Pending] | None:
    """The active person with this Slack user id, named as their profile shows them, and
    what is waiting for them, read together; None when relbot does not know them. With
    `today`, the actions too: the open ones for an officer, `You said, we did` for a
    provider (owners named only with `show_owner`)."""
    row = session.execute(_PERSON_AND_PENDING, {"slack_user_id": slack_user_id}).one_or_none()
    if row is None:
        return None
    person, survey, own, queue = row
    entries: tuple[QueueEntry, ...] = ()
    if person.department_id is not None:
        tickets = department_queue(
            session=session, department_id=person.department_id, limit=QUEUE_SHOWN
        )
        entries = tuple(
            QueueEntry(t.id, t.text, t.created_at, t.first_response_at is not None) for t in tickets
        )
    pending = Pending(
        queue=entries,
        survey_closes_at=survey,
        own_open_queries=own or 0,
        department_open_queries=queue or 0,
        department=person.department.name if person.department else None,
    )
    if today is not None and person.side is Side.OFFICER:
        opened = list_actions(session=session, today=today, open_only=True)
        pending = replace(pending, actions=tuple(opened[:ACTIONS_SHOWN]))
    elif today is not None:
        public = provider_view(session=session, today=today, show_owner=show_owner)
        pending = replace(pending, said_we_did=tuple(public[:ACTIONS_SHOWN]))
    return person, pending
