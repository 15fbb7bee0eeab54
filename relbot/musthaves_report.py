"""The Must Haves report for `relbot report` and `relbot export`: like the seed's Appendix E."""

from __future__ import annotations

import csv
from collections import Counter
from typing import TextIO

from rich.console import Console
from rich.table import Table

from relbot.domain.musthaves.report import SIDES, MustHaveReport
from relbot.models.enums import Side

HEADINGS = {Side.PROVIDER: "Providers", Side.OFFICER: "Officers"}
EXPORT_COLUMNS = ("collection", "category", "side", "text")


def _hidden(report: MustHaveReport, side: Side) -> str:
    people = report.people.get(side, 0)
    return f"{HEADINGS[side].lower()}: {people} so far; shown from {report.min_group}"


def print_must_haves(out: Console, report: MustHaveReport, *, texts: int | None = None) -> None:
    """Counts side by side per category, the top three per side, then each category's texts
    (the same text once, with how many wrote it; at most `texts` per category and side)."""
    name = report.collection.name
    if report.total == 0:
        out.print(f"No Must Haves recorded in round {name} yet.")
        return
    shown = [side for side in SIDES if report.shown(side)]
    hidden = [_hidden(report, side) for side in SIDES if side not in shown]
    caption = ("Not shown, too few people: " + "; ".join(hidden)) if hidden else None
    table = Table(title=f"Must Haves, round {name}", caption=caption)
    table.add_column("Category")
    for side in shown:
        table.add_column(HEADINGS[side], justify="right")
    for line in report.lines:
        if any(line.counts[side] for side in shown):
            table.add_row(line.label, *(str(line.counts[side]) for side in shown))
    out.print(table)
    for side in shown:
        top = "; ".join(report.top.get(side, ())) or "none yet"
        out.print(f"Mattering most to {HEADINGS[side].lower()}: {top}")
    for line in report.lines:
        for side in shown:
            said = Counter(line.texts[side]).most_common()
            for text, count in said[:texts]:
                times = f" ({count} people)" if count > 1 else ""
                out.print(f"  [{line.label} · {HEADINGS[side]}] {text}{times}", markup=False)
            if texts is not None and len(said) > texts:
                out.print(f"  [{line.label} · {HEADINGS[side]}] … and {len(said) - texts} more")


def write_must_haves(handle: TextIO, report: MustHaveReport) -> int:
    """One row per Must Have (no names), for the sides with enough people; the row count."""
    writer = csv.DictWriter(handle, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    count = 0
    for line in report.lines:
        for side in SIDES:
            if not report.shown(side):
                continue
            for text in line.texts[side]:
                writer.writerow(
                    {
                        "collection": report.collection.name,
                        "category": line.label,
                        "side": side.value,
                        "text": text,
                    }
                )
                count += 1
    return count
