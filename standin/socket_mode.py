"""Slack's end of a Socket Mode connection: it greets the app, sends it envelopes and keeps
the acknowledgements that come back.

As Slack's "Using Socket Mode" docs (https://api.slack.com/apis/socket-mode) describe: the
app opens the WebSocket URL that `apps.connections.open` gave it, Slack says `hello`, then
sends each request as an envelope (`envelope_id`, `type` such as `slash_commands`,
`interactive` or `events_api`, `payload`, `accepts_response_payload`), and the app
acknowledges each one by sending back its `envelope_id`, with a `payload` when it answers.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Self

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from standin.slack_api import TEAM_ID
from standin.surfaces import SEEN, ack_problems

APP_ID = "A0RELBOT"


class SocketModeEnd:
    """A WebSocket server playing Slack for one Socket Mode app."""

    def __init__(self) -> None:
        self._server: Server = serve(self._connected, "127.0.0.1", 0)
        self._changed = threading.Condition()
        self._connection: ServerConnection | None = None
        self._acks: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[Self]:
        """Serve until the block ends."""
        end = cls()
        end._thread.start()
        try:
            yield end
        finally:
            end._server.shutdown()
            end._thread.join(5)

    @property
    def url(self) -> str:
        """What `apps.connections.open` answers with."""
        port = self._server.socket.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket=standin"

    def _connected(self, connection: ServerConnection) -> None:
        hello = {
            "type": "hello",
            "num_connections": 1,
            "connection_info": {"app_id": APP_ID},
            "debug_info": {"host": "standin", "approximate_connection_time": 3600},
        }
        connection.send(json.dumps(hello))
        with self._changed:
            self._connection = connection
            self._changed.notify_all()
        try:
            for message in connection:
                ack = json.loads(message)
                SEEN.add("Socket Mode ack", ack_problems(ack.get("payload")))
                with self._changed:
                    self._acks[str(ack.get("envelope_id"))] = ack
                    self._changed.notify_all()
        except ConnectionClosed:
            pass

    def wait_connected(self, timeout: float = 20.0) -> None:
        """Wait until the app has opened the connection."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._connection is not None, timeout):
                raise AssertionError("the app never opened its Socket Mode connection")

    def send(self, kind: str, payload: dict[str, Any]) -> str:
        """Send one request as Slack would; its envelope id, to wait for the ack by."""
        envelope_id = f"env-{next(self._ids)}"
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
        }
        with self._changed:
            connection = self._connection
        assert connection is not None, "wait_connected() first"
        connection.send(json.dumps(envelope))
        return envelope_id

    def ack_for(self, envelope_id: str, timeout: float = 3.0) -> dict[str, Any]:
        """The app's acknowledgement of an envelope; Slack gives up after three seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while envelope_id not in self._acks:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no acknowledgement of {envelope_id} in {timeout} s")
                self._changed.wait(left)
            return self._acks[envelope_id]


def slash_command(command: str, text: str, user_id: str) -> dict[str, Any]:
    """A slash command's payload as Socket Mode carries it (the HTTP form's fields)."""
    return {
        "token": "unused",
        "team_id": TEAM_ID,
        "team_domain": "council",
        "channel_id": "C0GENERAL",
        "channel_name": "general",
        "user_id": user_id,
        "user_name": user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "response_url": "https://hooks.slack.invalid/commands/1",
        "trigger_id": "trigger-socket",
    }
