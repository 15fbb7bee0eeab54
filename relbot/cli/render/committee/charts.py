"""The committee report's charts as inline PNG, each with a text alternative stating its finding.

Series differ in lightness, line style, marker and hatching as well as hue, so every chart
still reads when printed in grey.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from relbot.analysis.pulse import RoundReport
from relbot.analysis.timings import DepartmentTimes
from relbot.domain.pulse.questions import TITLES
from relbot.domain.pulse.report import TrendPoint
from relbot.models.enums import Side
from relbot.models.pulse import Dimension

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DARK = "#1b3a6b"
LIGHT = "#9cc3e4"
INK = "#222222"


@dataclass(frozen=True)
class Chart:
    """A chart as a data URI, and what it shows in words."""

    uri: str
    alt: str


def _figure(width: float, height: float) -> Figure:
    import matplotlib

    matplotlib.use("Agg")  # no display: charts are only ever written to bytes
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=120, layout="constrained")
    figure.set_facecolor("white")
    return figure


def _uri(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


def trend_chart(trend: Sequence[TrendPoint], direction: str) -> Chart:
    """The health index per closed round, overall and by side."""
    figure = _figure(7.0, 2.5)
    axes = figure.subplots()
    rounds = list(range(len(trend)))
    series = (
        ("All respondents", [p.overall for p in trend], "-", "o", INK, 2.6),
        ("Providers", [p.by_side[Side.PROVIDER] for p in trend], "--", "s", DARK, 1.6),
        ("Officers", [p.by_side[Side.OFFICER] for p in trend], ":", "^", "#5a8fc4", 1.6),
    )
    for name, cells, style, marker, colour, width in series:
        values = [_nan(c.value) for c in cells]
        axes.plot(rounds, values, style, marker=marker, color=colour, linewidth=width, label=name)
    axes.set_ylim(1, 4)
    axes.set_yticks([1, 2, 3, 4], ["1 poor", "2", "3", "4 strong"])
    axes.set_xticks(rounds, [f"{p.opened_at:%-d %b}" for p in trend], fontsize="small")
    if len(rounds) > 13:
        for label in axes.get_xticklabels()[1::2]:
            label.set_visible(False)
    axes.set_xlim(-0.5, max(len(rounds) - 0.5, 0.5))
    axes.set_ylabel("Health index")
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="lower left", ncols=3, fontsize="small", frameon=False)
    last = trend[-1] if trend else None
    latest = ""
    if last is not None:
        parts = [
            f"{name.lower()} {c.value:.2f}"
            for name, c in (
                ("Providers", last.by_side[Side.PROVIDER]),
                ("Officers", last.by_side[Side.OFFICER]),
            )
            if c.value is not None
        ]
        latest = f"; in the latest round {' and '.join(parts)}" if parts else ""
    return Chart(_uri(figure), f"Line chart: the health index is {direction}{latest}.")


def dimensions_chart(report: RoundReport) -> Chart:
    """Each dimension as providers and officers rated it, side by side."""
    figure = _figure(7.0, 3.8)
    axes = figure.subplots()
    dimensions = list(Dimension)[::-1]
    rows = list(range(len(dimensions)))
    provider = report.by_side[Side.PROVIDER].dimensions
    officer = report.by_side[Side.OFFICER].dimensions
    height = 0.38
    axes.barh(
        [r + height / 2 for r in rows],
        [_nan(provider[d].value) for d in dimensions],
        height,
        color=DARK,
        label="Providers",
    )
    axes.barh(
        [r - height / 2 for r in rows],
        [_nan(officer[d].value) for d in dimensions],
        height,
        color=LIGHT,
        edgecolor=INK,
        hatch="///",
        label="Officers",
    )
    axes.set_yticks(rows, [TITLES[d] for d in dimensions], fontsize="small")
    axes.set_xlim(0, 4)
    axes.set_xticks([0, 1, 2, 3, 4], ["0", "1 poor", "2", "3", "4 strong"])
    axes.grid(axis="x", alpha=0.3)
    axes.legend(loc="lower right", fontsize="small")
    return Chart(_uri(figure), "Bar chart: " + _dimensions_finding(report))


def _dimensions_finding(report: RoundReport) -> str:
    provider = report.by_side[Side.PROVIDER].dimensions
    shown = {d: c.value for d, c in provider.items() if c.value is not None}
    if not shown:
        return "too few providers answered for their ratings to be shown."
    low = min(shown, key=lambda d: shown[d])
    high = max(shown, key=lambda d: shown[d])
    text = (
        f"providers rate {TITLES[low]} lowest ({shown[low]:.2f}) and {TITLES[high]} "
        f"highest ({shown[high]:.2f})"
    )
    gaps = {d: g for d, g in report.gaps.items() if g is not None}
    if gaps:
        wide = max(gaps, key=lambda d: abs(gaps[d]))
        side = "below" if gaps[wide] < 0 else "above"
        text += (
            f"; the widest gap is {TITLES[wide]}, where providers score "
            f"{abs(gaps[wide]):.2f} {side} officers"
        )
    return text + "."


def response_chart(
    rows: Sequence[DepartmentTimes], targets: Mapping[str, float], day_minutes: int
) -> Chart | None:
    """Median first response per department against its target, in working days."""
    timed = [r for r in rows if r.first_response_working.median is not None]
    if not timed:
        return None
    timed.sort(key=lambda r: r.first_response_working.median or 0)
    medians = [(r.first_response_working.median or 0) / day_minutes for r in timed]
    goals = [targets.get(r.department, 0) for r in timed]
    late = [m > g for m, g in zip(medians, goals, strict=True)]
    figure = _figure(7.0, max(2.2, 0.28 * len(timed) + 1.0))
    axes = figure.subplots()
    positions = list(range(len(timed)))
    axes.barh(
        positions,
        medians,
        0.6,
        color=[DARK if miss else LIGHT for miss in late],
        edgecolor=INK,
        hatch=["" if miss else "///" for miss in late],
    )
    axes.scatter(goals, positions, marker="|", s=260, color=INK, linewidths=2.2, zorder=3)
    axes.set_yticks(positions, [r.department for r in timed], fontsize="small")
    axes.set_xlabel("Working days to a first response: median (bar, dark when late), target (|)")
    axes.grid(axis="x", alpha=0.3)
    met = sum(1 for miss in late if not miss)
    slow = timed[-1]
    finding = (
        f"Bar chart: {met} of {len(timed)} departments gave a median first response within "
        f"their target; the slowest, {slow.department}, took {medians[-1]:.1f} working days "
        f"against a target of {goals[-1]:g}."
    )
    return Chart(_uri(figure), finding)
