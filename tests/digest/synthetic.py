"""Digest figures made up in memory, through the same analysis the services use."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from relbot.analysis.cells import Cell, Tally, cell
from relbot.analysis.pulse import Respondent, analyse_round
from relbot.analysis.timings import TicketTimes, department_times
from relbot.domain.digest.data import (
    CategoryCount,
    ChartPoint,
    DigestFigures,
    DigestWeek,
    RoundFigures,
    ThemeCount,
)
from relbot.domain.pulse.report import TrendPoint
from relbot.models.enums import Side
from relbot.models.pulse import Dimension

LONDON = ZoneInfo("Europe/London")
WEEK = DigestWeek(2026, 7)


def people(
    rng: random.Random, providers: int, officers: int, departments: Sequence[str] = ()
) -> list[Respondent]:
    """Respondents with scores from 0 (no contact) to 4; providers rate some departments."""
    result = []
    for side, count in ((Side.PROVIDER, providers), (Side.OFFICER, officers)):
        for _ in range(count):
            rated = {
                name: {d: rng.randint(1, 4) for d in Dimension}
                for name in departments
                if side is Side.PROVIDER and rng.random() < 0.7
            }
            result.append(Respondent(side, {}, {d: rng.randint(0, 4) for d in Dimension}, rated))
    return result


def figures(
    *,
    seed: int = 1,
    providers: int = 30,
    officers: int = 20,
    min_group: int = 5,
    departments: Sequence[str] = ("Finance", "Safeguarding"),
    queue: Sequence[str] = ("Finance",),
    rounds: int = 4,
    must_haves: tuple[CategoryCount, ...] | None = None,
    themes: tuple[ThemeCount, ...] | None = None,
) -> DigestFigures:
    """A week's figures: a round of these people (none when `rounds` is 0) and queries."""
    rng = random.Random(seed)
    start, end = WEEK.period(LONDON)
    pulse = None
    history = []
    if rounds:
        group = people(rng, providers, officers, departments)
        invited = {Side.PROVIDER: providers + 5, Side.OFFICER: officers + 2}
        report = analyse_round(
            group, invited=invited, min_group=min_group, previous=cell_of(rng, min_group)
        )
        trend = []
        for number in range(rounds):
            opened = end - timedelta(weeks=2 * (rounds - number), days=-1)
            overall = cell_of(rng, min_group)
            trend.append(TrendPoint(number + 1, opened, 50, 40, overall, {}))
            history.append(
                ChartPoint(opened, overall, {d: cell_of(rng, min_group) for d in Dimension})
            )
        closed = end - timedelta(days=3)
        pulse = RoundFigures(rounds, closed, report, trend)
    tickets = [
        TicketTimes(
            name,
            end - timedelta(days=rng.randint(1, 20)) if rng.random() < 0.3 else None,
            960,
            rng.randint(10, 3000),
            rng.uniform(0.2, 90),
            None,
            None,
        )
        for name in queue
        for _ in range(rng.randint(1, 6))
    ]
    times = [
        t
        if t.created_at is None
        else TicketTimes(t.department, t.created_at, 960, None, None, None, None, 1200)
        for t in tickets
    ]
    return DigestFigures(
        week=WEEK,
        start=start,
        end=end,
        min_group=min_group,
        pulse=pulse,
        response_times=department_times(times),
        history=history,
        must_haves=must_haves,
        themes=themes,
    )


def cell_of(rng: random.Random, min_group: int) -> Cell:
    """A cell of 0 to 40 made-up respondents, cleared as the analysis clears cells."""
    n = rng.randint(0, 40)
    return cell(Tally(n, n, sum(rng.randint(1, 4) for _ in range(n))), min_group)
