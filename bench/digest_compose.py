"""Time to compose the weekly digest (Block Kit) and draw its chart, for a large council:
2,000 respondents rating 60 departments, 60 departments' query times, 13 rounds charted."""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

from relbot.analysis.cells import Tally, cell
from relbot.analysis.pulse import Respondent, analyse_round
from relbot.analysis.timings import TicketTimes, department_times
from relbot.charts import digest_chart
from relbot.domain.digest.data import ChartPoint, DigestFigures, DigestWeek, RoundFigures
from relbot.domain.pulse.report import TrendPoint
from relbot.models.enums import Side
from relbot.models.pulse import Dimension
from relbot.slack.digest.blocks import digest_message

ZONE = ZoneInfo("Europe/London")
PEOPLE = 2000
DEPARTMENTS = 60
ROUNDS = 13
COMPOSE_RUNS = 20
CHART_RUNS = 3


def figures(rng: random.Random) -> DigestFigures:
    names = [f"Department {n}" for n in range(DEPARTMENTS)]
    people = [
        Respondent(
            rng.choice(list(Side)),
            {},
            {d: rng.randint(0, 4) for d in Dimension},
            {n: {d: rng.randint(1, 4) for d in Dimension} for n in rng.sample(names, 3)},
        )
        for _ in range(PEOPLE)
    ]
    report = analyse_round(people, invited=dict.fromkeys(Side, PEOPLE), min_group=5)
    week = DigestWeek(2026, 7)
    start, end = week.period(ZONE)
    trend, history = [], []
    for number in range(ROUNDS):
        opened = end - timedelta(weeks=2 * (ROUNDS - number))
        index = cell(Tally(900, 7000, 7000 * rng.uniform(2, 3)), 5)
        trend.append(TrendPoint(number + 1, opened, PEOPLE, 900, index, {}))
        dimensions = {d: cell(Tally(900, 900, 900 * rng.uniform(1.8, 3.4)), 5) for d in Dimension}
        history.append(ChartPoint(opened, index, dimensions))
    tickets = [
        TicketTimes(rng.choice(names), None, 960, rng.randint(5, 4000), 1.0, None, None)
        for _ in range(5000)
    ]
    return DigestFigures(
        week,
        start,
        end,
        5,
        RoundFigures(ROUNDS, end, report, trend),
        department_times(tickets),
        history,
    )


def main() -> None:
    data = figures(random.Random(1))
    compose = []
    for _ in range(COMPOSE_RUNS):
        began = time.perf_counter()
        blocks = len(digest_message(data, ZONE).payload()["blocks"])
        compose.append(time.perf_counter() - began)
    charts = []
    for _ in range(CHART_RUNS):
        began = time.perf_counter()
        size = len(digest_chart(data, ZONE) or b"")
        charts.append(time.perf_counter() - began)
    print(
        f"Digest for {PEOPLE:,} respondents and {DEPARTMENTS} departments: composed in "
        f"{statistics.median(compose) * 1000:.1f} ms ({blocks} blocks); chart of {ROUNDS} "
        f"rounds drawn in {statistics.median(charts) * 1000:.0f} ms ({size // 1024} KiB PNG)"
    )


if __name__ == "__main__":
    main()
