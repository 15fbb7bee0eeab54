"""`relbot report`: response times per department as a terminal table."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table

from relbot.analysis.timings import DepartmentTimes


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
