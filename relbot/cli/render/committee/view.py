"""The committee report's tables as rows of text, in the order a board reads them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from relbot.analysis.cells import Cell
from relbot.analysis.pulse import RoundReport
from relbot.cli.render.committee.charts import dimensions_chart, response_chart, trend_chart
from relbot.cli.render.committee.paper import ActionRow, CommitteePaper
from relbot.cli.render.committee.summary import days, summarise, within_target
from relbot.cli.render.pulse import SHORT, SUPPRESSED, show
from relbot.domain.musthaves.report import SIDES, MustHaveReport
from relbot.domain.pulse.questions import TITLES, questions
from relbot.models.enums import Side, label
from relbot.models.pulse import Dimension

# Each Must Have text once, with how many wrote it; at most this many per category and side.
TEXTS_SHOWN = 8
SIDE_NAMES = {Side.PROVIDER: "Providers", Side.OFFICER: "Officers"}
SEGMENT_TITLES = {
    (Side.PROVIDER, "area"): "Providers by area",
    (Side.PROVIDER, "service_type"): "Providers by service type",
    (Side.PROVIDER, "org_size"): "Providers by organisation size",
    (Side.PROVIDER, "position"): "Providers by position",
    (Side.PROVIDER, "council_share"): "Providers by share of service users the council funds",
    (Side.OFFICER, "area"): "Officers by area covered",
    (Side.OFFICER, "position"): "Officers by seniority",
    (Side.OFFICER, "department"): "Officers by department",
}
HEAT_FROM = 1.5
# The fill luminance where white and black text have the same contrast (about 4.6:1).
INK_SWITCH = 0.179
SENIORITY = ("head_of_service", "manager", "officer", "practitioner")


@dataclass(frozen=True)
class Heat:
    """A heatmap cell: its text and colours (dark ink on light, white on dark)."""

    text: str
    background: str
    ink: str


def heat(cell: Cell) -> Heat:
    """A department's score on a light-to-dark scale that keeps its order in grey."""
    if cell.value is None:
        return Heat(show(cell), "#ffffff", "#222222")
    import matplotlib

    # Scores cluster between 2 and 3.5: the scale starts at 1.5 so they differ visibly. Blues'
    # lightness falls steadily from pale to deep, so a grey print keeps the order.
    share = max(0.0, min(1.0, (cell.value - HEAT_FROM) / (4 - HEAT_FROM)))
    red, green, blue, _ = matplotlib.colormaps["Blues"](0.08 + 0.92 * share)
    colour = f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"
    # Black or white ink, whichever is further from the fill: at least 4.5:1 either way.
    ink = "#ffffff" if _luminance(red, green, blue) < INK_SWITCH else "#000000"
    return Heat(show(cell), colour, ink)


def _luminance(*channels: float) -> float:
    """Relative luminance as WCAG defines it, for contrast."""
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def gap(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}"


def dimension_rows(report: RoundReport) -> list[list[str]]:
    """Each dimension: providers, officers, the gap and everyone."""
    return [
        [
            TITLES[d],
            show(report.by_side[Side.PROVIDER].dimensions[d]),
            show(report.by_side[Side.OFFICER].dimensions[d]),
            gap(report.gaps[d]),
            show(report.overall.dimensions[d]),
        ]
        for d in Dimension
    ]


def segment_tables(report: RoundReport) -> list[dict[str, Any]]:
    """Each breakdown the seed report makes, a table of its groups."""
    tables = []
    for (side, segment), groups in report.segments.items():
        names = list(groups)
        if segment == "position" and side is Side.OFFICER:
            names.sort(key=lambda n: SENIORITY.index(n) if n in SENIORITY else len(SENIORITY))
        tables.append(
            {
                "id": f"segment-{side.value}-{segment}",
                "title": SEGMENT_TITLES.get((side, segment), f"{side.value} by {segment}"),
                "heading": label(segment),
                "rows": [
                    [
                        label(name),
                        show(groups[name].index),
                        *(show(groups[name].dimensions[d]) for d in Dimension),
                    ]
                    for name in names
                ],
            }
        )
    return tables


def heat_rows(report: RoundReport) -> list[dict[str, Any]]:
    """Departments as providers rated them, each cell coloured by its score."""
    return [
        {
            "name": name,
            "raters": str(f.raters) if f.raters >= report.min_group else f"< {report.min_group}",
            "index": heat(f.measure.index),
            "cells": [heat(f.measure.dimensions[d]) for d in Dimension],
        }
        for name, f in report.departments.items()
    ]


