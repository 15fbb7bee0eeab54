"""Alembic's migrations are the schema: they match the models, and undo cleanly."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, insert, inspect, select

from relbot.migrate import downgrade, upgrade
from relbot.models import Base, PulseAnswer, PulseResponse, PulseRound
from relbot.models.enums import Side
from relbot.models.pulse import Dimension, RoundStatus

BEFORE_ANSWER_TALLY = "0003_scale_indexes"


def test_migrated_schema_matches_the_models(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_empty_and_back(migrated_engine: Engine) -> None:
    downgrade(migrated_engine)
    assert set(inspect(migrated_engine).get_table_names()) <= {"alembic_version"}
    upgrade(migrated_engine)
    assert set(inspect(migrated_engine).get_table_names()) >= set(Base.metadata.tables)


def test_replicas_starting_together_migrate_once(migrated_engine: Engine) -> None:
    if migrated_engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one process by design")
    downgrade(migrated_engine)
    errors: list[BaseException] = []

    def start() -> None:
        try:
            upgrade(migrated_engine)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert set(inspect(migrated_engine).get_table_names()) >= set(Base.metadata.tables)


def test_the_answer_tally_is_filled_from_the_answers_kept_before_it(engine: Engine) -> None:
    downgrade(engine, BEFORE_ANSWER_TALLY)
    try:
        answered = {
            (1, 2, 3, 4, 4, 3, 2, 1): (8, 20),
            (0, 0, 4, 4, 1, 0, 2, 3): (5, 14),
            (0, 0, 0, 0, 0, 0, 0, 0): (0, 0),  # no contact at all
            (): (0, 0),  # no answers
        }
        now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        with engine.begin() as connection:
            round_id = connection.execute(
                insert(PulseRound).returning(PulseRound.id),
                {
                    "slot": "before",
                    "question_version": 1,
                    "status": RoundStatus.CLOSED,
                    "opened_at": now,
                    "closes_at": now,
                    "opened_by": "test",
                },
            ).scalar_one()
            expected = {}
            for scores, tally in answered.items():
                # Only the columns the table had then.
                response_id = connection.execute(
                    insert(PulseResponse)
                    .values(round_id=round_id, side=Side.PROVIDER, submitted_at=now, updated_at=now)
                    .returning(PulseResponse.id)
                ).scalar_one()
                for dimension, score in zip(Dimension, scores, strict=False):
                    connection.execute(
                        insert(PulseAnswer).values(
                            response_id=response_id, dimension=dimension, score=score
                        )
                    )
                expected[response_id] = tally
    finally:
        upgrade(engine)
    with engine.connect() as connection:
        stored = {
            row.id: (row.answer_count, row.answer_total)
            for row in connection.execute(
                select(PulseResponse.id, PulseResponse.answer_count, PulseResponse.answer_total)
            )
        }
    assert stored == expected
    # And back: the answers stay (on SQLite a rebuilt response table would cascade them away).
    downgrade(engine, BEFORE_ANSWER_TALLY)
    try:
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(PulseAnswer)) == 8 + 8 + 8
            assert connection.scalar(select(func.count()).select_from(PulseResponse)) == 4
    finally:
        upgrade(engine)
