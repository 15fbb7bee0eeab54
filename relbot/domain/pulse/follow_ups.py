"""Did it make a difference? Done actions asked about in a later round, providers only.

An action done at least the follow-up days before a round opens is attached to that round
(once, ever: the table's unique action id), and providers answer 1 (much worse) to 4 (much
better), or 0 for "not noticed". The answers hang on the pulse response, so they are exactly
as anonymous as the rest of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from relbot.domain.pulse.answers import AnswerError, answerable_round
from relbot.domain.pulse.questions import TITLES
from relbot.models import (
    Action,
    ActionStatus,
    ActionTarget,
    Department,
    MustHaveCategory,
    Person,
    PulseFollowUp,
    PulseFollowUpAnswer,
    PulseResponse,
    TargetKind,
)
from relbot.models.enums import Side
from relbot.models.pulse import Dimension

# At most this many in one round, the oldest done first, so the pulse stays short.
PER_ROUND = 2
NOT_NOTICED = 0
FOLLOW_UP_SCORES = (NOT_NOTICED, 1, 2, 3, 4)
# What a target is called in "has ... got better?", by its kind, when it is not a dimension.
RAISED = "what providers raised"


@dataclass(frozen=True)
class FollowUpQuestion:
    """One done action a round asks providers about."""

    id: int  # the follow-up's own id, which the answers refer to
    action_id: int
    title: str
    subject: str  # "trust", "working with Finance": what should have got better
    dimension: Dimension | None  # the dimension it answered, when it answered one


def attach_follow_ups(
    *, session: Session, round_id: int, opened_at: datetime, after_days: int
) -> list[int]:
    """Attach to a round the actions done at least `after_days` before it opened and never
    asked about; return their ids (at most `PER_ROUND`, the oldest done first)."""
    asked = select(PulseFollowUp.action_id)
    due = list(
        session.scalars(
            select(Action.id)
            .where(
                Action.status == ActionStatus.DONE,
                Action.closed_at.is_not(None),
                Action.closed_at <= opened_at - timedelta(days=after_days),
                Action.id.not_in(asked),
            )
            .order_by(Action.closed_at, Action.id)
            .limit(PER_ROUND)
        )
    )
    session.add_all(
        PulseFollowUp(round_id=round_id, action_id=a, created_at=opened_at) for a in due
    )
    session.flush()
    return due


def round_follow_ups(*, session: Session, round_id: int) -> list[FollowUpQuestion]:
    """The follow-up questions of a round, in the order they are asked."""
    rows = session.execute(
        select(PulseFollowUp.id, Action)
        .join(Action, Action.id == PulseFollowUp.action_id)
        .where(PulseFollowUp.round_id == round_id)
        .order_by(PulseFollowUp.id)
        .options(selectinload(Action.targets))
    ).all()
    return [
        FollowUpQuestion(follow_up_id, action.id, action.title, *subject(session, action.targets))
        for follow_up_id, action in rows
    ]


def subject(session: Session, targets: list[ActionTarget]) -> tuple[str, Dimension | None]:
    """What should have got better, in plain words, and the dimension when there is one: a
    dimension first, then a department, a Must Have category, a provider-voice item."""
    by_kind = {t.kind: t.value for t in reversed(targets)}  # the first of each kind
    if TargetKind.DIMENSION in by_kind:
        dimension = Dimension(by_kind[TargetKind.DIMENSION])
        return TITLES[dimension].lower(), dimension
    if TargetKind.DEPARTMENT in by_kind:
        name = session.scalar(
            select(Department.name).where(Department.id == int(by_kind[TargetKind.DEPARTMENT]))
        )
        return f"working with {name or 'that department'}", None
    if TargetKind.CATEGORY in by_kind:
        label = session.scalar(
            select(MustHaveCategory.label).where(
                MustHaveCategory.id == int(by_kind[TargetKind.CATEGORY])
            )
        )
        return (label or "that area").lower(), None
    return RAISED, None


def saved_follow_ups(*, session: Session, round_id: int, person: Person) -> dict[int, int]:
    """A person's answers to a round's follow-ups so far, by follow-up id."""
    rows = session.execute(
        select(PulseFollowUpAnswer.follow_up_id, PulseFollowUpAnswer.score)
        .join(PulseResponse, PulseResponse.id == PulseFollowUpAnswer.response_id)
        .where(PulseResponse.round_id == round_id, PulseResponse.person_id == person.id)
    )
    return {follow_up_id: score for follow_up_id, score in rows}


def save_follow_ups(
    *,
    session: Session,
    round_id: int,
    person: Person,
    now: datetime,
    scores: Mapping[int, int],
) -> None:
    """Store a provider's answers to every follow-up of the round, replacing earlier ones.
    Their scores for the relationship come first: the answers belong to that response."""
    answerable_round(session=session, round_id=round_id, now=now)
    if person.side is not Side.PROVIDER:
        raise AnswerError("Only providers are asked whether the council's actions helped.")
    asked = set(session.scalars(select(PulseFollowUp.id).where(PulseFollowUp.round_id == round_id)))
    if set(scores) != asked:
        raise AnswerError(f"Please answer every question ({len(asked - set(scores))} left).")
    if any(score not in FOLLOW_UP_SCORES for score in scores.values()):
        raise AnswerError("Answers run from 1 to 4, or not noticed.")
    response = session.scalars(
        select(PulseResponse).where(
            PulseResponse.round_id == round_id, PulseResponse.person_id == person.id
        )
    ).first()
    if response is None:
        raise AnswerError("Please answer the questions about the council as a whole first.")
    existing = {
        a.follow_up_id: a
        for a in session.scalars(
            select(PulseFollowUpAnswer).where(PulseFollowUpAnswer.response_id == response.id)
        )
    }
    for follow_up_id, score in scores.items():
        if follow_up_id not in existing:
            try:  # a second submission of the same form may be adding it at this moment
                with session.begin_nested():
                    answer = PulseFollowUpAnswer(
                        response_id=response.id, follow_up_id=follow_up_id, score=score
                    )
                    session.add(answer)
                    session.flush()
                continue
            except IntegrityError:
                existing[follow_up_id] = session.scalars(
                    select(PulseFollowUpAnswer).where(
                        PulseFollowUpAnswer.response_id == response.id,
                        PulseFollowUpAnswer.follow_up_id == follow_up_id,
                    )
                ).one()
        existing[follow_up_id].score = score
    response.updated_at = now
    session.flush()
