"""The database pool of a running relbot: a connection for every thread that uses one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Connection, text

from relbot.app import EVENT_THREADS
from relbot.config import Settings
from relbot.runtime import database_engine


def test_every_thread_of_a_running_relbot_holds_a_connection_at_once(settings: Settings) -> None:
    settings = settings.model_copy(update={"listener_threads": 3, "http_threads": 2})
    engine = database_engine(settings, request_threads=settings.http_threads)
    # The listener threads, the event threads, the schedule's lock and its tick, the
    # categoriser's warm-up and the request threads (health checks), all at once.
    threads = 3 + EVENT_THREADS + 2 + 1 + 2
    held: list[Connection] = []

    def take_all() -> None:
        for _ in range(threads):
            connection = engine.connect()
            connection.execute(text("SELECT 1"))
            held.append(connection)

    taking = ThreadPoolExecutor(max_workers=1)
    try:
        # A pool too small makes the last ones wait (30 s, then fail): none may wait.
        taking.submit(take_all).result(timeout=10)
        assert len(held) == threads
    finally:
        taking.shutdown(wait=False)
        for connection in held:
            connection.close()
    # Each listener thread's connection stays in the pool; the rest close when put back.
    assert engine.pool.checkedin() == settings.listener_threads
    engine.dispose()
