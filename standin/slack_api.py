"""A local stand-in for Slack's Web API and response URLs that records every call.

It refuses what Slack refuses: unknown methods, missing required arguments, a missing or
wrong token, Block Kit payloads over Slack's limits, and what `standin.surfaces` finds
(repeated ids, mrkdwn Slack would show broken, text cut inside an entity); and on demand it answers 429, fails
with a server error, drops the connection, or keeps a call waiting with no answer.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from standin.connect import BOT_USER_ID as BOT_USER_ID
from standin.connect import HOME_TEAM, Connect
from standin.surfaces import SEEN, message_problems, view_problems

TEAM_ID = HOME_TEAM

BOT_ID = "BBOT0001"
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
TEXT_LIMIT = 3000
# Methods called with the app-level token, not the bot's: Slack's docs for
# apps.connections.open ("This API method uses an app-level token"; a bot token is refused
# with not_allowed_token_type, a wrong one with invalid_auth).
APP_LEVEL_METHODS: dict[str, dict[str, Any]] = {
    "apps.connections.open": {"required": [], "tier": "Tier1"}
}


def _load_methods() -> dict[str, dict[str, Any]]:
    text = resources.files("standin").joinpath("web_api_methods.json").read_text("utf-8")
    methods: dict[str, dict[str, Any]] = json.loads(text)
    return methods


@dataclass(frozen=True)
class Call:
    """One request relbot made: a Web API method, or `response_url` for a respond()."""

    method: str
    params: dict[str, Any]
    status: int


@dataclass
class Upload:
    """A file relbot uploaded: its bytes once POSTed, and where it was shared once completed."""

    file_id: str
    filename: str
    length: int
    data: bytes | None = None
    channel: str | None = None
    thread_ts: str | None = None
    title: str | None = None


@dataclass
class _Throttle:
    remaining: int
    retry_after: int


@dataclass
class _Bucket:
    """A token bucket: `rate` messages a second, up to `burst` at once."""

    rate: float
    burst: int
    tokens: float
    updated: float

    def take(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


def _set_event() -> threading.Event:
    event = threading.Event()
    event.set()
    return event


@dataclass
class SlackStandIn:
    """Start with `with SlackStandIn.running() as slack:`; `slack.api_url` is SLACK_API_URL."""

    token: str = "xoxb-test-token"
    app_token: str = "xapp-test-token"
    calls: list[Call] = field(default_factory=list)
    uploads: dict[str, Upload] = field(default_factory=dict)
    _throttles: dict[str, _Throttle] = field(default_factory=dict)
    _drops: dict[str, int] = field(default_factory=dict)
    _refusals: dict[str, tuple[str, int]] = field(default_factory=dict)
    _failures: dict[str, tuple[int, str, int]] = field(default_factory=dict)
    _stalls: dict[str, tuple[int, int]] = field(default_factory=dict)
    _unstall: threading.Event = field(default_factory=threading.Event)
    # Set while answers go out; cleared while a test holds them (`holding`).
    _answering: threading.Event = field(default_factory=_set_event)
    # Calls (Web API methods and response_url posts) waiting for a held answer.
    waiting: list[str] = field(default_factory=list)
    _limits: dict[tuple[str, str], tuple[float, int]] = field(default_factory=dict)
    _buckets: dict[tuple[str, str], _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _server: ThreadingHTTPServer | None = None
    _methods: dict[str, dict[str, Any]] = field(default_factory=_load_methods)
    answer_delay: float = 0.0
    keep_calls: bool = True
    # Where apps.connections.open sends the app: a `socket_mode.SocketModeEnd`'s URL.
    socket_mode_url: str | None = None
    # Other organisations' people and the channels shared with them (see standin/connect.py).
    connect: Connect = field(default_factory=Connect)
    # What people wrote, by (channel, ts), for conversations.history to read back.
    written: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    @classmethod
    @contextmanager
    def running(
        cls, token: str = "xoxb-test-token", answer_delay: float = 0.0, keep_calls: bool = True
    ) -> Iterator[SlackStandIn]:
        """Serve until the block ends; each answer waits `answer_delay` seconds, as Slack's do.

        Without `keep_calls`, calls are answered but not kept for `calls_to` and the like: over
        a long load the garbage collector's passes over those kept held every answer back for
        longer and longer (1.5 s after a few minutes).
        """
        standin = cls(token=token, answer_delay=answer_delay, keep_calls=keep_calls)
        server = _Server(("127.0.0.1", 0), _handler_for(standin))
        server.daemon_threads = True
        standin._server = server
        thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="slack-standin", daemon=True
        )
        thread.start()
        try:
            yield standin
        finally:
            standin._unstall.set()
            server.shutdown()
            server.server_close()

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "r1") -> str:
        """A response_url to put in a slash command or interaction; posts to it are recorded."""
        return f"{self.base_url}/response/{name}"

    def wrote(
        self, channel: str, ts: str, user: str, text: str, thread_ts: str | None = None
    ) -> None:
        """Someone wrote `text` in `channel` at `ts` (in a thread, with `thread_ts`):
        conversations.history and conversations.replies can read it."""
        message = {"type": "message", "user": user, "text": text, "ts": ts}
        if thread_ts is not None:
            message["thread_ts"] = thread_ts
        with self._lock:
            self.written[(channel, ts)] = message

    def throttle(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` with 429 and this Retry-After."""
        with self._lock:
            self._throttles[method] = _Throttle(times, retry_after)

    def limit_per_channel(self, method: str, rate: float = 1.0, burst: int = 3) -> None:
        """Allow `rate` calls a second per channel, in bursts of `burst`, as Slack does for
        chat.postMessage; beyond that answer 429 with Retry-After."""
        with self._lock:
            self._limits[(method, "channel")] = (rate, burst)

    def limit_workspace(self, method: str, rate: float, burst: int) -> None:
        """Allow `rate` calls a second of `method` across the workspace, in bursts."""
        with self._lock:
            self._limits[(method, "workspace")] = (rate, burst)

    def _over_limit(self, method: str, params: dict[str, Any]) -> bool:
        now = time.monotonic()
        keys = [("channel", str(params.get("channel", ""))), ("workspace", "*")]
        buckets = []
        for scope, key in keys:
            limit = self._limits.get((method, scope))
            if limit is not None:
                buckets.append(
                    self._buckets.setdefault(
                        (method, key), _Bucket(limit[0], limit[1], limit[1], now)
                    )
                )
        return not all([bucket.take(now) for bucket in buckets])

    def refuse(self, method: str, error: str, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with `{"ok": false, "error": error}`."""
        with self._lock:
            self._refusals[method] = (error, times)

    def _refusal(self, method: str) -> str | None:
        with self._lock:
            error, times = self._refusals.get(method, ("", 0))
            if times <= 0:
                return None
            self._refusals[method] = (error, times - 1)
            return error

    def fail(
        self, method: str, times: int = 1, status: int = 500, error: str = "internal_error"
    ) -> None:
        """Answer the next `times` calls of `method` with this HTTP status, as Slack does when
        it breaks: whether it acted on the call is then unknown to the caller. With no
        `error`, the answer is an HTML error page, as a proxy in front of Slack gives."""
        with self._lock:
            self._failures[method] = (status, error, times)

    def _failure(self, method: str) -> tuple[int, str] | None:
        with self._lock:
            status, error, times = self._failures.get(method, (500, "", 0))
            if times <= 0:
                return None
            self._failures[method] = (status, error, times - 1)
            return status, error

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Keep every answer waiting until the block ends, then answer as usual: Slack
        taking its time, for as long as a test needs to see what relbot does meanwhile
        (answers an acknowledgement, say), with no clock to race."""
        self._answering.clear()
        try:
            yield
        finally:
            self._answering.set()

    def _wait_while_held(self, what: str) -> None:
        if self._answering.is_set():
            return
        with self._lock:
            self.waiting.append(what)
        if not self._answering.wait(timeout=60):
            raise AssertionError(f"{what} was held for a minute: a test never let it go")
        with self._lock:
            self.waiting.remove(what)

    def stall(self, method: str, times: int = 1, after: int = 0) -> None:
        """Answer `after` more calls of `method`, then keep the next `times` waiting, with no
        answer, until `unstall()`: the moment a process is killed mid-call. They are
        recorded with status 0."""
        with self._lock:
            self._stalls[method] = (after, times)

    def _record(self, call: Call) -> None:
        """Keep a call answered (or not), under the lock the caller holds."""
        if self.keep_calls:
            self.calls.append(call)

    def _kept(self) -> list[Call]:
        """The calls kept, under the lock the caller holds; asking a stand-in that keeps
        none is a mistake, not an empty answer."""
        if not self.keep_calls:
            raise AssertionError("this stand-in keeps no calls (keep_calls=False)")
        return self.calls

    def unstall(self) -> None:
        """Let every waiting call go: its connection closes without an answer."""
        self._unstall.set()

    def _should_stall(self, method: str, params: dict[str, Any]) -> bool:
        with self._lock:
            after, times = self._stalls.get(method, (0, 0))
            if after > 0 or times <= 0:
                self._stalls[method] = (max(after - 1, 0), times)
                return False
            self._stalls[method] = (0, times - 1)
            self._record(Call(method, params, 0))
            return True

    def unanswered(self, method: str) -> list[Call]:
        """Calls of `method` that got no answer (dropped or stalled), in order."""
        with self._lock:
            return [c for c in self._kept() if c.method == method and c.status == 0]

    def drop(self, method: str, times: int = 1) -> None:
        """Close the connection without answering the next `times` calls of `method`."""
        with self._lock:
            self._drops[method] = self._drops.get(method, 0) + times

    def _should_drop(self, method: str, params: dict[str, Any]) -> bool:
        with self._lock:
            if self._drops.get(method, 0) <= 0:
                return False
            self._drops[method] -= 1
            self._record(Call(method, params, 0))
            return True

    def shared_files(self) -> list[Upload]:
        """Files uploaded and shared in a channel (files.completeUploadExternal), in order."""
        with self._lock:
            return [u for u in self.uploads.values() if u.channel is not None]

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.uploads.clear()
            self._throttles.clear()
            self._drops.clear()
            self._refusals.clear()
            self._failures.clear()
            self._stalls.clear()

    def calls_to(self, method: str) -> list[Call]:
        """Successful calls of one method, in order."""
        with self._lock:
            return [c for c in self._kept() if c.method == method and c.status == 200]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until `count` calls of `method` arrived (Bolt works after the ack)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls_to(method)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(f"expected {count} {method} call(s), got {self.calls_to(method)}")

    # -- answering ------------------------------------------------------------------------

    def _answer(
        self, method: str, params: dict[str, Any], auth: str | None
    ) -> tuple[int, dict[str, Any] | str, dict[str, str]]:
        # Held to Slack's rules whatever the answer: a call a test throttles, fails or
        # refuses on purpose still shows what relbot would send.
        surface = _surface_refusal(method, params)
        if surface is not None:
            SEEN.add(method, surface["response_metadata"]["messages"])
        with self._lock:
            throttle = self._throttles.get(method)
            limited = self._over_limit(method, params)
            if limited or (throttle and throttle.remaining > 0):
                if throttle and not limited:
                    throttle.remaining -= 1
                self._record(Call(method, params, 429))
                wait = throttle.retry_after if throttle and not limited else 1
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(wait)}
        failure = self._failure(method)
        if failure is not None:
            with self._lock:
                self._record(Call(method, params, failure[0]))
            page = f"<html><body><h1>{failure[0]} Server Error</h1></body></html>"
            return failure[0], {"ok": False, "error": failure[1]} if failure[1] else page, {}
        body = self._check(method, params, auth) or surface
        if body is None and (rule := self.connect.refusal(method, params)) is not None:
            body = {"ok": False, "error": rule}
        refused = self._refusal(method) if body is None else None
        if refused is not None:
            body = {"ok": False, "error": refused}
        if body is None:
            body = self._result(method, params)
        with self._lock:
            self._record(Call(method, params, 200 if body.get("ok") else 400))
        return 200, body, {}

    def _check(
        self, method: str, params: dict[str, Any], auth: str | None
    ) -> dict[str, Any] | None:
        spec = self._methods.get(method) or APP_LEVEL_METHODS.get(method)
        if spec is None:
            return {"ok": False, "error": "unknown_method"}
        if auth is None:
            return {"ok": False, "error": "not_authed"}
        app_level = method in APP_LEVEL_METHODS
        if auth != f"Bearer {self.app_token if app_level else self.token}":
            bot = app_level and auth == f"Bearer {self.token}"
            return {"ok": False, "error": "not_allowed_token_type" if bot else "invalid_auth"}
        missing = [name for name in spec["required"] if params.get(name) in (None, "")]
        if missing:
            return {
                "ok": False,
                "error": "invalid_arguments",
                "response_metadata": {"messages": [f"missing required field: {missing[0]}"]},
            }
        if method.startswith("chat.post") and not (params.get("text") or params.get("blocks")):
            return {"ok": False, "error": "no_text"}
        if method == "files.completeUploadExternal":
            problem = self._upload_problem(params)
            if problem:
                return {"ok": False, "error": problem}
        problem = _block_problem(method, params)
        if problem:
            return {
                "ok": False,
                "error": "invalid_blocks",
                "response_metadata": {"messages": [problem]},
            }
        return None

    def _upload_problem(self, params: dict[str, Any]) -> str | None:
        """Slack completes only files it issued an upload URL for and received in full."""
        try:
            files = _as_list(params["files"])
        except ValueError:
            return "invalid_arguments"
        with self._lock:
            for entry in files:
                upload = self.uploads.get(str(entry.get("id", "")))
                if upload is None or upload.data is None or len(upload.data) != upload.length:
                    return "file_not_found"
                if upload.channel is not None:
                    return "file_already_completed"
        return None

    def _result(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):08d}"
            with self._lock:
                self.uploads[file_id] = Upload(
                    file_id, str(params["filename"]), int(params["length"])
                )
            return {
                "ok": True,
                "file_id": file_id,
                "upload_url": f"{self.base_url}/upload/{file_id}",
            }
        if method == "files.completeUploadExternal":
            shared = []
            with self._lock:
                for entry in _as_list(params["files"]):
                    upload = self.uploads[str(entry["id"])]
                    upload.channel = str(params.get("channel_id") or params.get("channels") or "")
                    upload.thread_ts = params.get("thread_ts") or None
                    upload.title = entry.get("title")
                    shared.append({"id": upload.file_id, "name": upload.filename})
            return {"ok": True, "files": shared}
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://council.example/",
                "team": "Council",
                "user": "relbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
            }
        if method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            ts = params.get("ts") or f"{1700000000 + next(self._ts)}.000100"
            key = "message_ts" if method == "chat.postEphemeral" else "ts"
            return {
                "ok": True,
                "channel": _conversation(method, str(params["channel"])),
                key: ts,
                "message": {"text": params.get("text"), "ts": ts, "bot_id": BOT_ID},
            }
        if method == "apps.connections.open":
            ticket = next(self._ts)
            return {
                "ok": True,
                "url": self.socket_mode_url
                or f"ws://{self.base_url.removeprefix('http://')}/link/?ticket={ticket}",
            }
        if method == "users.info":
            return {"ok": True, "user": self.connect.user_info(str(params["user"]))}
        if method == "conversations.open":
            user = str(params.get("users", "")).split(",")[0]
            return {"ok": True, "channel": {"id": "D" + user.lstrip("UW")}}
        if method.startswith("views."):
            view = _as_json(params.get("view"))
            return {"ok": True, "view": {"id": f"V{next(self._ts):08d}", **view}}
        if method == "conversations.history":
            # `latest` with `inclusive` and `limit` 1 reads the one message at that ts
            # (https://docs.slack.dev/reference/methods/conversations.history); others are
            # not modelled.
            place = (str(params.get("channel")), str(params.get("latest")))
            with self._lock:
                found = self.written.get(place)
            # History holds a channel's own messages, not the replies in its threads.
            if found is not None and found.get("thread_ts") not in (None, found["ts"]):
                found = None
            return {"ok": True, "messages": [found] if found else [], "has_more": False}
        if method == "conversations.replies":
            # `ts` may be a thread's parent or any message in it
            # (https://docs.slack.dev/reference/methods/conversations.replies); `oldest` and
            # `latest` at that ts, `inclusive`, read that one message. Others are not modelled.
            place = (str(params.get("channel")), str(params.get("ts")))
            with self._lock:
                found = self.written.get(place)
            return {"ok": True, "messages": [found] if found else [], "has_more": False}
        if method == "chat.getPermalink":
            return {
                "ok": True,
                "permalink": f"https://council.example/archives/{params['channel']}/p{params['message_ts']}",
            }
        return {"ok": True}


