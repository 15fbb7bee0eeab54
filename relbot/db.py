"""Engine, session factory and the read-only session; a transaction is `sessions.begin()`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, make_url, text
from sqlalchemy.orm import Session, sessionmaker

SessionFactory = sessionmaker[Session]

# A pooled connection back in the pool for longer than this is tried before it is handed out.
IDLE_BEFORE_PING_SECONDS = 1.0


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine; SQLite gets foreign keys, WAL and a busy timeout so threads can share it."""
    # Parameters carry people's Slack ids; logs and error messages must not tie an id to
    # what was just written (an anonymous /voice item, for one).
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        if make_url(url).database in (None, "", ":memory:"):
            # A database in memory has one connection per thread (SingletonThreadPool): no
            # overflow to size.
            kwargs.pop("max_overflow", None)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, **kwargs)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Try a connection before handing it out if it has been idle a while, as connection
    pools such as HikariCP do; one that fails is replaced, and every one as old with it.

    Trying every connection (`pool_pre_ping`) costs a round trip to the database on every
    request. One used within the last second is taken as alive: if it died since, the request
    using it fails (and says "try again"), and the pool replaces every connection as old, so
    the next request finds the database whether it is back or still gone.
    """
    dialect = engine.dialect

    def returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        at = record.info.get("returned_at")  # none yet: a connection just made
        if at is None or time.monotonic() - at < IDLE_BEFORE_PING_SECONDS:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            raise exc.InvalidatePoolError(str(error)) from error

    event.listen(engine, "checkin", returned)
    event.listen(engine, "checkout", checkout)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    if not _is_memory(dbapi_connection):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _is_memory(dbapi_connection: Any) -> bool:
    cursor = dbapi_connection.cursor()
    try:
        rows = cursor.execute("PRAGMA database_list").fetchall()
    finally:
        cursor.close()
    return any(row[1] == "main" and not row[2] for row in rows)


def make_session_factory(engine: Engine) -> SessionFactory:
    """Sessions that keep loaded attributes after commit, so results outlive the transaction."""
    return sessionmaker(bind=engine, expire_on_commit=False)


_READ_ONLY = "relbot.read_only"


class ReadOnlySessionError(RuntimeError):
    """Something tried to write through a session opened for reading."""


@contextmanager
def read_scope(factory: SessionFactory) -> Iterator[Session]:
    """A session for reading only, as answers to Slack read: on PostgreSQL each statement runs
    on its own, outside a transaction, which spares the BEGIN and COMMIT round trips around
    it (SQLite gains nothing and reads as `sessions.begin()` does). An ORM write is refused."""
    session = factory()
    session.info[_READ_ONLY] = True
    try:
        if session.get_bind().dialect.name != "sqlite":
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        yield session
    finally:
        session.close()


@event.listens_for(Session, "before_flush")
def _refuse_writes(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(_READ_ONLY):
        raise ReadOnlySessionError("a session opened for reading was asked to write")


def database_answers(engine: Engine) -> bool:
    """Whether the database accepts a trivial query right now."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True
