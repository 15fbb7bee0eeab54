"""HTTP mode: one WSGI app serving Slack's requests and the health check, under gunicorn."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine

from relbot.db import database_answers

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

WsgiApp = Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]


def make_wsgi_app(app: App, engine: Engine) -> WsgiApp:
    """`POST /slack/events` goes to Bolt (which checks the signature); `GET /healthz` is ours."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            return _health(environ, start_response, engine)
        return slack(environ, start_response)

    return wsgi


def _health(
    environ: WSGIEnvironment, start_response: StartResponse, engine: Engine
) -> Iterable[bytes]:
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return _json(start_response, "405 Method Not Allowed", {"error": "use GET"})
    if database_answers(engine):
        return _json(start_response, "200 OK", {"status": "ok", "database": "ok"})
    return _json(
        start_response,
        "503 Service Unavailable",
        {"status": "unavailable", "database": "unreachable"},
    )


def _json(start_response: StartResponse, status: str, body: dict[str, Any]) -> Iterable[bytes]:
    data = json.dumps(body).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    )
    return [data]
