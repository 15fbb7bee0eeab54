"""Alembic's migrations are the schema: they match the models, and undo cleanly."""

from __future__ import annotations

import threading

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from relbot.migrate import downgrade_to_empty, upgrade
from relbot.models import Base


def test_migrated_schema_matches_the_models(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_empty_and_back(migrated_engine: Engine) -> None:
    downgrade_to_empty(migrated_engine)
    assert set(inspect(migrated_engine).get_table_names()) <= {"alembic_version"}
    upgrade(migrated_engine)
    assert set(inspect(migrated_engine).get_table_names()) >= set(Base.metadata.tables)


def test_replicas_starting_together_migrate_once(migrated_engine: Engine) -> None:
    if migrated_engine.dialect.name != "postgresql":
        return  # SQLite: one process by design
    downgrade_to_empty(migrated_engine)
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
