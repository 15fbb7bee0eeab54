"""A quarter of a synthetic council's activity in the test database, ending before a week."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from relbot.cli.demo.council import SyntheticCouncil
from relbot.cli.demo.simulate import simulate_queries, simulate_rounds
from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.digest.data import DigestWeek
from relbot.domain.directory import import_departments, import_people
from relbot.domain.roster import read_departments, read_roster

ROUNDS = 4


def load_quarter(
    sessions: SessionFactory, settings: Settings, folder: Path, week: DigestWeek, seed: int = 7
) -> None:
    """About 80 people; four fortnightly rounds, all closed before `week` starts, and two
    weeks of queries up to its start."""
    departments, roster = SyntheticCouncil(seed, organisations=15).write(folder)
    with sessions.begin() as session:
        import_departments(session=session, records=read_departments(departments), actor="test")
        import_people(session=session, records=read_roster(roster), actor="test")
    start, end = week.period(settings.zone)
    with sessions.begin() as session:
        simulate_rounds(
            session=session,
            rng=random.Random(seed),
            start=end - timedelta(weeks=2 * ROUNDS),
            rounds=ROUNDS,
            response_rate=0.8,
        )
    with sessions.begin() as session:
        simulate_queries(
            session=session,
            rng=random.Random(seed),
            start=start - timedelta(weeks=1),
            weeks=2,
            calendar=settings.working_calendar(),
            now=end,
        )
