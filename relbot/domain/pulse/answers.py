"""Storing a person's answers to a round; they may change them until it closes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from relbot.domain.pulse.questions import NO_CONTACT, SCORES
from relbot.models import (
    Department,
    Person,
    PulseAnswer,
    PulseDepartmentAnswer,
    PulseInvitation,
    PulseResponse,
    PulseRound,
)
from relbot.models.pulse import DeliveryStatus, Dimension, RoundStatus

VALID_SCORES = (NO_CONTACT, *SCORES)
MAX_COMMENT = 2000
MAX_DEPARTMENTS = 10
# Why an invitation row has no DM: the person answered a round opened before they joined.
JOINED_LATER = "answered from a provider channel; not in the directory when the round opened"


class AnswerError(Exception):
    """The answer cannot be taken; the message says why, for the person."""


@dataclass(frozen=True)
class SavedAnswers:
    """What a person has answered in a round so far (empty when nothing yet)."""

    scores: dict[Dimension, int] = field(default_factory=dict)
    comment: str | None = None
    departments: dict[int, dict[Dimension, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class DmRef:
    """Where a round's invitation DM is, so it can be updated once the answer is in."""

    channel: str
    ts: str


def answerable_round(*, session: Session, round_id: int, now: datetime) -> PulseRound:
    """The round, if it still takes answers."""
    pulse = session.get(PulseRound, round_id)
    if pulse is None or pulse.status is not RoundStatus.OPEN or pulse.closes_at <= now:
        raise AnswerError(
            "This survey round has closed, so answers can no longer change. "
            "Thank you all the same; the next round will come to you."
        )
    return pulse


def saved_answers(*, session: Session, round_id: int, person: Person) -> SavedAnswers:
    """A person's current answers to a round."""
    response = _response(session, round_id, person)
    if response is None:
        return SavedAnswers()
    departments: dict[int, dict[Dimension, int]] = {}
    for answer in response.department_answers:
        departments.setdefault(answer.department_id, {})[answer.dimension] = answer.score
    return SavedAnswers(
        scores={a.dimension: a.score for a in response.answers},
        comment=response.comment,
        departments=departments,
    )


def save_overall(
    *,
    session: Session,
    round_id: int,
    person: Person,
    now: datetime,
    scores: Mapping[Dimension, int],
    comment: str | None,
) -> None:
    """Store the eight scores for the relationship as a whole, replacing earlier ones."""
    answerable_round(session=session, round_id=round_id, now=now)
    _check_scores(scores)
    text = (comment or "").strip() or None
    if text is not None and len(text) > MAX_COMMENT:
        raise AnswerError(f"Please keep the comment under {MAX_COMMENT} characters.")
    response = _response(session, round_id, person)
    if response is None:
        try:
            with session.begin_nested():
                response = PulseResponse(
                    round_id=round_id,
                    person_id=person.id,
                    submitted_at=now,
                    answer_count=0,
                    answer_total=0,
                )
                _snapshot(response, person)
                session.add(response)
                session.flush()
        except IntegrityError:  # a second submission got there first: update that one
            response = _response(session, round_id, person)
            assert response is not None
        _count_as_invited(session, round_id, person)
    _snapshot(response, person)
    response.comment = text
    response.updated_at = now
    existing = {a.dimension: a for a in response.answers}
    for dimension, score in scores.items():
        if dimension in existing:
            existing[dimension].score = score
        else:
            response.answers.append(PulseAnswer(dimension=dimension, score=score))
    response.answer_count, response.answer_total = answer_tally(a.score for a in response.answers)
    session.flush()


def save_departments(
    *,
    session: Session,
    round_id: int,
    person: Person,
    now: datetime,
    ratings: Mapping[int, Mapping[Dimension, int]],
) -> None:
    """Store a provider's ratings of the departments they dealt with, replacing earlier ones."""
    answerable_round(session=session, round_id=round_id, now=now)
    response = _response(session, round_id, person)
    if response is None:
        raise AnswerError("Please answer the questions about the council as a whole first.")
    if len(ratings) > MAX_DEPARTMENTS:
        raise AnswerError(f"Please rate at most {MAX_DEPARTMENTS} departments.")
    known = set(session.scalars(select(Department.id).where(Department.id.in_(list(ratings)))))
    if set(ratings) - known:
        raise AnswerError("One of those departments no longer exists; please choose again.")
    for scores in ratings.values():
        _check_scores(scores)
    response.department_answers.clear()
    session.flush()
    for department_id, scores in ratings.items():
        for dimension, score in scores.items():
            response.department_answers.append(
                PulseDepartmentAnswer(department_id=department_id, dimension=dimension, score=score)
            )
    response.updated_at = now
    session.flush()


def invitation_dm(*, session: Session, round_id: int, person: Person) -> DmRef | None:
    """The invitation DM of this round for this person, if one was delivered."""
    row = session.execute(
        select(PulseInvitation.channel, PulseInvitation.message_ts).where(
            PulseInvitation.round_id == round_id, PulseInvitation.person_id == person.id
        )
    ).first()
    if row is None or row[0] is None or row[1] is None:
        return None
    return DmRef(row[0], row[1])


def _count_as_invited(session: Session, round_id: int, person: Person) -> None:
    """Someone answering a round that opened before they were in the directory (from a
    provider channel's announcement) is one of the people it invited, so the response rate
    never counts an answer without its invitation. No DM goes to them: they have answered."""
    invited = session.scalar(
        select(PulseInvitation.id).where(
            PulseInvitation.round_id == round_id, PulseInvitation.person_id == person.id
        )
    )
    if invited is not None:
        return
    try:
        with session.begin_nested():  # their other submission may be adding it too
            session.add(
                PulseInvitation(
                    round_id=round_id,
                    person_id=person.id,
                    status=DeliveryStatus.FAILED,
                    via_channels=True,
                    error=JOINED_LATER,
                )
            )
            session.flush()
    except IntegrityError:
        pass


def answer_tally(scores: Iterable[int]) -> tuple[int, int]:
    """The count and the sum of a response's 1-4 answers, as its row keeps them: no contact
    (0) is left out of both, as the health index leaves it out."""
    given = [score for score in scores if score > 0]
    return len(given), sum(given)


def _check_scores(scores: Mapping[Dimension, int]) -> None:
    missing = [d for d in Dimension if d not in scores]
    if missing:
        raise AnswerError(f"Please answer every question ({len(missing)} left).")
    if any(score not in VALID_SCORES for score in scores.values()):
        raise AnswerError("Scores run from 1 to 4, or 0 for no contact.")


def _response(session: Session, round_id: int, person: Person) -> PulseResponse | None:
    return session.scalars(
        select(PulseResponse)
        .where(PulseResponse.round_id == round_id, PulseResponse.person_id == person.id)
        .options(
            selectinload(PulseResponse.answers), selectinload(PulseResponse.department_answers)
        )
    ).first()


def _snapshot(response: PulseResponse, person: Person) -> None:
    """Keep the person's segments as they are now, so later edits never move old answers."""
    response.side = person.side
    response.department_id = person.department_id
    response.position = person.position
    response.area = person.area
    response.service_type = person.service_type
    response.org_size = person.org_size
    response.council_share = person.council_share
