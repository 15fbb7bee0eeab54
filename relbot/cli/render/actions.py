"""`relbot actions`: the actions as a terminal table and as CSV."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TextIO
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table
from rich.text import Text

from relbot.domain.action_views import ActionView
from relbot.domain.actions import label

CSV_COLUMNS = (
    "id",
    "title",
    "answers",
    "status",
    "due",
    "overdue",
    "department",
    "owner",
    "created",
    "started",
    "closed",
    "latest_update",
    "latest_update_at",
)


def _answers(view: ActionView) -> str:
    return "; ".join(f"{t.kind.value}: {t.label}" for t in view.targets)


def print_actions(out: Console, views: Sequence[ActionView], zone: ZoneInfo) -> None:
    """One row an action: what it answers, who owns it, where it stands."""
    if not views:
        out.print("No actions yet. Add one with `relbot actions add`.")
        return
    table = Table(title="Actions: you said, we did")
    table.add_column("Id", justify="right", no_wrap=True)
    table.add_column("Action")
    table.add_column("Answers")
    table.add_column("Owner")
    table.add_column("Department")
    table.add_column("Status", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("Latest update")
    for view in views:
        status = label(view.status) + (" (overdue)" if view.overdue else "")
        latest = view.latest_update
        table.add_row(
            str(view.id),
            Text(view.title),
            Text(_answers(view)),
            Text(view.owner or "—"),
            Text(view.department or "—"),
            Text(status, style="bold red" if view.overdue else ""),
            f"{view.due_on:%Y-%m-%d}",
            Text(f"{latest.at.astimezone(zone):%Y-%m-%d}: {latest.note}" if latest else "—"),
        )
    out.print(table)


def write_actions(handle: TextIO, views: Sequence[ActionView]) -> int:
    """Every action as a CSV row; the rows written."""
    writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for view in views:
        latest = view.latest_update
        writer.writerow(
            {
                "id": view.id,
                "title": view.title,
                "answers": _answers(view),
                "status": view.status.value,
                "due": view.due_on.isoformat(),
                "overdue": str(view.overdue).lower(),
                "department": view.department or "",
                "owner": view.owner or "",
                "created": view.created_at.isoformat(),
                "started": view.started_at.isoformat() if view.started_at else "",
                "closed": view.closed_at.isoformat() if view.closed_at else "",
                "latest_update": latest.note if latest else "",
                "latest_update_at": latest.at.isoformat() if latest else "",
            }
        )
    return len(views)
