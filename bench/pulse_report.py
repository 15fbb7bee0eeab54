"""Time to compute a round report over a year of fortnightly rounds for 2,000 people, on
SQLite and on PostgreSQL; the target is under one second."""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, select

from bench.common import fresh_database
from relbot.db import make_session_factory
from relbot.domain.pulse.answers import answer_tally
from relbot.domain.pulse.report import round_report, trend
from relbot.models import (
    Department,
    Person,
    PulseAnswer,
    PulseDepartmentAnswer,
    PulseInvitation,
    PulseResponse,
    PulseRound,
)
from relbot.models.enums import Area, OrgSize, ServiceType, Side
from relbot.models.pulse import DeliveryStatus, Dimension, RoundStatus

PEOPLE = 2000
ROUNDS = 26
RESPONSE_RATE = 0.6
RUNS = 5
TARGET_SECONDS = 1.0


def fill(engine: Engine, rng: random.Random) -> int:
    """A year of rounds written with bulk inserts; returns the latest round's id."""
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
                    "created_at": datetime.now(UTC),
                    "updated_at": datetime.now(UTC),
                }
                for i in range(9)
            ],
        )
        connection.execute(
            insert(Person),
            [
                {
                    "slack_user_id": f"U{i:08d}",
                    "name": f"Person {i}",
                    "side": Side.PROVIDER if i % 4 else Side.OFFICER,
                    "area": rng.choice(list(Area)),
                    "service_type": rng.choice(list(ServiceType)),
                    "org_size": rng.choice(list(OrgSize)),
                    "decision_maker": False,
                    "active": True,
                    "created_at": datetime.now(UTC),
                    "updated_at": datetime.now(UTC),
                }
                for i in range(PEOPLE)
            ],
        )
        people = list(
            connection.execute(
                select(Person.id, Person.side, Person.area, Person.service_type, Person.org_size)
            )
        )
        departments = list(connection.execute(select(Department.id)).scalars())
        start = datetime.now(UTC) - timedelta(weeks=2 * ROUNDS)
        latest = 0
        for number in range(ROUNDS):
            opened = start + timedelta(weeks=2 * number)
            latest = connection.execute(
                insert(PulseRound).returning(PulseRound.id),
                {
                    "slot": f"bench:{number}",
                    "question_version": 1,
                    "status": RoundStatus.CLOSED,
                    "opened_at": opened,
                    "closes_at": opened + timedelta(days=5),
                    "opened_by": "bench",
                },
            ).scalar_one()
            connection.execute(
                insert(PulseInvitation),
                [
                    {"round_id": latest, "person_id": p.id, "status": DeliveryStatus.SENT}
                    for p in people
                ],
            )
            answering = [p for p in people if rng.random() < RESPONSE_RATE]
            scores = [[rng.randint(0, 4) for _ in Dimension] for _ in answering]
            ids = (
                connection.execute(
                    insert(PulseResponse).returning(PulseResponse.id, sort_by_parameter_order=True),
                    [
                        {
                            "round_id": latest,
                            "person_id": p.id,
                            "side": p.side,
                            "area": p.area,
                            "service_type": p.service_type,
                            "org_size": p.org_size,
                            "answer_count": answer_tally(given)[0],
                            "answer_total": answer_tally(given)[1],
                            "submitted_at": opened,
                            "updated_at": opened,
                        }
                        for p, given in zip(answering, scores, strict=True)
                    ],
                )
                .scalars()
                .all()
            )
            connection.execute(
                insert(PulseAnswer),
                [
                    {"response_id": r, "dimension": d, "score": score}
                    for r, given in zip(ids, scores, strict=True)
                    for d, score in zip(Dimension, given, strict=True)
                ],
            )
            connection.execute(
                insert(PulseDepartmentAnswer),
                [
                    {
                        "response_id": r,
                        "department_id": dep,
                        "dimension": d,
                        "score": rng.randint(0, 4),
                    }
                    for r, p in zip(ids, answering, strict=True)
                    if p.side is Side.PROVIDER
                    for dep in rng.sample(departments, 2)
                    for d in Dimension
                ],
            )
    return latest


def main() -> None:
    print(
        f"round report: {ROUNDS} fortnightly rounds x {PEOPLE} people, "
        f"{RESPONSE_RATE:.0%} answering (target < {TARGET_SECONDS:g} s)"
    )
    for kind in ("sqlite", "postgresql"):
        with fresh_database(kind) as engine:
            latest = fill(engine, random.Random(3))
            sessions = make_session_factory(engine)
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                with sessions.begin() as session:
                    round_report(session=session, round_id=latest, min_group=5)
                    trend(session=session, min_group=5)
                times.append(time.perf_counter() - started)
        median = statistics.median(times)
        verdict = "ok" if median < TARGET_SECONDS else "SLOW"
        print(
            f"  {kind:<11} report + trend   median {median * 1000:7.1f} ms   "
            f"max {max(times) * 1000:7.1f} ms   {verdict}"
        )
