"""`relbot report` and `relbot export`: the pulse analysis as terminal tables and as CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table

from relbot.analysis.cells import Cell
from relbot.analysis.pulse import RoundReport
from relbot.analysis.timings import DepartmentTimes
from relbot.domain.pulse.questions import questions
from relbot.domain.pulse.report import TrendPoint
from relbot.models.enums import Side, label
from relbot.models.pulse import Dimension

TITLES = {q.dimension: q.title for q in questions()}
SHORT = {
    Dimension.TRUST: "Trust",
    Dimension.INFORMATION_SHARING: "Info",
    Dimension.INCLUSION: "Incl",
    Dimension.STRATEGIC_CLARITY: "Strat",
    Dimension.RESPONSIVENESS: "Resp",
    Dimension.MANAGING_CONFLICTS: "Confl",
    Dimension.ROLES: "Roles",
    Dimension.INTEGRATED_WORKING: "Integ",
}
SUPPRESSED = "(s)"


def show(cell: Cell) -> str:
    """A cell as text: the figure (with * when from a small sample), or why it is hidden."""
    if cell.suppressed:
        return SUPPRESSED
    if cell.value is None:
        return "—"
    return f"{cell.value:.2f}" + ("" if cell.reliable else "*")


def wide_console() -> Console:
    """A console at least as wide as the report's tables."""
    return Console(width=max(Console().width, 132))


def print_report(out: Console, round_id: int, report: RoundReport, trend: list[TrendPoint]) -> None:
    """The round report as tables."""
    rate = report.response_rate()
    out.rule(f"[bold]Pulse round {round_id}")
    out.print(
        f"Health index {show(report.overall.index)}"
        + (f" (change {report.change:+.2f})" if report.change is not None else "")
        + f" · responses {sum(report.responded.values())} of "
        f"{sum(report.invited.values())}" + (f" ({rate:.0%})" if rate is not None else "")
    )
    out.print(
        f"(s) = suppressed: fewer than {report.min_group} respondents, or hidden so that such "
        f"a group cannot be worked out from a total. * = fewer than {2 * report.min_group} "
        "respondents: read with care."
    )
    table = Table(title="Dimensions: providers and officers side by side")
    for column in ("Dimension", "Providers", "Officers", "Gap", "All"):
        table.add_column(column, justify="left" if column == "Dimension" else "right")
    for d in Dimension:
        gap = report.gaps[d]
        table.add_row(
            TITLES[d],
            show(report.by_side[Side.PROVIDER].dimensions[d]),
            show(report.by_side[Side.OFFICER].dimensions[d]),
            f"{gap:+.2f}" if gap is not None else "—",
            show(report.overall.dimensions[d]),
        )
    out.print(table)
    for (side, segment), groups in report.segments.items():
        seg = Table(title=f"{label(side)}s by {label(segment).lower()}")
        seg.add_column(label(segment), no_wrap=True, max_width=22)
        seg.add_column("Index", justify="right")
        for d in Dimension:
            seg.add_column(SHORT[d], justify="right")
        for group, measure in groups.items():
            seg.add_row(
                label(group), show(measure.index), *(show(measure.dimensions[d]) for d in Dimension)
            )
        out.print(seg)
    if report.departments:
        deps = Table(title="Departments, as providers rated them")
        for column in ("Department", "Raters", "Index", "No-contact answers"):
            deps.add_column(column)
        for name, figures in report.departments.items():
            counts = [c for c in figures.no_contact.values() if c is not None]
            deps.add_row(
                name,
                str(figures.raters)
                if figures.raters >= report.min_group
                else f"< {report.min_group}",
                show(figures.measure.index),
                str(sum(counts)) if counts else SUPPRESSED,
            )
        out.print(deps)
    if trend:
        history = Table(title="Trend")
        for column in ("Round", "Opened", "Responses", "Index", "Providers", "Officers"):
            history.add_column(column)
        for point in trend:
            history.add_row(
                str(point.round_id),
                f"{point.opened_at:%Y-%m-%d}",
                f"{point.responded}/{point.invited}",
                show(point.overall),
                show(point.by_side[Side.PROVIDER]),
                show(point.by_side[Side.OFFICER]),
            )
        out.print(history)


EXPORT_COLUMNS = (
    "round",
    "breakdown",
    "side",
    "group",
    "measure",
    "respondents",
    "value",
    "suppressed",
    "reliable",
)


