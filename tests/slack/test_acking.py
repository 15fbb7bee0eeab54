"""Slack is answered at a listener's ack(), while the rest of its work goes on in the pool."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import Ack, BoltRequest, BoltResponse
from slack_bolt.authorization import AuthorizeResult

from relbot.app import create_app
from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.slack import acking
from relbot.slack.acking import AckFirst, AckFirstApp
from relbot.slack.client import make_web_client
from tests.waiting import wait_until

Recorded = list[tuple[str, Exception]]


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(4) as executor:
        yield executor


def _app(
    pool: ThreadPoolExecutor, recorded: Recorded, events: ThreadPoolExecutor | None = None
) -> AckFirstApp:
    def late(error: Exception, arguments: dict[str, Any]) -> None:
        assert {"body", "respond", "client"} <= arguments.keys()
        recorded.append(("after the answer", error))

    app = AckFirstApp(
        ack_first=AckFirst(pool, late, events),
        authorize=lambda **_: AuthorizeResult(
            enterprise_id=None, team_id="T1", bot_token="xoxb-test", bot_user_id="UBOT"
        ),
        request_verification_enabled=False,
        listener_executor=pool,
    )

    @app.error
    def before(error: Exception) -> None:
        recorded.append(("before the answer", error))

    return app


def _command(text: str) -> BoltRequest:
    body = {"command": "/x", "text": text, "user_id": "U1", "team_id": "T1"}
    return BoltRequest(
        body=urlencode(body), headers={"content-type": ["application/x-www-form-urlencoded"]}
    )


def _event() -> BoltRequest:
    body = {
        "type": "event_callback",
        "team_id": "T1",
        "event_id": "Ev1",
        "event": {"type": "app_home_opened", "user": "U1", "tab": "home"},
    }
    return BoltRequest(body=json.dumps(body), headers={"content-type": ["application/json"]})


def _answer(app: AckFirstApp, request: BoltRequest) -> BoltResponse:
    return app.dispatch(request)


def test_the_answer_goes_at_ack_while_the_listener_carries_on(pool: ThreadPoolExecutor) -> None:
    recorded: Recorded = []
    app = _app(pool, recorded)
    carry_on, finished = threading.Event(), threading.Event()

    @app.command("/x")
    def listener(ack: Ack, command: dict[str, Any]) -> None:
        ack(text=f"got {command['text']}")
        carry_on.wait(5)
        finished.set()

    response = _answer(app, _command("hello"))
    assert response.status == 200 and response.body == "got hello"
    assert not finished.is_set()  # answered while the listener still waits
    carry_on.set()
    assert finished.wait(5)
    assert recorded == []


def test_a_failure_before_ack_reaches_bolts_error_handler(pool: ThreadPoolExecutor) -> None:
    recorded: Recorded = []
    app = _app(pool, recorded)

    @app.command("/x")
    def listener(ack: Ack) -> None:
        raise ValueError("before")

    response = _answer(app, _command(""))
    assert response.status == 500
    assert [(when, str(e)) for when, e in recorded] == [("before the answer", "before")]


def test_a_failure_after_ack_is_handed_to_the_late_error_handler(pool: ThreadPoolExecutor) -> None:
    recorded: Recorded = []
    app = _app(pool, recorded)
    answered, failed = threading.Event(), threading.Event()

    @app.command("/x")
    def listener(ack: Ack) -> None:
        ack()
        answered.wait(5)  # fails only once the answer has gone
        failed.set()
        raise ValueError("after")

    response = _answer(app, _command(""))
    answered.set()
    assert response.status == 200
    assert failed.wait(5)
    wait_until(lambda: recorded, "the error handler's call", timeout=5)
    assert [(when, str(e)) for when, e in recorded] == [("after the answer", "after")]


def test_a_failure_before_ack_after_the_wait_ended_still_reaches_an_error_handler(
    pool: ThreadPoolExecutor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(acking, "ACK_TIMEOUT_SECONDS", 0.1)
    recorded: Recorded = []
    app = _app(pool, recorded)
    release = threading.Event()

    @app.command("/x")
    def listener(ack: Ack) -> None:
        release.wait(5)  # Slack's wait (shortened here) is over before this fails
        raise ValueError("too late")

    response = _answer(app, _command(""))
    assert response.status == 404  # nothing acknowledged: Bolt says so, as Slack has given up
    release.set()
    wait_until(lambda: recorded, "the error handler's call", timeout=5)
    assert [(when, str(e)) for when, e in recorded] == [("after the answer", "too late")]


def test_an_event_is_acknowledged_without_waiting_for_its_listener(
    pool: ThreadPoolExecutor,
) -> None:
    recorded: Recorded = []
    app = _app(pool, recorded)
    carry_on, seen = threading.Event(), threading.Event()

    @app.event("app_home_opened")
    def listener(event: dict[str, Any]) -> None:
        carry_on.wait(5)
        seen.set()

    response = _answer(app, _event())
    assert response.status == 200 and not seen.is_set()  # answered while the listener waits
    carry_on.set()
    assert seen.wait(5)


def test_events_waiting_in_their_own_pool_hold_no_acknowledgement_back() -> None:
    """Each pool has one thread; an event holds the events' one (as a Home publish waiting
    out Slack's Retry-After would) and more events queue behind it."""
    recorded: Recorded = []
    release = threading.Event()
    gave_up: list[bool] = []  # whether each event's wait ran out before the release
    with ThreadPoolExecutor(1) as pool, ThreadPoolExecutor(1) as events:
        app = _app(pool, recorded, events)

        @app.event("app_home_opened")
        def opened(event: dict[str, Any]) -> None:
            gave_up.append(not release.wait(5))

        @app.command("/x")
        def listener(ack: Ack) -> None:
            ack(text="at once")

        for _ in range(3):
            assert _answer(app, _event()).status == 200
        # Released only once the command is answered: had its answer waited behind the
        # events, the first event's wait would have run out first.
        response = _answer(app, _command(""))
        release.set()
    assert response.body == "at once"
    assert gave_up == [False, False, False]
    assert recorded == []


def test_the_quick_answer_can_carry_a_list(pool: ThreadPoolExecutor) -> None:
    from relbot.slack.acking import ack_with

    recorded: Recorded = []
    app = _app(pool, recorded)

    @app.command("/x")
    def listener(ack: Ack, command: dict[str, Any]) -> None:
        if command["text"] == "fail":
            ack_with(ack, lambda: {"text": str(1 / 0)})
        else:
            ack_with(ack, lambda: {"text": "one, two"})

    response = _answer(app, _command("list"))
    assert json.loads(response.body) == {"text": "one, two", "response_type": "ephemeral"}
    # Building it failed: an empty acknowledgement, and the apology after it.
    response = _answer(app, _command("fail"))
    assert response.status == 200 and not response.body
    wait_until(lambda: recorded, "the error handler's call", timeout=5)
    assert [(when, type(e)) for when, e in recorded] == [("after the answer", ZeroDivisionError)]


def test_every_relbot_listener_is_matched_on_the_body_alone(
    settings: Settings, sessions: SessionFactory
) -> None:
    app = create_app(settings, sessions, make_web_client(settings))
    listeners = app._listeners  # Bolt keeps them in registration order, with no accessor
    assert len(listeners) >= 20
    for listener in listeners:
        assert isinstance(listener.matchers[0], acking._BodyMatcher), listener.ack_function
