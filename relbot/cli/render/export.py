"""`relbot export`: every figure of a pulse round and the response-time table as CSV rows."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TextIO

from relbot.analysis.cells import Cell
from relbot.analysis.pulse import RoundReport
from relbot.analysis.timings import DepartmentTimes

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


def response_rows(
    rows: list[DepartmentTimes], start: datetime, end: datetime
) -> Iterator[dict[str, object]]:
    """The response-time table as long-format export rows."""
    period = f"{start:%Y-%m-%d}/{end:%Y-%m-%d}"
    for row in rows:
        figures: dict[str, object] = {
            "count": row.count,
            "overdue": row.overdue,
            "overdue_now": row.overdue_now,
            "within_target": row.within_target,
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
