"""The response-time table against plain recomputation, and through `relbot report`."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from relbot.analysis.timings import TicketTimes, department_times, spread
from relbot.cli.demo.simulate import simulate_queries
from relbot.config import Settings
from relbot.db import make_engine, make_session_factory
from relbot.migrate import upgrade
from tests.directory_data import load_council
from tests.test_cli import relbot

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=200))
def test_median_and_p90_are_nearest_rank(values: list[int]) -> None:
    ordered = sorted(values)
    figures = spread(values)
    assert figures.median == ordered[(len(values) + 1) // 2 - 1]
    assert figures.p90 is not None
    assert sum(v <= figures.p90 for v in values) >= 0.9 * len(values)


def test_the_table_counts_overdue_open_and_oldest() -> None:
    hour = timedelta(hours=1)
    tickets = [
        TicketTimes("Finance", T0, 960, 60, 1.0, 180, 3.0),
        TicketTimes("Finance", T0 + hour, 960, 1200, 49.0, None, None),  # answered late
        TicketTimes("Finance", T0 + 2 * hour, 960, None, None, None, None, open_minutes=2000),
        TicketTimes("Finance", T0 + 3 * hour, 960, None, None, None, None, open_minutes=100),
        TicketTimes("Safeguarding", T0, 480, 60, 1.0, None, None),
    ]
    finance, safeguarding = department_times(tickets)
    assert (finance.count, finance.overdue, finance.open) == (4, 2, 2)
    assert finance.oldest_open == T0 + 2 * hour
    assert finance.first_response_working.median == 60
    assert finance.first_response_working.p90 == 1200
    assert finance.first_response_hours.p90 == 49
    assert finance.resolution_working.median == 180
    assert (safeguarding.count, safeguarding.overdue, safeguarding.oldest_open) == (1, 0, None)


def test_report_and_export_include_response_times(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/relbot.db"
    engine = make_engine(url)
    upgrade(engine)
    now = datetime.now(UTC)
    with make_session_factory(engine).begin() as session:
        load_council(session, tmp_path)
    with make_session_factory(engine).begin() as session:
        logged = simulate_queries(
            session=session,
            rng=random.Random(4),
            start=now - timedelta(weeks=3),
            weeks=3,
            now=now,
            calendar=Settings(_env_file=None).working_calendar(),
        )
    engine.dispose()
    env = {"RELBOT_DATABASE_URL": url, "RELBOT_QUERIES_CHANNEL": "C0QUERIES"}
    report = relbot("report", env=env)
    assert report.returncode == 0, report.stderr
    assert "No closed pulse round yet" in report.stdout and "Query response times" in report.stdout
    assert "Finance" in report.stdout and "Safeguarding" in report.stdout
    exported = relbot("export", env=env).stdout.splitlines()
    counts = [line for line in exported if ",response_times,council," in line and ",count," in line]
    assert sum(int(line.split(",")[5]) for line in counts) == logged


def test_an_old_query_still_waiting_counts_in_the_period(tmp_path: Path) -> None:
    from sqlalchemy import select

    from relbot.domain.queries.report import response_table
    from relbot.domain.queries.tickets import log_query
    from relbot.models import Department, Person
    from relbot.models.queries import QuerySource

    engine = make_engine(f"sqlite:///{tmp_path}/r.db")
    upgrade(engine)
    calendar = Settings(_env_file=None).working_calendar()
    now = datetime.now(UTC)
    with make_session_factory(engine).begin() as session:
        load_council(session, tmp_path)
    with make_session_factory(engine).begin() as session:
        finance = session.scalars(select(Department).where(Department.name == "Finance")).one()
        asker = session.scalars(select(Person)).first()
        log_query(
            session=session,
            request_key="old",
            asker=asker,
            department=finance,
            text="Still waiting",
            source=QuerySource.COMMAND,
            permalink=None,
            now=now - timedelta(days=60),
            queue_channel="C0FINANCE",
        )
    with make_session_factory(engine).begin() as session:
        [row] = response_table(
            session=session, start=now - timedelta(days=28), end=now, calendar=calendar
        )
    engine.dispose()
    assert (row.department, row.open, row.overdue) == ("Finance", 1, 1)
    assert row.oldest_open is not None and row.oldest_open < now - timedelta(days=59)
