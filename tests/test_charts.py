"""The digest's chart: a PNG of the index and dimensions, whatever the rounds hold."""

from __future__ import annotations

import struct
from dataclasses import replace

from relbot.analysis.cells import EMPTY, Cell
from relbot.charts import digest_chart, health_chart
from relbot.models.pulse import Dimension
from tests.digest.synthetic import LONDON, figures

# The eight bytes every PNG file starts with (the PNG specification, section 5.2).
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HIDDEN = Cell(3, None, True, False)


def _size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_a_quarter_of_rounds_makes_a_readable_png() -> None:
    week = figures(rounds=7)
    png = digest_chart(week, LONDON)
    assert png is not None
    width, height = _size(png)
    assert width >= 800 and height >= 600  # legible on a phone once Slack scales it


def test_hidden_and_empty_rounds_still_chart() -> None:
    week = figures(rounds=3)
    gaps = [
        replace(point, index=HIDDEN, dimensions=dict.fromkeys(Dimension, HIDDEN))
        if number == 1
        else point
        for number, point in enumerate(week.history)
    ]
    assert _size(health_chart(gaps, title="gaps", zone=LONDON))
    blank = [replace(p, index=EMPTY, dimensions=dict.fromkeys(Dimension, EMPTY)) for p in gaps]
    assert _size(health_chart(blank, title="nothing shown", zone=LONDON))
    assert _size(health_chart(week.history[:1], title="one round", zone=LONDON))


def test_no_closed_round_means_no_chart() -> None:
    assert digest_chart(figures(rounds=0), LONDON) is None
