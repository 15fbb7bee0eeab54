"""PostgreSQL connections are tried only after they have been idle a while: one in constant
use costs no extra round trip, and one that died while idle is replaced before a request
sees it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, exc, text

import relbot.db
from relbot.db import make_engine


@pytest.fixture
def linked(engine: Engine) -> Iterator[Engine]:
    """A pool of its own on the test database, so its connections can be ended under it."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite files have no connections to lose; the PostgreSQL run covers this")
    pool = make_engine(engine.url.render_as_string(hide_password=False), pool_size=1)
    yield pool
    pool.dispose()


@pytest.fixture
def pings(linked: Engine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Each connection the pool tries before handing it out."""
    tried: list[object] = []
    real = linked.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        tried.append(dbapi_connection)
        return real(dbapi_connection)

    monkeypatch.setattr(linked.dialect, "do_ping", counted)
    return tried


def _backend(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(text("SELECT pg_backend_pid()")) or 0)


def _end(engine: Engine, pid: int) -> None:
    """End a backend from outside, as a database restart or a dropped link would, and wait
    (up to five seconds) until it has gone."""
    with engine.connect() as connection:
        ended = connection.scalar(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
    assert ended


def test_a_connection_in_constant_use_is_not_tried_each_time(
    linked: Engine, pings: list[object]
) -> None:
    first = _backend(linked)
    for _ in range(20):
        assert _backend(linked) == first
    assert pings == []


def test_a_connection_that_died_while_idle_is_replaced_unseen(
    linked: Engine, engine: Engine, pings: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = _backend(linked)
    _end(engine, dead)
    monkeypatch.setattr(relbot.db, "IDLE_BEFORE_PING_SECONDS", 0.0)  # it has been idle long

    replaced = _backend(linked)  # no error: tried, found dead, replaced
    assert replaced != dead and len(pings) == 1


def test_one_that_died_just_after_use_fails_once_and_the_pool_recovers(
    linked: Engine, engine: Engine, pings: list[object]
) -> None:
    dead = _backend(linked)
    _end(engine, dead)

    with pytest.raises(exc.OperationalError):  # the request says "try again"
        _backend(linked)
    assert _backend(linked) != dead  # the next finds a new connection
    assert pings == []
