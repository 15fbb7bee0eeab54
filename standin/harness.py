"""relbot running behind its real HTTP endpoint, talking to the Slack stand-in.

The same WSGI application `relbot run --http` serves, under a threaded server, so a test
sends bytes over a socket exactly as Slack would and sees exactly what Slack would see.
"""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from relbot.app import create_app
from relbot.config import Settings
from relbot.db import SessionFactory, make_session_factory
from relbot.domain.categories import warm_up
from relbot.slack.client import make_web_client
from relbot.web import EVENTS_PATH, make_wsgi_app
from standin.signing import SignedRequest, SlackSigner
from standin.slack_api import SlackStandIn
from standin.surfaces import SEEN, ack_problems


@dataclass(frozen=True)
class Reply:
    """An HTTP answer from relbot."""

    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class _TrackingExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, remembering its work so a test can wait until it is all done."""

    def __init__(self) -> None:
        super().__init__(max_workers=5, thread_name_prefix="relbot-listener")
        self._futures: list[Future[Any]] = []
        self._guard = threading.Lock()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        with self._guard:
            self._futures.append(future)
        return future

    def settle(self, timeout: float) -> None:
        """Wait until every listener started so far (and any they started) has finished."""
        while True:
            with self._guard:
                pending = [f for f in self._futures if not f.done()]
                self._futures = pending
            if not pending:
                return
            _, not_done = wait(pending, timeout=timeout)
            if not_done:
                raise AssertionError(f"{len(not_done)} listener(s) still running after {timeout}s")


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # socketserver's default of 5 pending connections drops the rest of a burst, and each
    # dropped client waits a second for its connection to be tried again.
    request_queue_size = socket.SOMAXCONN


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@dataclass
class Harness:
    """Send signed requests to a running relbot; inspect what it sent to Slack."""

    url: str
    slack: SlackStandIn
    signer: SlackSigner
    sessions: SessionFactory
    settings: Settings
    listeners: _TrackingExecutor

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until relbot has finished the work its listeners do after acknowledging."""
        self.listeners.settle(timeout)

    def post(self, request: SignedRequest, path: str = EVENTS_PATH) -> Reply:
        reply = self._send(
            urllib.request.Request(
                self.url + path, data=request.body, headers=request.headers, method="POST"
            )
        )
        # What relbot acknowledges with reaches Slack too: a reply, or a form's next view.
        if reply.status == 200 and reply.body.startswith(b"{"):
            SEEN.add("ack", ack_problems(reply.json()))
        return reply

    def get(self, path: str) -> Reply:
        return self._send(urllib.request.Request(self.url + path, method="GET"))

    def command(
        self, text: str, *, user_id: str, command: str = "/relbot", **signing: Any
    ) -> Reply:
        self._delivered_to(user_id, "slash commands")
        return self.post(
            self.signer.command(
                command, text, user_id=user_id, response_url=self.slack.response_url(), **signing
            )
        )

    def interact(self, payload: dict[str, Any], **signing: Any) -> Reply:
        if payload.get("type") == "message_action":
            self._delivered_to(str(payload["user"]["id"]), "message shortcuts")
        user = payload.get("user") or {}
        team = self.slack.connect.team_of(str(user.get("id", "")))
        if team is not None and user.get("team_id") != team:
            raise AssertionError(
                f"Slack sends {user.get('id')}'s own team {team} as user.team_id, not "
                f"{user.get('team_id')}: build the payload with team_id={team!r}"
            )
        return self.post(self.signer.interaction(payload, **signing))

    def _delivered_to(self, user_id: str, what: str) -> None:
        """Slack delivers an app's slash commands and shortcuts only to people of a workspace
        where it is installed: a test sending one from an external person tests nothing real."""
        if self.slack.connect.is_external(user_id):
            raise AssertionError(
                f"Slack does not deliver {what} from {user_id}, an external person"
            )

    def event(self, event: dict[str, Any], *, event_id: str = "Ev0001", **signing: Any) -> Reply:
        return self.post(self.signer.event(event, event_id=event_id, **signing))

    @staticmethod
    def _send(request: urllib.request.Request) -> Reply:
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return Reply(answer.status, answer.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read())


@contextmanager
def running_app(settings: Settings, engine: Engine, slack: SlackStandIn) -> Iterator[Harness]:
    """Serve relbot over HTTP on a free local port until the block ends."""
    assert settings.slack_signing_secret is not None
    sessions = make_session_factory(engine)
    with suppress(SQLAlchemyError):  # as `relbot run` does, but before the first request
        warm_up(sessions, settings.categories)
    listeners = _TrackingExecutor()
    app = create_app(
        settings, sessions, make_web_client(settings, timeout=10), listener_executor=listeners
    )
    server = make_server(
        "127.0.0.1",
        0,
        make_wsgi_app(app, engine, settings.slack_signing_secret.get_secret_value()),
        server_class=_ThreadingWSGIServer,
        handler_class=_QuietHandler,
    )
    thread = threading.Thread(
        target=server.serve_forever, args=(0.05,), name="relbot-http", daemon=True
    )
    thread.start()
    try:
        yield Harness(
            url=f"http://127.0.0.1:{server.server_port}",
            slack=slack,
            signer=SlackSigner(settings.slack_signing_secret.get_secret_value()),
            sessions=sessions,
            settings=settings,
            listeners=listeners,
        )
    finally:
        server.shutdown()
        server.server_close()
        listeners.shutdown(wait=True)
