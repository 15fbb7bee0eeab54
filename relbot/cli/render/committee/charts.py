"""The committee report's charts as SVG, each with a text alternative stating its finding.

Series differ in lightness, line style, marker and hatching as well as hue, so every chart
still reads when printed in grey. Text is drawn at the body text's size, every chart says
how many people or queries each figure rests on, and legends sit above the plot, never on it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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


# Charts are drawn at the size they are printed (the text width), so this is their text's
# size on the page: the body text's.
TEXT_POINTS = 9
WIDTH_INCHES = 7.0


@dataclass(frozen=True)
class Chart:
    """A chart as SVG, and what it shows in words."""

    svg: str
    alt: str


def _figure(height: float) -> Figure:
    import matplotlib

    matplotlib.use("Agg")  # no display: charts are only ever written to bytes
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
    figure.set_facecolor("white")
    return figure


def _svg(figure: Figure) -> str:
    import matplotlib

    buffer = io.StringIO()
    # Text as outlines (the page's fonts are not the chart's business) and no date or random
    # ids, so the same figures always make the same file.
    with matplotlib.rc_context(
        {"svg.fonttype": "path", "svg.hashsalt": "relbot", "font.size": TEXT_POINTS}
    ):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _style(axes: Any) -> None:
    axes.tick_params(labelsize=TEXT_POINTS)
    axes.xaxis.label.set_size(TEXT_POINTS)
    axes.yaxis.label.set_size(TEXT_POINTS)


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


def trend_chart(trend: Sequence[TrendPoint], direction: str) -> Chart:
    """The health index per closed round, overall and by side."""
    figure = _figure(2.9)
    axes = figure.subplots()
    _style(axes)
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
    axes.set_xticks(rounds, [f"{p.opened_at:%-d %b}\nn={p.responded}" for p in trend])
    if len(rounds) > 13:
        for label in axes.get_xticklabels()[1::2]:
            label.set_visible(False)
    axes.set_xlim(-0.5, max(len(rounds) - 0.5, 0.5))
    axes.set_ylabel("Health index")
    axes.grid(axis="y", alpha=0.3)
    axes.legend(
        loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, frameon=False, fontsize=TEXT_POINTS
    )
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
    return Chart(
        _svg(figure),
        f"Line chart: the health index is {direction}{latest}; n is the number who answered.",
    )


def dimensions_chart(report: RoundReport) -> Chart:
    """Each dimension as providers and officers rated it, side by side."""
    figure = _figure(4.2)
    axes = figure.subplots()
    _style(axes)
    dimensions = list(Dimension)[::-1]
    rows = list(range(len(dimensions)))
    provider = report.by_side[Side.PROVIDER].dimensions
    officer = report.by_side[Side.OFFICER].dimensions
    height = 0.38
    # Bars start at 1, the scale's lowest score: a bar's length is how far above "poor" it is.
    axes.barh(
        [r + height / 2 for r in rows],
        [_nan(provider[d].value) - 1 for d in dimensions],
        height,
        left=1,
        color=DARK,
        label=f"Providers (n={report.by_side[Side.PROVIDER].index.n})",
    )
    axes.barh(
        [r - height / 2 for r in rows],
        [_nan(officer[d].value) - 1 for d in dimensions],
        height,
        left=1,
        color=LIGHT,
        edgecolor=INK,
        hatch="///",
        label=f"Officers (n={report.by_side[Side.OFFICER].index.n})",
    )
    axes.set_yticks(rows, [TITLES[d] for d in dimensions])
    axes.set_xlim(1, 4)
    axes.set_xticks([1, 2, 3, 4], ["1 poor", "2", "3", "4 strong"])
    axes.grid(axis="x", alpha=0.3)
    axes.legend(
        loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False, fontsize=TEXT_POINTS
    )
    return Chart(_svg(figure), "Bar chart: " + _dimensions_finding(report))


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


def response_chart(rows: Sequence[DepartmentTimes]) -> Chart | None:
    """The share of each department's queries answered within its target."""
    timed = [r for r in rows if r.share_within is not None]
    if not timed:
        return None
    timed.sort(key=lambda r: (-(r.share_within or 0), r.department.lower()))
    shares = [100 * (r.share_within or 0) for r in timed]
    figure = _figure(max(2.4, 0.32 * len(timed) + 1.2))
    axes = figure.subplots()
    _style(axes)
    positions = list(range(len(timed)))
    axes.barh(positions, shares, 0.6, color=LIGHT, edgecolor=INK, hatch="///")
    axes.axvline(90, color=INK, linestyle="--", linewidth=1.2)
    axes.set_yticks(positions, [f"{r.department} (n={r.decided})" for r in timed])
    axes.set_xlim(0, 104)
    axes.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    axes.set_xlabel("Queries with a first response within target (dashed line: nine in ten)")
    axes.grid(axis="x", alpha=0.3)
    low = timed[-1]
    finding = (
        f"Bar chart: the share of queries answered within target ranges from "
        f"{shares[-1]:.0f}% ({low.department}) to {shares[0]:.0f}% ({timed[0].department}); "
        f"{sum(1 for s in shares if s >= 90)} of {len(timed)} departments answered nine in "
        "ten within target."
    )
    return Chart(_svg(figure), finding)
