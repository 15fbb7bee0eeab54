"""Pieces of the digest: figures as text, and long lists packed into sections within limits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock

from relbot.analysis.cells import Cell
from relbot.analysis.pulse import RoundReport
from relbot.analysis.timings import DepartmentTimes
from relbot.domain.digest.data import CategoryCount
from relbot.domain.voice.summary import ThemeCount
from relbot.slack.text import SECTION_TEXT_LIMIT, clip, escape

HIDDEN = "(s)"
# The report marks small samples with *, which Slack would read as bold.
SMALL = "†"
NONE = "—"
# A list longer than this is cut, worst first, with a pointer to `relbot report`.
LIST_LIMIT = 12
NAME_LIMIT = 60
LINE_LIMIT = 600


def score(value: Cell) -> str:
    """A cell as the report prints it: the figure (marked when from a small sample), or (s)."""
    if value.suppressed:
        return HIDDEN
    if value.value is None:
        return NONE
    return f"{value.value:.2f}" + ("" if value.reliable else SMALL)


def signed(value: float | None) -> str:
    return f"{value:+.2f}" if value is not None else NONE


def hours(minutes: float | None) -> str:
    """Working minutes as working hours, rounded as the report rounds them."""
    if minutes is None:
        return NONE
    value = minutes / 60
    return f"{value:.1f} h" if value < 10 else f"{value:.0f} h"


def name(text: str) -> str:
    """A name someone typed (a department, a category, a theme), escaped and kept short."""
    return escape(clip(" ".join(text.split()), NAME_LIMIT))


def day(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%-d %b}"


def sections(title: str, lines: Sequence[str], *, more: str = "") -> list[Block]:
    """`title` and its lines in as few sections as Slack's text limit allows; lines past
    LIST_LIMIT are counted in a last line instead of shown."""
    shown = [clip(line, LINE_LIMIT) for line in lines[:LIST_LIMIT]]
    if len(lines) > LIST_LIMIT:
        shown.append(f"…and {len(lines) - LIST_LIMIT} more{more}.")
    blocks: list[Block] = []
    text = title
    for line in shown:
        if len(text) + 1 + len(line) > SECTION_TEXT_LIMIT:
            blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
            text = line
        else:
            text = f"{text}\n{line}"
    blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
    return blocks


def department_lines(report: RoundReport) -> list[str]:
    """Providers' ratings of departments, lowest first; hidden ones say why."""
    shown = sorted(
        (f.measure.index.value, department)
        for department, f in report.departments.items()
        if f.measure.index.value is not None
    )
    lines = [
        f"{name(department)}: *{score(report.departments[department].measure.index)}* "
        f"({report.departments[department].raters} raters)"
        for _, department in shown
    ]
    for department, figures in report.departments.items():
        if figures.measure.index.value is None:
            why = (
                f"fewer than {report.min_group} raters"
                if figures.raters < report.min_group
                else f"fewer than {report.min_group} answers on some questions"
            )
            lines.append(f"{name(department)}: {HIDDEN} {why}")
    return lines


def response_lines(rows: Sequence[DepartmentTimes], zone: ZoneInfo) -> list[str]:
    """One line per department, most overdue first."""
    ordered = sorted(rows, key=lambda r: (-r.overdue, -r.open, r.department.lower()))
    lines = []
    for row in ordered:
        oldest = f" · oldest open {day(row.oldest_open, zone)}" if row.oldest_open else ""
        lines.append(
            f"*{name(row.department)}* · {row.count} "
            + ("query" if row.count == 1 else "queries")
            + f" · {row.overdue} overdue\n      median {hours(row.first_response_working.median)}"
            f" · 90th pct {hours(row.first_response_working.p90)}{oldest}"
        )
    return lines


def must_have_lines(counts: Sequence[CategoryCount]) -> list[str]:
    def total(c: CategoryCount) -> int:
        return (c.providers or 0) + (c.officers or 0)

    def shown(value: int | None) -> str:
        return HIDDEN if value is None else f"*{value}*"

    ordered = sorted(counts, key=lambda c: (-total(c), c.label.lower()))
    return [f"{name(c.label)}: {shown(c.providers)} · {shown(c.officers)}" for c in ordered]


def theme_lines(themes: Sequence[ThemeCount]) -> list[str]:
    ordered = sorted(themes, key=lambda t: (-t.count, t.label.lower()))
    return [f"{name(t.label)}: *{t.count}* ({_change(t.change)})" for t in ordered]


def _change(change: int) -> str:
    if change == 0:
        return "same as last week"
    return f"{'↑' if change > 0 else '↓'}{abs(change)} on last week"
