"""HTTP mode: one WSGI app serving Slack's requests and the health check, under gunicorn."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import Engine

from relbot.db import database_answers

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

WsgiApp = Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]


def make_wsgi_app(app: App, engine: Engine, signing_secret: str) -> WsgiApp:
    """`POST /slack/events` goes to Bolt once its signature is checked; `GET /healthz` is ours."""
    slack = _SlackHandler(app, SignatureVerifier(signing_secret), path=EVENTS_PATH)

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            return _health(environ, start_response, engine)
        return slack(environ, start_response)

    return wsgi


class _SlackHandler(SlackRequestHandler):
    """Bolt's handler, with the signature checked on the raw bytes before anything is parsed.

    Bolt parses the body before it checks the signature, so an unsigned body that is no
    object (`payload=[]`, `payload=1`, a JSON list) or a timestamp that is no number would
    end in a 500 and a traceback for anyone to cause. Here an unsigned request is refused
    first, with nothing parsed or logged, and a signed one that is not what Slack sends is
    refused as a bad request.
    """

    def __init__(self, app: App, verifier: SignatureVerifier, path: str) -> None:
        super().__init__(app, path=path)
        self._verifier = verifier

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        try:
            body, headers = request.get_body(), request.get_headers()
        except UnicodeDecodeError:  # Slack signs UTF-8 text: these bytes are not its
            return BoltResponse(status=401, body={"error": "invalid request"})
        if not self._signed(body, headers):
            return BoltResponse(status=401, body={"error": "invalid request"})
        try:
            parsed = BoltRequest(body=body, query=request.query_string, headers=headers)
        except (ValueError, AttributeError, TypeError):
            # Bolt reads the parsed body as an object while building the request: a list, a
            # number or a string fails there.
            return BoltResponse(status=400, body={"error": "malformed request"})
        if not isinstance(parsed.body, dict) or not parsed.body:
            return BoltResponse(status=400, body={"error": "malformed request"})
        return self.app.dispatch(parsed)

    def _signed(self, body: str, headers: dict[str, Any]) -> bool:
        first = {
            k.lower(): (v[0] if isinstance(v, list | tuple) and v else v)
            for k, v in headers.items()
        }
        try:
            return self._verifier.is_valid(
                body=body,
                timestamp=str(first.get("x-slack-request-timestamp") or ""),
                signature=str(first.get("x-slack-signature") or ""),
            )
        except (ValueError, TypeError):  # a timestamp that is no number
            return False


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