def export_rows(round_id: int, report: RoundReport) -> Iterator[dict[str, object]]:
    """Every figure of a round as long-format rows. Suppressed cells carry no value or count."""

    def row(breakdown: str, side: str, group: str, measure: str, cell: Cell) -> dict[str, object]:
        return {
            "round": round_id,
            "breakdown": breakdown,
            "side": side,
            "group": group,
            "measure": measure,
            "respondents": cell.n if cell.shown else "",
            "value": f"{cell.value:.4f}" if cell.value is not None else "",
            "suppressed": str(cell.suppressed).lower(),
            "reliable": str(cell.reliable).lower(),
        }

    yield row("overall", "all", "all", "index", report.overall.index)
    for side, measure in report.by_side.items():
        yield row("side", side.value, side.value, "index", measure.index)
        for d, cell in measure.dimensions.items():
            yield row("side", side.value, side.value, d.value, cell)
    for (side, segment), groups in report.segments.items():
        for group, measure in groups.items():
            yield row(segment, side.value, group, "index", measure.index)
            for d, cell in measure.dimensions.items():
                yield row(segment, side.value, group, d.value, cell)
    for name, figures in report.departments.items():
        yield row("department", "provider", name, "index", figures.measure.index)
        for d, cell in figures.measure.dimensions.items():
            yield row("department", "provider", name, d.value, cell)
        for d, count in figures.no_contact.items():
            yield {
                "round": round_id,
                "breakdown": "department",
                "side": "provider",
                "group": name,
                "measure": f"no_contact:{d.value}",
                "respondents": figures.raters if count is not None else "",
                "value": count if count is not None else "",
                "suppressed": str(count is None).lower(),
                "reliable": "true",
            }


def write_export(handle: TextIO, rows: Iterable[dict[str, object]]) -> int:
    """Write export rows as CSV with a header; return how many rows."""
    writer = csv.DictWriter(handle, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    count = 0
    for item in rows:
        writer.writerow(item)
        count += 1
    return count


def _duration(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    hours = value / 60 if unit == "min" else value  # working minutes shown as working hours
    return f"{hours:.1f}" if hours < 10 else f"{hours:.0f}"


def print_response_table(
    out: Console, rows: list[DepartmentTimes], start: datetime, end: datetime, zone: ZoneInfo
) -> None:
    """Response times per department for queries logged in the period."""
    if not rows:
        out.print("No queries were logged in this period.")
        return
    table = Table(
        title=f"Query response times, queries logged {start.astimezone(zone):%-d %b} to "
        f"{end.astimezone(zone):%-d %b %Y}. Hours: working hours, except wall = "
        "clock hours"
    )
    table.add_column("Department", no_wrap=True)
    for column in (
        "Queries",
        "1st resp.",
        "wall",
        "p90",
        "Resolved",
        "wall",
        "p90",
        "Overdue",
        "Open",
        "Oldest open",
    ):
        table.add_column(column, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(
            row.department,
            str(row.count),
            _duration(row.first_response_working.median, "min"),
            _duration(row.first_response_hours.median, "h"),
            _duration(row.first_response_working.p90, "min"),
            _duration(row.resolution_working.median, "min"),
            _duration(row.resolution_hours.median, "h"),
            _duration(row.resolution_working.p90, "min"),
            str(row.overdue),
            str(row.open),
            f"{row.oldest_open.astimezone(zone):%-d %b}" if row.oldest_open else "—",
        )
    out.print(table)


def response_rows(
    rows: list[DepartmentTimes], start: datetime, end: datetime
) -> Iterator[dict[str, object]]:
    """The response-time table as long-format export rows."""
    period = f"{start:%Y-%m-%d}/{end:%Y-%m-%d}"
    for row in rows:
        figures: dict[str, object] = {
            "count": row.count,
            "overdue": row.overdue,
            "open": row.open,
            "first_response_working_minutes_median": row.first_response_working.median,
            "first_response_working_minutes_p90": row.first_response_working.p90,
            "first_response_hours_median": row.first_response_hours.median,
            "first_response_hours_p90": row.first_response_hours.p90,
            "resolution_working_minutes_median": row.resolution_working.median,
            "resolution_working_minutes_p90": row.resolution_working.p90,
            "resolution_hours_median": row.resolution_hours.median,
            "resolution_hours_p90": row.resolution_hours.p90,
            "oldest_open": row.oldest_open.isoformat() if row.oldest_open else None,
        }
        for measure, value in figures.items():
            shown = f"{value:.2f}" if isinstance(value, float) else value
            yield {
                "round": period,
                "breakdown": "response_times",
                "side": "council",
                "group": row.department,
                "measure": measure,
                "respondents": row.count,
                "value": "" if shown is None else shown,
                "suppressed": "false",
                "reliable": "true",
            }