def no_contact_rows(report: RoundReport) -> list[list[str]]:
    """Per department, how many of its raters answered "no contact" to each question."""
    rows = []
    for name, figures in report.departments.items():
        counts = [figures.no_contact[d] for d in Dimension]
        shown = [c for c in counts if c is not None]
        rows.append(
            [
                name,
                *(SUPPRESSED if c is None else str(c) for c in counts),
                f"{sum(shown) / len(shown):.1f}" if shown else SUPPRESSED,
            ]
        )
    return rows


def heatmap_finding(report: RoundReport) -> str:
    """The heatmap's main finding in words."""
    scored = {
        name: f.measure.index.value
        for name, f in report.departments.items()
        if f.measure.index.value is not None
    }
    if not scored:
        return "No department was rated by enough providers for its scores to be shown."
    best = max(scored, key=lambda n: scored[n])
    worst = min(scored, key=lambda n: scored[n])
    hidden = len(report.departments) - len(scored)
    text = (
        f"Providers rate {best} highest ({scored[best]:.2f}) and {worst} lowest "
        f"({scored[worst]:.2f}) of the {len(scored)} departments they rated in enough numbers"
    )
    if hidden:
        text += f"; {hidden} more had too few raters to show"
    return text + "."


def response_rows(paper: CommitteePaper) -> list[list[str]]:
    """Response times per department, in working days, against its target."""
    rows = []
    for r in paper.response_times:
        target = paper.targets.get(r.department, 0)
        rows.append(
            [
                r.department,
                str(r.count),
                days(r.first_response_working.median, paper.day_minutes),
                days(r.first_response_working.p90, paper.day_minutes),
                f"{target:g}",
                within_target(r, target, paper.day_minutes),
                days(r.resolution_working.median, paper.day_minutes),
                str(r.overdue),
                str(r.open),
            ]
        )
    return rows


def must_have_view(report: MustHaveReport | None) -> dict[str, Any] | None:
    """Counts per category, shown sides side by side, and what each side wrote."""
    if report is None:
        return None
    shown = [side for side in SIDES if report.shown(side)]
    hidden = [
        f"{SIDE_NAMES[s].lower()} ({report.people.get(s, 0)} people so far; shown from "
        f"{report.min_group})"
        for s in SIDES
        if s not in shown
    ]
    lines = []
    for line in report.lines:
        if not any(line.counts[s] for s in shown):
            continue
        texts = []
        for side in shown:
            said = Counter(line.texts[side]).most_common()
            listed = [f"{text} ({n} people)" if n > 1 else text for text, n in said[:TEXTS_SHOWN]]
            if len(said) > TEXTS_SHOWN:
                listed.append(f"… and {len(said) - TEXTS_SHOWN} more")
            texts.append(listed)
        lines.append(
            {"label": line.label, "counts": [line.counts[s] for s in shown], "texts": texts}
        )
    return {
        "name": report.collection.name,
        "sides": [SIDE_NAMES[s] for s in shown],
        "hidden": hidden,
        "lines": lines,
        "top": [(SIDE_NAMES[s], "; ".join(report.top.get(s, ())) or "none yet") for s in shown],
    }


def action_rows(actions: list[ActionRow] | tuple[ActionRow, ...]) -> list[list[str]]:
    def text(value: object) -> str:
        return "—" if value is None else str(value)

    return [
        [
            text(a.title),
            text(a.answers),
            label(a.status) if a.status else "—",
            f"{a.due:%-d %b %Y}" if a.due else "—",
            f"{a.done_on:%-d %b %Y}" if a.done_on else "—",
            text(a.follow_up),
            gap(a.dimension_change),
        ]
        for a in actions
    ]


def context(paper: CommitteePaper) -> dict[str, Any]:
    """Everything the template prints."""
    report = paper.report
    summary = summarise(paper)
    done = paper.done_in_period()
    return {
        "paper": paper,
        "summary": summary,
        "suppressed": SUPPRESSED,
        "short": [SHORT[d] for d in Dimension],
        "titles": [TITLES[d] for d in Dimension],
        "questions": questions(),
        "trend_chart": trend_chart(paper.trend, summary.direction) if paper.trend else None,
        "dimensions": dimension_rows(report),
        "dimensions_chart": dimensions_chart(report),
        "heat": heat_rows(report),
        "heatmap_finding": heatmap_finding(report),
        "segments": segment_tables(report),
        "no_contact": no_contact_rows(report),
        "side_no_contact": [
            [SIDE_NAMES[s], *(SUPPRESSED if c is None else str(c) for c in counts.values())]
            for s, counts in report.no_contact.items()
        ],
        "responses": response_rows(paper),
        "response_chart": response_chart(paper.response_times, paper.targets, paper.day_minutes),
        "must_haves": must_have_view(paper.must_haves),
        "themes": paper.themes,
        "actions": action_rows(tuple(paper.actions)),
        "done": action_rows(tuple(done)),
    }
