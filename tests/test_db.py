"""Sessions for reading: no transaction held around their statements, and no writes."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, text

from relbot.db import (
    ReadOnlySessionError,
    make_engine,
    make_session_factory,
    read_scope,
)
from relbot.models import Department


def test_a_read_session_refuses_to_write_and_nothing_is_written(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    with pytest.raises(ReadOnlySessionError), read_scope(sessions) as session:
        session.add(Department(name="Finance", name_key="finance"))
        session.flush()
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Department)) == 0


def test_a_read_session_reads_what_is_there(engine: Engine) -> None:
    sessions = make_session_factory(engine)
    with sessions.begin() as session:
        session.add(Department(name="Finance", name_key="finance"))
    with read_scope(sessions) as session:
        assert session.scalars(select(Department.name)).all() == ["Finance"]


def test_on_postgresql_each_read_runs_on_its_own_and_the_connection_goes_back_as_it_was(
    engine: Engine,
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite reads the same either way")
    one = make_engine(engine.url.render_as_string(hide_password=False), pool_size=1, max_overflow=0)
    sessions = make_session_factory(one)
    started = text("SELECT transaction_timestamp()")
    try:
        with read_scope(sessions) as session:
            # Outside a transaction, each statement is a transaction of its own.
            assert session.scalar(started) != session.scalar(started)
        with sessions.begin() as session:  # the same connection, in a transaction again
            assert session.scalar(started) == session.scalar(started)
    finally:
        one.dispose()