def _conversation(method: str, channel: str) -> str:
    """The conversation a post landed in. A post to a user's id goes to their DM with the
    app, and Slack answers with that DM's id (D…), which later events of the DM carry
    (https://docs.slack.dev/reference/methods/chat.postMessage, "Direct messages"; the
    same id conversations.open gives)."""
    if method == "chat.postMessage" and channel[:1] in ("U", "W"):
        return "D" + channel.lstrip("UW")
    return channel


def _as_list(value: Any) -> list[dict[str, Any]]:
    loaded = json.loads(value) if isinstance(value, str) else value
    if not isinstance(loaded, list) or not all(isinstance(item, dict) for item in loaded):
        raise ValueError("files must be a JSON list of objects")
    return loaded


def _as_json(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        loaded: dict[str, Any] = json.loads(value)
        return loaded
    return dict(value or {})


def _surface_refusal(method: str, params: dict[str, Any]) -> dict[str, Any] | None:
    """Slack's answer to a message or view it would refuse (or show broken); None when it
    would take it. Slack answers invalid_blocks for a message's blocks and invalid_arguments
    for a view's (https://docs.slack.dev/reference/methods/views.open, "Errors"; the reasons
    in response_metadata.messages)."""
    try:
        if method.startswith("views.") and params.get("view") is not None:
            problems, error = view_problems(_as_json(params.get("view"))), "invalid_arguments"
        elif method.startswith("chat.") and ("blocks" in params or "text" in params):
            message = {**params, "blocks": _as_blocks(params.get("blocks"))}
            problems, error = message_problems(message), "invalid_blocks"
        else:
            return None
    except ValueError:  # not JSON: refused as such elsewhere
        return None
    if not problems:
        return None
    return {"ok": False, "error": error, "response_metadata": {"messages": problems}}


def _as_blocks(value: Any) -> list[dict[str, Any]]:
    loaded = json.loads(value) if isinstance(value, str) and value else value
    return list(loaded or [])


def _block_problem(method: str, params: dict[str, Any]) -> str | None:
    """Slack's limits on blocks: how many, and how long a section's text may be."""
    if method.startswith("views."):
        blocks = _as_json(params.get("view")).get("blocks", [])
        limit = VIEW_BLOCKS
    else:
        raw = params.get("blocks") or []
        blocks = json.loads(raw) if isinstance(raw, str) else raw
        limit = MESSAGE_BLOCKS
    if len(blocks) > limit:
        return f"no more than {limit} items allowed [json-pointer:/blocks]"
    for index, block in enumerate(blocks):
        text = (block.get("text") or {}).get("text", "")
        if len(text) > TEXT_LIMIT:
            return f"must be less than {TEXT_LIMIT} characters [json-pointer:/blocks/{index}/text]"
    return None


class _Server(ThreadingHTTPServer):
    # As Slack takes every connection: socketserver's default of 5 pending ones drops the
    # rest of a burst, and each dropped client waits a second for its connection to be
    # tried again.
    request_queue_size = socket.SOMAXCONN


def _handler_for(standin: SlackStandIn) -> Callable[..., BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            standin._wait_while_held(self.path.removeprefix("/api/").split("?")[0])
            if standin.answer_delay:
                time.sleep(standin.answer_delay)
            length = int(self.headers.get("Content-Length") or 0)
            data = self.rfile.read(length)
            if self.path.startswith("/upload/"):
                self._upload(self.path.removeprefix("/upload/"), data)
                return
            params = _parse(data.decode("utf-8"), self.headers.get("Content-Type", ""))
            params = {**dict(parse_qsl(urlsplit(self.path).query)), **params}
            if self.path.startswith("/response/"):
                # A response_url takes a message as chat.postMessage does, and refuses
                # invalid blocks the same way ("Handling user interaction", response_url).
                problems = message_problems(params)
                SEEN.add("response_url", problems)
                status = 400 if problems else 200
                with standin._lock:
                    standin._record(Call("response_url", {"path": self.path, **params}, status))
                answer: dict[str, Any] = {"ok": not problems}
                if problems:
                    answer |= {
                        "error": "invalid_blocks",
                        "response_metadata": {"messages": problems},
                    }
                self._send(status, answer, {})
                return
            method = self.path.removeprefix("/api/").split("?")[0]
            if standin._should_drop(method, params):
                self.close_connection = True
                return
            if standin._should_stall(method, params):
                standin._unstall.wait(timeout=120)
                self.close_connection = True
                return
            status, body, headers = standin._answer(
                method, params, self.headers.get("Authorization")
            )
            self._send(status, body, headers)

        def _upload(self, file_id: str, data: bytes) -> None:
            """The upload URL: takes the file's bytes once, as Slack's does."""
            with standin._lock:
                upload = standin.uploads.get(file_id)
                known = upload is not None and upload.data is None
                if upload is not None and known:
                    upload.data = data
                standin._record(
                    Call("upload", {"file_id": file_id, "bytes": len(data)}, 200 if known else 404)
                )
            self._send(200 if known else 404, {"ok": known}, {})

        def _send(self, status: int, body: dict[str, Any] | str, headers: dict[str, str]) -> None:
            html = isinstance(body, str)
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(status)
            kind = "text/html" if html else "application/json"
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _parse(raw: str, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        parsed: dict[str, Any] = json.loads(raw or "{}")
        return parsed
    params: dict[str, Any] = dict(parse_qsl(raw, keep_blank_values=True))
    for key in ("blocks", "view", "attachments", "files"):
        if isinstance(params.get(key), str) and params[key].startswith(("[", "{")):
            params[key] = json.loads(params[key])
    return params
