"""Did the council's done actions make a difference? What providers answered when asked,
and how the dimension each answered moved. Plain data for every report that shows it.

Figures come only from closed rounds (the `SHOWN_ROUNDS` rule) and follow the anonymity
rule: nothing over fewer than the minimum group size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from relbot.analysis.cells import Cell, difference
from relbot.analysis.pulse import RoundReport
from relbot.domain.pulse.follow_ups import NOT_NOTICED, subject
from relbot.domain.pulse.report import SHOWN_ROUNDS, round_report
from relbot.models import Action, ActionStatus, PulseFollowUp, PulseFollowUpAnswer, PulseRound
from relbot.models.enums import Side
from relbot.models.pulse import Dimension, RoundStatus


@dataclass(frozen=True)
class FollowUpResult:
    """Providers' answer to "has it got better?" in the round that asked it.

    `answered` counts every answer, "not noticed" included; when it is below the minimum
    group size the whole result is suppressed. `mean` (1 much worse to 4 much better) is
    over the 1-4 answers and shown only when they too are at least the minimum group size.
    Everything is None while the round is open: figures are shown once it closes."""

    round_id: int
    closed: bool
    min_group: int
    answered: int | None
    mean: float | None
    not_noticed: float | None  # share of the answers, 0-1

    @property
    def suppressed(self) -> bool:
        return self.closed and self.answered is None


@dataclass(frozen=True)
class Shift:
    """One dimension's cell in the round before the action started and in the latest."""

    before: Cell
    after: Cell

    @property
    def change(self) -> float | None:
        """after - before, when both may be shown."""
        return difference(self.after, self.before)


@dataclass(frozen=True)
class DimensionChange:
    """How the dimension an action answered moved, from the last closed round before the
    action started to the latest closed round. The shifts are None when there is no such
    pair of rounds (none closed before it started, or none since)."""

    dimension: Dimension
    before_round: int | None
    latest_round: int | None
    everyone: Shift | None
    providers: Shift | None


@dataclass(frozen=True)
class ActionOutcome:
    """A done action beside what came of it."""

    action_id: int
    title: str
    closed_at: datetime | None
    subject: str  # what should have got better, in plain words
    follow_up: FollowUpResult | None  # None: not asked about yet
    change: DimensionChange | None  # None: it answered no dimension


def action_outcomes(
    *, session: Session, min_group: int, upto: int | None = None
) -> list[ActionOutcome]:
    """Every done action, the oldest done first, with its follow-up result and the change in
    its dimension; `upto` limits the rounds read to that round and those before it."""
    actions = session.scalars(
        select(Action)
        .where(Action.status == ActionStatus.DONE)
        .order_by(Action.closed_at, Action.id)
        .options(selectinload(Action.targets))
    ).all()
    latest = _latest_round(session, upto)
    reports: dict[int, RoundReport] = {}

    def report(round_id: int) -> RoundReport:
        if round_id not in reports:
            reports[round_id] = round_report(
                session=session, round_id=round_id, min_group=min_group
            )
        return reports[round_id]

    outcomes = []
    for action in actions:
        words, dimension = subject(session, list(action.targets))
        change = None
        if dimension is not None:
            start = action.started_at or action.created_at
            before = _round_before(session, start, upto)
            change = _change(dimension, before, latest, report)
        outcomes.append(
            ActionOutcome(
                action.id,
                action.title,
                action.closed_at,
                words,
                _follow_up(session, action.id, min_group, upto),
                change,
            )
        )
    return outcomes


def _latest_round(session: Session, upto: int | None) -> int | None:
    query = select(func.max(PulseRound.id)).where(SHOWN_ROUNDS)
    if upto is not None:
        query = query.where(PulseRound.id <= upto)
    return session.scalar(query)


def _round_before(session: Session, start: datetime, upto: int | None) -> int | None:
    """The last round that had closed when the action started."""
    query = select(func.max(PulseRound.id)).where(SHOWN_ROUNDS, PulseRound.closed_at <= start)
    if upto is not None:
        query = query.where(PulseRound.id <= upto)
    return session.scalar(query)


def _change(
    dimension: Dimension,
    before: int | None,
    latest: int | None,
    report: Callable[[int], RoundReport],
) -> DimensionChange:
    if before is None or latest is None or latest <= before:
        return DimensionChange(dimension, before, latest, None, None)
    old, new = report(before), report(latest)
    return DimensionChange(
        dimension,
        before,
        latest,
        Shift(old.overall.dimensions[dimension], new.overall.dimensions[dimension]),
        Shift(
            old.by_side[Side.PROVIDER].dimensions[dimension],
            new.by_side[Side.PROVIDER].dimensions[dimension],
        ),
    )


def _follow_up(
    session: Session, action_id: int, min_group: int, upto: int | None
) -> FollowUpResult | None:
    asked = session.execute(
        select(PulseFollowUp.id, PulseRound.id, PulseRound.status)
        .join(PulseRound, PulseRound.id == PulseFollowUp.round_id)
        .where(PulseFollowUp.action_id == action_id)
    ).first()
    if asked is None or (upto is not None and asked[1] > upto):
        return None
    follow_up_id, round_id, status = asked
    if status is not RoundStatus.CLOSED:
        return FollowUpResult(round_id, False, min_group, None, None, None)
    scored = PulseFollowUpAnswer.score > NOT_NOTICED
    answered, noticed, total = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((scored, 1), else_=0)), 0),
            func.coalesce(func.sum(case((scored, PulseFollowUpAnswer.score), else_=0)), 0),
        ).where(PulseFollowUpAnswer.follow_up_id == follow_up_id)
    ).one()
    if answered < min_group:
        return FollowUpResult(round_id, True, min_group, None, None, None)
    mean = total / noticed if noticed >= min_group else None
    return FollowUpResult(
        round_id, True, min_group, int(answered), mean, (answered - noticed) / answered
    )
