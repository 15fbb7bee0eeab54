"""The committee report's first page: the few findings a board reads before anything else."""

from __future__ import annotations

from dataclasses import dataclass

from relbot.analysis.cells import Cell
from relbot.analysis.pulse import RoundReport
from relbot.analysis.timings import DepartmentTimes
from relbot.cli.render.committee.paper import CommitteePaper
from relbot.cli.render.pulse import show
from relbot.domain.pulse.questions import TITLES
from relbot.domain.pulse.report import TrendPoint
from relbot.models.enums import Side
from relbot.models.pulse import Dimension

LISTED = 3
# A change in the index smaller than this is read as no change at all.
STEADY = 0.05


@dataclass(frozen=True)
class Ranked:
    title: str
    value: str


@dataclass(frozen=True)
class Slow:
    department: str
    median_days: str
    target_days: str
    overdue: int


@dataclass(frozen=True)
class Summary:
    index: str
    change: str
    direction: str
    response_rate: str
    responses: str
    strongest: list[Ranked]
    weakest: list[Ranked]
    slowest: list[Slow]
    reliability: str


def days(minutes: float | None, day_minutes: int) -> str:
    """Working minutes as working days, one decimal; a dash when there is none."""
    return "—" if minutes is None else f"{minutes / day_minutes:.1f}"


def direction(trend: list[TrendPoint]) -> str:
    """The index's course over the rounds shown, in words."""
    values = [p.overall.value for p in trend if p.overall.value is not None]
    if len(values) < 2:
        return "too few rounds to show a trend yet"
    moved = values[-1] - values[0]
    span = f"over the last {len(values)} rounds ({values[0]:.2f} to {values[-1]:.2f})"
    if abs(moved) < STEADY:
        return f"steady {span}"
    return f"{'rising' if moved > 0 else 'falling'} {span}"


def ranked(report: RoundReport) -> tuple[list[Ranked], list[Ranked]]:
    """The three strongest and three weakest dimensions of the whole round, of those shown."""
    shown = [(c.value, d) for d, c in report.overall.dimensions.items() if c.value is not None]
    ordered = sorted(shown, key=lambda pair: (-pair[0], list(Dimension).index(pair[1])))
    as_rows = [Ranked(TITLES[d], f"{value:.2f}") for value, d in ordered]
    count = min(LISTED, len(as_rows) // 2)
    return as_rows[:count], as_rows[::-1][:count]


def slowest(paper: CommitteePaper) -> list[Slow]:
    """The departments slowest to give a first response (median, working days)."""
    timed = [r for r in paper.response_times if r.first_response_working.median is not None]
    timed.sort(key=lambda r: -(r.first_response_working.median or 0))
    return [
        Slow(
            r.department,
            days(r.first_response_working.median, paper.day_minutes),
            f"{paper.targets.get(r.department, 0):g}",
            r.overdue,
        )
        for r in timed[:LISTED]
    ]


def every_cell(report: RoundReport) -> list[Cell]:
    """Every figure of the round that the report prints."""
    measures = [report.overall, *report.by_side.values()]
    measures += [m for groups in report.segments.values() for m in groups.values()]
    measures += [f.measure for f in report.departments.values()]
    return [c for m in measures for c in (m.index, *m.dimensions.values())]


def reliability(report: RoundReport) -> str:
    """One sentence on how far the figures can be relied on."""
    cells = every_cell(report)
    hidden = sum(1 for c in cells if c.suppressed)
    small = sum(1 for c in cells if c.shown and not c.reliable)
    if not hidden and not small:
        return f"Every figure shown rests on at least {2 * report.min_group} people."
    return (
        f"Some groups are small: {hidden} figures are hidden because fewer than "
        f"{report.min_group} people gave them, and {small} marked * rest on fewer than "
        f"{2 * report.min_group}, so read the breakdowns with care."
    )


def summarise(paper: CommitteePaper) -> Summary:
    """The summary page's figures."""
    report = paper.report
    rate = report.response_rate()
    strongest, weakest = ranked(report)
    change = f"{report.change:+.2f}" if report.change is not None else "no earlier round"
    by_side = ", ".join(
        f"{report.responded.get(s, 0)} of {report.invited.get(s, 0)} {s.value}s" for s in Side
    )
    return Summary(
        index=show(report.overall.index),
        change=change,
        direction=direction(list(paper.trend)),
        response_rate="—" if rate is None else f"{rate:.0%}",
        responses=by_side,
        strongest=strongest,
        weakest=weakest,
        slowest=slowest(paper),
        reliability=reliability(report),
    )


def within_target(row: DepartmentTimes, target_days: float, day_minutes: int) -> str:
    """Whether the median first response met the department's target."""
    median = row.first_response_working.median
    if median is None:
        return "—"
    return "yes" if median <= target_days * day_minutes else "no"
