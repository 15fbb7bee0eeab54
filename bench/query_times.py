"""Time to compute the response-time table for 100,000 queries, on SQLite and PostgreSQL;
the target is under one second."""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, select

from bench.common import fresh_database
from relbot.config import Settings
from relbot.db import make_session_factory
from relbot.domain.queries.report import response_table
from relbot.models import Department, Person, QueryTicket
from relbot.models.enums import Side
from relbot.models.pulse import DeliveryStatus
from relbot.models.queries import QuerySource, QueryStatus

QUERIES = 100_000
OPEN_SHARE = 0.02
RUNS = 3
TARGET_SECONDS = 1.0
DAYS = 365


def fill(engine: Engine, rng: random.Random, calendar_day: int) -> None:
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(
            insert(Department),
            [
                {
                    "name": f"Department {i}",
                    "name_key": f"department {i}",
                    "aliases": "",
                    "response_target_days": 2.0,
                    "description": "",
                    "active": True,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(9)
            ],
        )
        connection.execute(
            insert(Person),
            [
                {
                    "slack_user_id": f"U{i:08d}",
                    "name": f"P{i}",
                    "side": Side.PROVIDER,
                    "decision_maker": False,
                    "active": True,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(200)
            ],
        )
        departments = list(connection.execute(select(Department.id)).scalars())
        people = list(connection.execute(select(Person.id)).scalars())
        rows = []
        for number in range(QUERIES):
            created = now - timedelta(minutes=rng.randint(0, DAYS * 24 * 60))
            open_ = rng.random() < OPEN_SHARE
            first = None if open_ else created + timedelta(minutes=rng.randint(5, 6000))
            resolved = (
                None if open_ or first is None else first + timedelta(hours=rng.randint(1, 200))
            )
            rows.append(
                {
                    "request_key": f"bench:{number}",
                    "asker_id": rng.choice(people),
                    "department_id": rng.choice(departments),
                    "text": "A question",
                    "source": QuerySource.COMMAND,
                    "status": QueryStatus.OPEN if open_ else QueryStatus.RESOLVED,
                    "post_status": DeliveryStatus.SENT,
                    "created_at": created,
                    "first_response_at": first,
                    "first_response_working_minutes": None
                    if first is None
                    else rng.randint(1, 3 * calendar_day),
                    "resolved_at": resolved,
                    "resolution_working_minutes": None
                    if resolved is None
                    else rng.randint(60, 10 * calendar_day),
                }
            )
        for start in range(0, QUERIES, 10_000):
            connection.execute(insert(QueryTicket), rows[start : start + 10_000])


def main() -> None:
    calendar = Settings(_env_file=None).working_calendar()
    print(
        f"response-time table over {QUERIES:,} queries in a year, {OPEN_SHARE:.0%} still open "
        f"(target < {TARGET_SECONDS:g} s)"
    )
    for kind in ("sqlite", "postgresql"):
        with fresh_database(kind) as engine:
            fill(engine, random.Random(5), calendar.day_minutes)
            sessions = make_session_factory(engine)
            end = datetime.now(UTC) + timedelta(minutes=1)
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                with sessions.begin() as session:
                    table = response_table(
                        session=session,
                        start=end - timedelta(days=DAYS + 1),
                        end=end,
                        calendar=calendar,
                    )
                times.append(time.perf_counter() - started)
            assert sum(row.count for row in table) == QUERIES
        median = statistics.median(times)
        verdict = "ok" if median < TARGET_SECONDS else "SLOW"
        print(
            f"  {kind:<11} median {median * 1000:7.1f} ms   max {max(times) * 1000:7.1f} ms   "
            f"{verdict}"
        )
