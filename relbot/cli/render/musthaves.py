"""The Must Haves report for `relbot report` and `relbot export` (like the seed's Appendix E),
and a week's counts by category as that week's digest shows them."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table

from relbot.domain.musthaves.report import SIDES, MustHaveReport
from relbot.domain.voice.summary import ThemeCount
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


def print_week_categories(
    out: Console,
    must_haves: Sequence[tuple[str, int | None, int | None]],
    themes: Sequence[ThemeCount],
) -> None:
    """The week's Must Haves per category and side, and provider-voice themes with change."""
    table = Table(title="Must Haves recorded that week ((s): too few people to show)")
    table.add_column("Category")
    table.add_column("Providers", justify="right")
    table.add_column("Officers", justify="right")
    for label, providers, officers in must_haves:
        table.add_row(label, *("(s)" if n is None else str(n) for n in (providers, officers)))
    out.print(table if must_haves else "No Must Haves were recorded that week.")
    voice = Table(title="Provider-voice themes that week")
    voice.add_column("Theme")
    voice.add_column("Items", justify="right")
    voice.add_column("Change", justify="right")
    for theme in themes:
        voice.add_row(theme.label, str(theme.count), f"{theme.change:+d}")
    out.print(voice if themes else "Nothing was raised in the provider-voice channel that week.")
