"""The one rule of when Slack surely did not post, asked of each answer Slack can give."""

from __future__ import annotations

import socket
from collections.abc import Callable
from functools import partial
from urllib.error import URLError

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from relbot.config import Settings
from relbot.slack.client import make_web_client
from relbot.slack.outcome import (
    CONNECTION_LOST,
    CONNECTION_REFUSED,
    NAME_NOT_RESOLVED,
    TIMED_OUT,
    Failure,
    Outcome,
    failure_of,
)
from standin.slack_api import SlackStandIn

POST = "chat.postMessage"


def _post(url: str, token: str, *, timeout: int = 5) -> BaseException:
    """What one post, with no retries, raises."""
    client = WebClient(token=token, base_url=url, timeout=timeout, retry_handlers=[])
    with pytest.raises((SlackApiError, OSError)) as raised:
        client.chat_postMessage(channel="C0QUEUE", text="Hello")
    return raised.value


Fault = Callable[[SlackStandIn], None]


def _failing(status: int, error: str) -> Fault:
    """Slack answers this HTTP status, with this error (none: an HTML error page)."""
    return lambda slack: slack.fail(POST, status=status, error=error)


def _refusing(code: str) -> Fault:
    return lambda slack: slack.refuse(POST, code)


ANSWERS: list[tuple[str, Fault, Failure]] = [
    # Slack's docs: 429 `ratelimited`, to be tried after Retry-After seconds.
    (
        "429",
        lambda s: s.throttle(POST, retry_after=7),
        Failure(Outcome.TRY_LATER, "ratelimited", 7),
    ),
    (
        "service_unavailable",
        _failing(503, "service_unavailable"),
        Failure(Outcome.TRY_LATER, "service_unavailable"),
    ),
    # "The POST data was either missing or truncated": Slack had no whole request to act on.
    (
        "request_timeout",
        _refusing("request_timeout"),
        Failure(Outcome.TRY_LATER, "request_timeout"),
    ),
    # A workspace mid-migration is "intermittently unavailable until the transition is complete".
    (
        "team_added_to_org",
        _refusing("team_added_to_org"),
        Failure(Outcome.TRY_LATER, "team_added_to_org"),
    ),
    # "It's possible some aspect of the operation succeeded before the error was raised."
    # Slack sends them with a 500 or, as most `ok: false` answers, with HTTP 200.
    *[
        (f"{code} {status}", fault(code), Failure(Outcome.UNCLEAR, code))
        for code in ("internal_error", "fatal_error")
        for status, fault in ((500, partial(_failing, 500)), (200, _refusing))
    ],
    # An error page, from Slack's edge or a proxy before it: whether it posted is unknown.
    *[
        (f"{status} page", _failing(status, ""), Failure(Outcome.UNCLEAR, f"HTTP {status}"))
        for status in (500, 502, 503, 504)
    ],
    # Refusals: nothing posted, and the same post is refused until someone changes something.
    *[
        (code, _refusing(code), Failure(Outcome.REFUSED, code))
        for code in (
            "channel_not_found",
            "not_in_channel",
            "is_archived",
            "msg_too_long",
            "invalid_blocks",
            "user_not_visible",
            "cannot_dm_bot",
            "token_revoked",
            "missing_scope",
        )
    ],
    # The connection cut before an answer came: Slack may have read the whole request.
    ("dropped", lambda s: s.drop(POST), Failure(Outcome.UNCLEAR, CONNECTION_LOST)),
]


@pytest.mark.parametrize(
    ("fault", "expected"), [(f, e) for _, f, e in ANSWERS], ids=[n for n, _, _ in ANSWERS]
)
def test_each_answer_slack_gives_a_post(
    slack: SlackStandIn, fault: Fault, expected: Failure
) -> None:
    fault(slack)
    assert failure_of(_post(slack.api_url, slack.token)) == expected


def test_a_token_slack_does_not_know_is_refused(slack: SlackStandIn) -> None:
    assert failure_of(_post(slack.api_url, "xoxb-revoked")) == Failure(
        Outcome.REFUSED, "invalid_auth"
    )


def test_a_connection_refused_never_reached_slack(slack: SlackStandIn) -> None:
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{probe.getsockname()[1]}/api/"
        refused = _post(nowhere, slack.token)
    assert failure_of(refused) == Failure(Outcome.TRY_LATER, CONNECTION_REFUSED)
    # urllib's error when Slack's name does not resolve (DNS down): nothing was sent either.
    unresolved = URLError(socket.gaierror(socket.EAI_NONAME, "Name or service not known"))
    assert failure_of(unresolved) == Failure(Outcome.TRY_LATER, NAME_NOT_RESOLVED)


def test_an_answer_that_never_comes_may_follow_a_post(slack: SlackStandIn) -> None:
    slack.stall(POST)
    try:
        waited = _post(slack.api_url, slack.token, timeout=1)
    finally:
        slack.unstall()
    assert failure_of(waited) == Failure(Outcome.UNCLEAR, TIMED_OUT)


def test_what_is_no_failure_of_a_call_to_slack_is_not_judged() -> None:
    assert failure_of(KeyError("ts")) is None


def test_the_client_retries_a_post_only_when_slack_surely_did_not_post(
    slack: SlackStandIn, settings: Settings
) -> None:
    client = make_web_client(settings)
    slack.fail(POST, status=503, error="service_unavailable")
    client.chat_postMessage(channel="C0QUEUE", text="once")
    slack.fail(POST, status=500, error="internal_error")
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C0QUEUE", text="maybe")
    slack.fail(POST, status=503, error="")
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C0QUEUE", text="maybe again")
    tried = [(c.params["text"], c.status) for c in slack.calls if c.method == POST]
    assert tried == [("once", 503), ("once", 200), ("maybe", 500), ("maybe again", 503)]
