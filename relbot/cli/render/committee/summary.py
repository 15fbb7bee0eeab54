"""The committee report's first page: key messages in plain English, each one a claim with
its evidence, made by the one rule for change (`relbot.analysis.change`)."""

from __future__ import annotations

from dataclasses import dataclass

from relbot.analysis.cells import Cell
from relbot.analysis.change import Change, change_between, interval
from relbot.analysis.pulse import RoundReport
from relbot.analysis.timings import DepartmentTimes
from relbot.cli.render.committee.paper import CommitteePaper
from relbot.domain.pulse.questions import TITLES
from relbot.domain.pulse.report import TrendPoint
from relbot.models.enums import Side
from relbot.models.pulse import Dimension

LISTED = 3
# The share of a department's queries that should get a first response within its target.
NINE_IN_TEN = 0.9


@dataclass(frozen=True)
class Mover:
    """A figure that moved beyond its noise since the round before."""

    name: str  # "Trust", "Providers' rating of Finance"
    before: float
    after: float
    change: Change

    def sentence(self) -> str:
        return f"{self.name} {self.change.words()}, from {self.before:.2f} to {self.after:.2f}."


def days(minutes: float | None, day_minutes: int) -> str:
    """Working minutes as working days, one decimal; a dash when there is none."""
    return "—" if minutes is None else f"{minutes / day_minutes:.1f}"


def share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _moved(name: str, before: Cell | None, after: Cell) -> Mover | None:
    if before is None:
        return None
    change = change_between(before, after)
    if change is None or before.value is None or after.value is None:
        return None
    return Mover(name, before.value, after.value, change)


def movements(paper: CommitteePaper) -> list[Mover]:
    """Every shown dimension (everyone), each side's index and each department (as providers
    rated it) with its change since the round before, largest first."""
    previous, report = paper.previous, paper.report
    if previous is None:
        return []
    found = [
        _moved(TITLES[d], previous.overall.dimensions[d], report.overall.dimensions[d])
        for d in Dimension
    ]
    found += [
        _moved(f"{side.value.capitalize()}s' health index", previous.by_side[side].index, m.index)
        for side, m in report.by_side.items()
    ]
    found += [
        _moved(
            f"Providers' rating of {name}",
            earlier.measure.index if (earlier := previous.departments.get(name)) else None,
            figures.measure.index,
        )
        for name, figures in report.departments.items()
    ]
    movers = [m for m in found if m is not None]
    return sorted(movers, key=lambda m: -abs(m.change.value))


def department_movement(paper: CommitteePaper) -> dict[str, Change | None]:
    """Each department's change since the round before, when both rounds show it."""
    previous = paper.previous
    result: dict[str, Change | None] = {}
    for name, figures in paper.report.departments.items():
        earlier = previous.departments.get(name) if previous is not None else None
        result[name] = (
            change_between(earlier.measure.index, figures.measure.index) if earlier else None
        )
    return result


def index_message(report: RoundReport, previous_round: int | None) -> str:
    index = report.overall.index
    if index.value is None:
        return "Too few people answered for the health index to be shown."
    said = f"The health index is {index.value:.2f} out of 4"
    bounds = interval(index)
    if bounds is not None:
        said += f" (95% interval {bounds[0]:.2f} to {bounds[1]:.2f})"
    if index.favourable is not None:
        said += f"; {index.favourable:.0%} of answers were favourable (3 or 4)"
    if report.change is not None and previous_round is not None:
        said += f". Since round {previous_round} it is {report.change.words()}"
        if report.change.real:
            said = said.replace(" it is ", " it ")
    return said + "."


def response_message(paper: CommitteePaper) -> str | None:
    """Response times as the share answered within target, with the departments furthest
    from it and how many are open and overdue now."""
    rows = [r for r in paper.response_times if r.decided]
    if not rows:
        return None
    within = sum(r.within_target for r in rows)
    decided = sum(r.decided for r in rows)
    short = [r for r in rows if (r.share_within or 0) < NINE_IN_TEN]
    said = (
        f"{within / decided:.0%} of provider queries had a first response within their "
        f"department's target ({within} of {decided})."
    )
    if short:
        short.sort(key=lambda r: (r.share_within or 0, r.department.lower()))
        named = ", ".join(f"{r.department} {share(r.share_within)}" for r in short[:LISTED])
        said += (
            f" {len(short)} of {len(rows)} departments answered fewer than nine in ten within "
            f"target; the lowest: {named}."
        )
    else:
        said += " Every department answered at least nine in ten within target."
    overdue = sum(r.overdue_now for r in paper.response_times)
    said += f" {_count(overdue, 'query', 'queries')} open and overdue now."
    return said


