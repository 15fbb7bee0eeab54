"""The digest's chart: the health index and the eight dimensions over the last rounds, as PNG."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from relbot.domain.digest.data import ChartPoint, DigestFigures
from relbot.domain.pulse.questions import TITLES
from relbot.models.pulse import Dimension


def digest_chart(figures: DigestFigures, zone: ZoneInfo) -> bytes | None:
    """The chart of a week's digest; None when no round has closed yet."""
    if not figures.history:
        return None
    rounds = len(figures.history)
    title = f"Relationship health, week {figures.week.week}: the last {rounds} rounds"
    return health_chart(figures.history, title=title, zone=zone)


def health_chart(history: Sequence[ChartPoint], *, title: str, zone: ZoneInfo) -> bytes:
    """A PNG of the index and each dimension per closed round; hidden points are left out."""
    import matplotlib

    matplotlib.use("Agg")  # no display: the chart is only ever written to bytes
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 6), dpi=110, layout="constrained")
    axes = figure.subplots()
    rounds = list(range(len(history)))
    palette = matplotlib.colormaps["tab10"]
    for number, dimension in enumerate(Dimension):
        values = [_value(point.dimensions[dimension].value) for point in history]
        axes.plot(
            rounds,
            values,
            marker="o",
            markersize=3,
            linewidth=1.2,
            alpha=0.85,
            color=palette(number),
            label=TITLES[dimension],
        )
    axes.plot(
        rounds,
        [_value(point.index.value) for point in history],
        marker="o",
        linewidth=3,
        color="black",
        label="Health index",
    )
    axes.set_ylim(1, 4)
    axes.set_yticks([1, 2, 3, 4], ["1 poor", "2", "3", "4 strong"])
    axes.set_ylabel("Mean score (1-4)")
    axes.set_xticks(rounds, [f"{point.opened_at.astimezone(zone):%-d %b}" for point in history])
    axes.set_xlabel("Pulse round, by the day it opened")
    axes.set_title(title)
    axes.grid(axis="y", alpha=0.3)
    axes.set_xlim(-0.5, max(len(history) - 0.5, 0.5))
    figure.legend(loc="outside lower center", ncols=3, fontsize="small", frameon=False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _value(value: float | None) -> float:
    """A gap in the line where a figure is hidden or missing."""
    return math.nan if value is None else value
