"""One scheduler per database: a lock elects it; every job is idempotent.

APScheduler cannot share a job store between processes, so the schedule's state lives in
relbot's own tables (rounds by slot, invitations, reminders) and the scheduler only ticks.
On PostgreSQL the lock is an advisory lock held on a connection of its own; on a SQLite file
it is a lock on a file beside the database (the HTTP workers of one machine share it). Either
is held for as long as the process lives, and dies with it.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Connection, Engine, text

logger = logging.getLogger(__name__)

TICK_JOB_ID = "relbot.tick"
TICK_SECONDS = 60
# An arbitrary constant naming relbot's scheduler lock among the database's advisory locks.
ADVISORY_LOCK_KEY = 0x72656C626F74


class Leadership:
    """Whether this process may run the schedule."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Connection | None = None
        self._lock_file: int | None = None
        self._said_waiting = False

    def held(self) -> bool:
        if self.engine.dialect.name != "postgresql":
            return self._file_lock_held()
        if self._connection is not None:
            try:  # a lock dies with its connection (a database restart): check it still lives
                self._connection.execute(text("SELECT 1"))
                self._connection.commit()
                return True
            except Exception:
                logger.warning("lost the scheduler lock's connection; electing again")
                self.release()
        connection = self.engine.connect()
        won = connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
        ).scalar()
        connection.commit()
        if won:
            self._connection = connection
            return self._won()
        connection.close()
        return self._lost()

    def _file_lock_held(self) -> bool:
        database = self.engine.url.database
        if not database or database == ":memory:":
            return True  # a database in memory lives in this process alone
        if self._lock_file is None:
            descriptor = os.open(f"{database}-scheduler.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                return self._lost()
            self._lock_file = descriptor
            return self._won()
        return True

    def _won(self) -> bool:
        logger.info("this process runs the schedule")
        self._said_waiting = False
        return True

    def _lost(self) -> bool:
        if not self._said_waiting:  # once, not every minute
            logger.info("another process runs the schedule; this one waits")
            self._said_waiting = True
        return False

    def release(self) -> None:
        if self._lock_file is not None:
            os.close(self._lock_file)  # closing the file drops its lock
            self._lock_file = None
        if self._connection is not None:
            try:
                # A pooled connection outlives close(): unlock, or the lock stays held.
                self._connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY}
                )
                self._connection.commit()
                self._connection.close()
            except Exception:  # already broken: drop it from the pool for good
                logger.debug("closing a broken lock connection failed", exc_info=True)
                self._connection.invalidate()
            self._connection = None


def start_scheduler(
    engine: Engine, tick: Callable[[datetime], None], zone: str
) -> BackgroundScheduler:
    """Run `tick` every minute in this process while it holds the leadership."""
    leadership = Leadership(engine)

    def run() -> None:
        if leadership.held():
            tick(datetime.now(UTC))

    scheduler = BackgroundScheduler(timezone=zone)
    scheduler.add_job(
        run,
        "interval",
        seconds=TICK_SECONDS,
        id=TICK_JOB_ID,
        next_run_time=datetime.now(UTC),
        coalesce=True,
        max_instances=1,
        replace_existing=True,
    )
    scheduler.start()
    return scheduler
