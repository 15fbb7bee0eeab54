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

from relbot.analysis.cells import Cell, cell, difference
from relbot.analysis.change import Change, beyond_drift
from relbot.analysis.pulse import Respondent, RoundReport, tally_departments, tally_pooled
from relbot.domain.pulse.follow_ups import NOT_NOTICED, subject
from relbot.domain.pulse.report import SHOWN_ROUNDS, respondents, round_report
from relbot.models import (
    Action,
    ActionStatus,
    ActionTarget,
    Department,
    PulseFollowUp,
    PulseFollowUpAnswer,
    PulseRound,
    TargetKind,
)
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
class Against:
    """What no action answered, over the same rounds: the general drift an action's own
    change is read against. `beyond` is the action's change minus this one, with its noise."""

    label: str  # "the 6 dimensions no action answered"
    shift: Shift
    beyond: Change | None


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
    against: Against | None = None  # None: every dimension was answered by some action


@dataclass(frozen=True)
class DepartmentChange:
    """How providers' rating of the department an action answered moved, over the same
    rounds as a dimension's, beside the departments no action answered."""

    department: str
    before_round: int | None
    latest_round: int | None
    own: Shift | None
    against: Against | None = None


@dataclass(frozen=True)
class ActionOutcome:
    """A done action beside what came of it."""

    action_id: int
    title: str
    closed_at: datetime | None
    subject: str  # what should have got better, in plain words
    follow_up: FollowUpResult | None  # None: not asked about yet
    change: DimensionChange | None  # None: it answered no dimension
    department: DepartmentChange | None = None  # it answered a department, and no dimension


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
    answers: dict[int, list[Respondent]] = {}
    names = dict(session.execute(select(Department.id, Department.name)).all())
    touched = _touched(session, names)

    def report(round_id: int) -> RoundReport:
        if round_id not in reports:
            reports[round_id] = round_report(
                session=session, round_id=round_id, min_group=min_group
            )
        return reports[round_id]

    def people(round_id: int) -> list[Respondent]:
        if round_id not in answers:
            answers[round_id] = respondents(session=session, round_id=round_id)
        return answers[round_id]

    rounds = _Rounds(report, people, min_group, touched)
    outcomes = []
    for action in actions:
        words, dimension = subject(session, list(action.targets))
        start = action.started_at or action.created_at
        before = _round_before(session, start, upto)
        change = department = None
        if dimension is not None:
            change = rounds.dimension(dimension, before, latest)
        elif (name := _department(action.targets, names)) is not None:
            department = rounds.department(name, before, latest)
        outcomes.append(
            ActionOutcome(
                action.id,
                action.title,
                action.closed_at,
                words,
                _follow_up(session, action.id, min_group, upto),
                change,
                department,
            )
        )
    return outcomes


@dataclass(frozen=True)
class _Touched:
    """What any action still on the list answers: the rest is the general drift."""

    dimensions: frozenset[Dimension]
    departments: frozenset[str]


def _touched(session: Session, names: dict[int, str]) -> _Touched:
    rows = session.execute(
        select(ActionTarget.kind, ActionTarget.value)
        .join(Action, Action.id == ActionTarget.action_id)
        .where(Action.status != ActionStatus.DROPPED)
    ).all()
    return _Touched(
        frozenset(Dimension(v) for k, v in rows if k is TargetKind.DIMENSION),
        frozenset(
            names.get(int(v), "") for k, v in rows if k is TargetKind.DEPARTMENT and v.isdigit()
        ),
    )


def _department(targets: list[ActionTarget], names: dict[int, str]) -> str | None:
    for target in targets:
        if target.kind is TargetKind.DEPARTMENT and target.value.isdigit():
            return names.get(int(target.value))
    return None


@dataclass(frozen=True)
class _Rounds:
    report: Callable[[int], RoundReport]
    people: Callable[[int], list[Respondent]]
    min_group: int
    touched: _Touched

    def dimension(
        self, dimension: Dimension, before: int | None, latest: int | None
    ) -> DimensionChange:
        if before is None or latest is None or latest <= before:
            return DimensionChange(dimension, before, latest, None, None)
        old, new = self.report(before), self.report(latest)
        everyone = Shift(old.overall.dimensions[dimension], new.overall.dimensions[dimension])
        rest = tuple(d for d in Dimension if d not in self.touched.dimensions | {dimension})
        against = None
        if rest:
            shift = Shift(*(self._pooled(r, rest) for r in (before, latest)))
            label = f"the {len(rest)} dimensions no action answered"
            if len(rest) == 1:
                label = "the one dimension no action answered"
            against = Against(label, shift, self._beyond(everyone, shift))
        return DimensionChange(
            dimension,
            before,
            latest,
            everyone,
            Shift(
                old.by_side[Side.PROVIDER].dimensions[dimension],
                new.by_side[Side.PROVIDER].dimensions[dimension],
            ),
            against,
        )

    def department(self, name: str, before: int | None, latest: int | None) -> DepartmentChange:
        if before is None or latest is None or latest <= before:
            return DepartmentChange(name, before, latest, None)
        cells = []
        for round_id in (before, latest):
            figures = self.report(round_id).departments.get(name)
            cells.append(
                figures.measure.index if figures is not None else Cell(0, None, False, False)
            )
        own = Shift(*cells)
        excluded = self.touched.departments | {name}
        rest = Shift(
            *(
                cell(tally_departments(self.people(r), excluded), self.min_group)
                for r in (before, latest)
            )
        )
        against = Against("the departments no action answered", rest, self._beyond(own, rest))
        return DepartmentChange(name, before, latest, own, against)

    def _pooled(self, round_id: int, dimensions: tuple[Dimension, ...]) -> Cell:
        return cell(tally_pooled(self.people(round_id), dimensions), self.min_group)

    @staticmethod
    def _beyond(own: Shift, rest: Shift) -> Change | None:
        return beyond_drift(own.before, own.after, rest.before, rest.after)


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