def _count(n: int, noun: str, nouns: str) -> str:
    """ "No query is", "1 query is", "3 queries are"."""
    if n == 0:
        return f"No {noun} is"
    return f"1 {noun} is" if n == 1 else f"{n} {nouns} are"


def rate_message(report: RoundReport) -> str | None:
    rate = report.response_rate()
    if rate is None:
        return None
    sides = "; ".join(
        f"{report.responded.get(s, 0)} of {report.invited.get(s, 0)} {s.value}s"
        for s in (Side.PROVIDER, Side.OFFICER)
        if report.invited.get(s)
    )
    return f"{rate:.0%} of those invited answered the pulse ({sides})."


def key_messages(paper: CommitteePaper) -> list[str]:
    """Page 1's messages, from the rules alone: the index, the biggest real movers, response
    times as the share within target, overdue actions, and what was done and came of it."""
    report = paper.report
    messages = [index_message(report, paper.previous_round)]
    movers = movements(paper)
    real = [m for m in movers if m.change.real]
    if paper.previous is None:
        messages.append("This is the first closed round: there is nothing to compare it with.")
    elif real:
        messages += [m.sentence() for m in real[:LISTED]]
        if len(real) > LISTED:
            messages.append(
                f"{len(real) - LISTED} more moved beyond their noise (see sections 2 and 3)."
            )
    else:
        messages.append(
            f"No area moved beyond its noise since round {paper.previous_round}: every "
            "change was about the same."
        )
    if (times := response_message(paper)) is not None:
        messages.append(times)
    overdue = paper.overdue_actions()
    if overdue:
        named = "; ".join(
            f"{a.title} (due {a.due:%-d %B})" if a.due else (a.title or "untitled") for a in overdue
        )
        messages.append(f"{_count(len(overdue), 'action', 'actions')} overdue: {named}.")
    done = paper.done_in_period()
    if done:
        said = "; ".join(f"{a.title} ({a.verdict or 'not measured'})" for a in done)
        messages.append(
            f"{len(done)} {'action was' if len(done) == 1 else 'actions were'} done since last time, "
            f"each beside the general drift: {said}. What came of each is set out below."
        )
    if (rate := rate_message(report)) is not None:
        messages.append(rate)
    return messages


def direction(trend: list[TrendPoint]) -> str:
    """The index's course over the rounds shown, in words, by the rule for change."""
    shown = [p for p in trend if p.overall.value is not None]
    if len(shown) < 2:
        return "too few rounds to show a trend yet"
    first, last = shown[0].overall, shown[-1].overall
    span = f"over the last {len(shown)} rounds ({first.value:.2f} to {last.value:.2f})"
    change = change_between(first, last)
    if change is None or not change.real:
        return f"about the same {span}"
    return f"{'rising' if change.value > 0 else 'falling'} {span}"


def ranked(
    report: RoundReport,
) -> tuple[list[tuple[Dimension, Cell]], list[tuple[Dimension, Cell]]]:
    """The three strongest and three weakest dimensions of the whole round, of those shown."""
    shown = [(d, c) for d, c in report.overall.dimensions.items() if c.value is not None]
    ordered = sorted(
        shown, key=lambda pair: (-(pair[1].value or 0), list(Dimension).index(pair[0]))
    )
    count = min(LISTED, len(ordered) // 2)
    return ordered[:count], ordered[::-1][:count]


def furthest_from_target(rows: list[DepartmentTimes]) -> list[DepartmentTimes]:
    """The departments with the smallest share answered within target."""
    decided = [r for r in rows if r.decided]
    decided.sort(key=lambda r: (r.share_within or 0, -r.overdue_now, r.department.lower()))
    return decided[:LISTED]


def reliability(report: RoundReport) -> str:
    """One sentence on how far the figures can be relied on."""
    measures = [report.overall, *report.by_side.values()]
    measures += [m for groups in report.segments.values() for m in groups.values()]
    measures += [f.measure for f in report.departments.values()]
    cells = [c for m in measures for c in (m.index, *m.dimensions.values())]
    hidden = sum(1 for c in cells if c.suppressed)
    small = sum(1 for c in cells if c.shown and not c.reliable)
    if not hidden and not small:
        return f"Every figure shown rests on at least {2 * report.min_group} people."
    return (
        f"Some groups are small: {hidden} figures are hidden because fewer than "
        f"{report.min_group} people gave them, and {small} marked * rest on fewer than "
        f"{2 * report.min_group}, so read the breakdowns with care."
    )
