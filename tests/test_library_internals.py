"""The libraries' internals relbot leans on where they offer no hook, each checked by name.

pyproject.toml bounds each of these libraries below the next version not yet checked; before
raising a bound, run these and re-check what a failure names.
"""

from __future__ import annotations

import inspect
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from gunicorn import util
from gunicorn.workers.sync import SyncWorker
from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.listener_matcher.builtins import BuiltinListenerMatcher
from slack_sdk import WebClient
from slack_sdk.socket_mode.builtin import SocketModeClient

from relbot.slack.acking import AckFirst, AckFirstApp, _BodyMatcher
from standin.slack_api import SlackStandIn


def test_bolt_registers_listeners_as_ack_first_app_expects() -> None:
    assert list(inspect.signature(App._register_listener).parameters) == [
        "self",
        "functions",
        "primary_matcher",
        "matchers",
        "middleware",
        "auto_acknowledgement",
        "ack_timeout",
    ], (
        "slack_bolt's App._register_listener changed: re-check AckFirstApp._register_listener "
        "in relbot/slack/acking.py, which swaps the primary matcher (the second argument) "
        "and passes the rest through"
    )


def test_bolt_builtin_matchers_keep_their_function_and_its_argument_names() -> None:
    def matches(body: dict[str, Any]) -> bool:
        return True

    matcher = BuiltinListenerMatcher(func=matches)
    assert matcher.func is matches and matcher.arg_names == ["body"], (
        "slack_bolt's BuiltinListenerMatcher no longer keeps `func` and `arg_names`: re-check "
        "_on_body in relbot/slack/acking.py, which matches on the body alone through them"
    )


def test_bolt_primary_matchers_still_read_only_the_body() -> None:
    with ThreadPoolExecutor(1) as pool:
        app = AckFirstApp(
            ack_first=AckFirst(pool, lambda error, arguments: None),
            authorize=lambda **_: AuthorizeResult(
                enterprise_id=None, team_id="T1", bot_token="xoxb-test", bot_user_id="UBOT"
            ),
            request_verification_enabled=False,
            listener_executor=pool,
        )
        app.command("/relbot")(lambda ack: ack())
        app.action("a")(lambda ack: ack())
        app.event("app_home_opened")(lambda event: None)
        primary = [listener.matchers[0] for listener in app._listeners]
    assert all(isinstance(m, _BodyMatcher) for m in primary), (
        "Bolt's matchers for commands, actions or events no longer take only `body`, or "
        "App._listeners changed: AckFirstApp's body-only matching no longer applies; re-check "
        "_on_body in relbot/slack/acking.py"
    )


def test_gunicorn_workers_close_connections_through_close_graceful() -> None:
    assert list(inspect.signature(util.close_graceful).parameters) == [
        "sock",
        "timeout",
        "max_drain",
    ], "gunicorn.util.close_graceful changed: re-check close_at_once in relbot/server.py"
    assert {"util", "close_graceful"} <= set(SyncWorker.handle.__code__.co_names), (
        "gunicorn's SyncWorker.handle no longer closes through util.close_graceful: "
        "PromptSyncWorker in relbot/server.py no longer closes connections at once"
    )


def test_socket_mode_connects_to_the_url_it_is_given(slack: SlackStandIn) -> None:
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen(1)
        listening.settimeout(5)
        asked: list[bytes] = []

        def accept() -> None:
            connection, _ = listening.accept()
            with connection:
                asked.append(connection.recv(4096).split(b"\r\n")[0])

        accepting = threading.Thread(target=accept)
        accepting.start()
        web = WebClient(token=slack.token, base_url=slack.api_url)
        client = SocketModeClient(
            app_token=slack.app_token, web_client=web, auto_reconnect_enabled=False
        )
        try:
            client.wss_uri = f"ws://127.0.0.1:{listening.getsockname()[1]}/link/?ticket=1"
            client.connect()
            accepting.join(5)
        finally:
            client.close()
    assert asked == [b"GET /link/?ticket=1 HTTP/1.1"] and slack.calls == [], (
        "slack_sdk's SocketModeClient no longer connects to a `wss_uri` set before connect(): "
        "re-check run_socket_mode in relbot/runtime.py, which hands it the URL it opened"
    )


def test_bolt_has_no_argument_of_its_own_named_as_relbots_context_keys() -> None:
    from slack_bolt.kwargs_injection.args import Args

    from relbot.slack.deps import DEPS

    # Bolt passes a listener a context key only when it has no argument of that name itself.
    theirs = set(inspect.signature(Args.__init__).parameters)
    assert theirs.isdisjoint({DEPS, "metadata", "person"}), (
        "slack_bolt now has a listener argument named like a key relbot puts in the context: "
        "rename it in relbot/slack/deps.py (DEPS) or relbot/slack/forms.py (OwnForm)"
    )
