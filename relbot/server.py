"""Running relbot: gunicorn workers for HTTP mode, Bolt's handler for Socket Mode."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from typing import Any

from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.workers.sync import SyncWorker

from relbot.web import WsgiApp

logger = logging.getLogger(__name__)


class GunicornServer(BaseApplication):  # type: ignore[misc]
    """gunicorn in-process: workers, each a whole relbot (one of them, elected by a lock,
    runs the schedule)."""

    def __init__(self, build: Callable[[], WsgiApp], options: dict[str, Any]) -> None:
        self._build = build
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> WsgiApp:
        # Built in the worker, after the fork, so no database connection crosses it.
        return self._build()


# What a client sent that no one read, at most, dropped before its connection is closed.
UNREAD_DROPPED = 65536


def close_at_once(client: socket.socket, *_: Any, **__: Any) -> None:
    """Close a client's connection after its answer without waiting for the client.

    gunicorn's own close sends its end, then waits up to 2 s for the client to close its
    end, so that whatever the client sent that was not read is read first and closing does
    not reset the connection under the answer. Meanwhile the worker answers no one else:
    a client slow to close (or one that never does) held a worker of one thread for that
    long, and under load the waits came to a seventh of the workers' time. Here only what
    has already arrived is read, without waiting, and the connection closes at once. What
    a client sends later (it should send nothing more once told `Connection: close`, and
    Slack's requests and proxies do not) resets the connection, and may cut short an answer
    still on its way.
    """
    try:
        client.shutdown(socket.SHUT_WR)
        client.setblocking(False)
        dropped = 0
        while dropped < UNREAD_DROPPED:
            chunk = client.recv(UNREAD_DROPPED)
            if not chunk:
                break
            dropped += len(chunk)
    except OSError:  # nothing more waiting (BlockingIOError), or the client has gone
        pass
    finally:
        client.close()


class PromptSyncWorker(SyncWorker):  # type: ignore[misc]
    """gunicorn's plain worker, closing each connection with `close_at_once`."""

    def init_process(self) -> None:
        # After the fork, so only this worker's process closes this way. gunicorn has no
        # hook for how a worker closes a connection, so its function is replaced: gunicorn is
        # bounded in pyproject.toml, tests/test_library_internals.py checks the function and
        # its caller by name, and the test of a client that leaves its end open in
        # `tests/test_run_http.py` checks the effect.
        util.close_graceful = close_at_once
        super().init_process()


def serve_http(
    build: Callable[[], WsgiApp],
    *,
    host: str,
    port: int,
    threads: int,
    workers: int = 1,
    access_log: bool = False,
) -> None:
    """Serve until stopped (SIGTERM or SIGINT); with `access_log`, a line per request goes to
    standard output (off by default: it cost a twentieth of the CPU under load, and the load
    balancer in front keeps one).

    With one thread, each worker is gunicorn's plain one (closing connections at once): it
    serves a request at a time and takes a connection only when free, so each request goes
    to a worker that is free. A threaded worker keeps a client's connection open between
    requests, and the requests that come on it wait for that worker, however busy, while
    another stands idle.
    """
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": PromptSyncWorker if threads == 1 else "gthread",
        "threads": threads,
        "timeout": 60,
        "graceful_timeout": 20,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": "info",
    }
    logger.info("serving HTTP on %s:%s with %s workers of %s threads", host, port, workers, threads)
    GunicornServer(build, options).run()
