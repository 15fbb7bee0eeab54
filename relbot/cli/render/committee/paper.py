"""What the committee report shows, as plain data: no database, no HTML."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from relbot.analysis.pulse import RoundReport
from relbot.analysis.timings import DepartmentTimes
from relbot.domain.musthaves.report import MustHaveReport
from relbot.domain.pulse.report import SegmentRate, TrendPoint
from relbot.domain.voice.summary import ThemeDetail

# A committee sits about once a quarter: a round's paper covers the quarter before it closed.
QUARTER_DAYS = 91


@dataclass(frozen=True)
class ActionRow:
    """One thing the council did in answer to what it heard, and what came of it. Every field
    may be missing: an action is recorded before it has a due date, a result or a follow-up."""

    title: str | None = None
    answers: str | None = None  # what it answers: a dimension, department, category or item
    status: str | None = None
    due: date | None = None
    done_on: date | None = None
    outcome: str | None = None  # what came of it, for a done one: see `outcome_sentence`
    verdict: str | None = None  # the outcome in a few words: "no different from the drift"
    overdue: bool = False  # still open past its due date


@dataclass(frozen=True)
class CommitteePaper:
    """Everything one committee report shows, already cleared for showing."""

    council: str
    produced: date
    round_id: int
    round_opened: datetime
    round_closed: datetime | None
    period_start: datetime
    period_end: datetime
    report: RoundReport
    trend: Sequence[TrendPoint]
    response_times: Sequence[DepartmentTimes]
    targets: Mapping[str, float]  # each department's first-response target in working days
    day_minutes: int  # working minutes in a working day, to show times in days
    must_haves: MustHaveReport | None  # the latest collection closed by the period's end
    themes: Sequence[ThemeDetail]
    since: date | None = None  # the period began on this date, as the operator asked
    actions: Sequence[ActionRow] = field(default_factory=tuple)
    previous: RoundReport | None = None  # the closed round before, for each movement
    previous_round: int | None = None
    rates: Sequence[SegmentRate] = field(default_factory=tuple)

    def overdue_actions(self) -> list[ActionRow]:
        return [a for a in self.actions if a.overdue]

    def done_in_period(self) -> list[ActionRow]:
        """Actions completed in the paper's period: what was done since last time."""
        start, end = self.period_start.date(), self.period_end.date()
        return [a for a in self.actions if a.done_on is not None and start <= a.done_on <= end]
