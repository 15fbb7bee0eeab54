"""HTTP mode: one WSGI app serving Slack's requests and the health check, under gunicorn."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from sqlalchemy import Engine

from relbot.db import database_answers

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

WsgiApp = Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]


def make_wsgi_app(app: App, engine: Engine) -> WsgiApp:
    """`POST /slack/events` goes to Bolt (which checks the signature); `GET /healthz` is ours."""
    slack = _SlackHandler(app, path=EVENTS_PATH)

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            return _health(environ, start_response, engine)
        return slack(environ, start_response)

    return wsgi


class _SlackHandler(SlackRequestHandler):
    """Bolt's handler, except that what Bolt cannot parse is refused rather than a crash.

    Bolt parses the body before it checks the signature, and the signature check fails with an
    exception on a timestamp that is not a number, so a forged or tampered request would
    otherwise end in a 500 (and the error handler answering the forger's `response_url`).
    Slack's own requests always parse, so such a request is refused as a bad signature is.
    """

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        try:
            parsed = BoltRequest(
                body=request.get_body(),
                query=request.query_string,
                headers=request.get_headers(),
            )
            for stamp in parsed.headers.get("x-slack-request-timestamp", []):
                int(stamp)
        except ValueError:
            return BoltResponse(status=401, body={"error": "invalid request"})
        return self.app.dispatch(parsed)


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
