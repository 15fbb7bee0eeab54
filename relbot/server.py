"""Running relbot: gunicorn workers for HTTP mode, Bolt's handler for Socket Mode."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication

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

    With one thread, each worker is gunicorn's plain one: it serves a request at a time and
    takes a connection only when free, so each request goes to a worker that is free. A
    threaded worker keeps a client's connection open between requests, and the requests
    that come on it wait for that worker, however busy, while another stands idle.
    """
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync" if threads == 1 else "gthread",
        "threads": threads,
        "timeout": 60,
        "graceful_timeout": 20,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": "info",
    }
    logger.info("serving HTTP on %s:%s with %s workers of %s threads", host, port, workers, threads)
    GunicornServer(build, options).run()
