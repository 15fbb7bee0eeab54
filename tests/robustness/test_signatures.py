"""Forged, replayed and unsigned requests of every kind get 401 and make relbot do nothing."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from relbot.models import AuditEntry, QueryTicket
from standin.harness import Harness
from standin.signing import SignedRequest, SlackSigner, block_action
from tests.directory_data import PROVIDER

Build = Callable[[Harness, SlackSigner, int | None], SignedRequest]


def _command(h: Harness, signer: SlackSigner, stamp: int | None) -> SignedRequest:
    return signer.command(
        "/query", "Finance when is my invoice paid?", user_id=PROVIDER,
        response_url=h.slack.response_url(), timestamp=stamp,
    )  # fmt: skip


def _action(h: Harness, signer: SlackSigner, stamp: int | None) -> SignedRequest:
    return signer.interaction(
        block_action(user_id=PROVIDER, action_id="open_profile"), timestamp=stamp
    )


def _event(h: Harness, signer: SlackSigner, stamp: int | None) -> SignedRequest:
    event = {"type": "app_home_opened", "user": PROVIDER, "tab": "home"}
    return signer.event(event, timestamp=stamp)


KINDS = pytest.mark.parametrize(
    "build", [_command, _action, _event], ids=["command", "action", "event"]
)


def _counts(harness: Harness) -> tuple[int | None, int | None]:
    with harness.sessions.begin() as session:
        return (
            session.scalar(select(func.count()).select_from(AuditEntry)),
            session.scalar(select(func.count()).select_from(QueryTicket)),
        )


def _assert_refused(harness: Harness, request: SignedRequest) -> None:
    harness.slack.reset()
    before = _counts(harness)
    assert harness.post(request).status == 401
    harness.settle()
    assert harness.slack.calls == []
    assert _counts(harness) == before


@KINDS
def test_forged_requests_get_401(council: Harness, build: Build) -> None:
    _assert_refused(council, build(council, SlackSigner("someone-elses-secret"), None))


@KINDS
def test_replayed_requests_older_than_five_minutes_get_401(council: Harness, build: Build) -> None:
    _assert_refused(council, build(council, council.signer, int(time.time()) - 6 * 60))


@KINDS
def test_unsigned_requests_get_401(council: Harness, build: Build) -> None:
    signed = build(council, council.signer, None)
    _assert_refused(
        council, SignedRequest(signed.body, {"Content-Type": signed.headers["Content-Type"]})
    )


@KINDS
def test_a_genuine_signature_replayed_on_another_body_gets_401(
    council: Harness, build: Build
) -> None:
    signed = build(council, council.signer, None)
    _assert_refused(council, SignedRequest(signed.body + b"&x=1", signed.headers))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    signature=st.one_of(
        st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=80),
        st.binary(min_size=32, max_size=32).map(lambda b: "v0=" + b.hex()),
    ),
    stamp=st.one_of(
        st.integers(min_value=-(2**40), max_value=2**40).map(str),
        st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=20),
    ),
)
def test_any_forged_signature_or_timestamp_gets_401(
    council: Harness, signature: str, stamp: str
) -> None:
    signed = _command(council, council.signer, None)
    headers = {**signed.headers, "X-Slack-Signature": signature}
    if stamp != signed.headers["X-Slack-Request-Timestamp"]:
        headers["X-Slack-Request-Timestamp"] = stamp
    _assert_refused(council, SignedRequest(signed.body, headers))


MALFORMED = [
    ("application/x-www-form-urlencoded", "payload=%5B%5D"),  # payload=[]
    ("application/x-www-form-urlencoded", "payload=1"),
    ("application/x-www-form-urlencoded", "payload=%22x%22"),
    ("application/json", "[1, 2]"),
    ("application/json", "7"),
]


@pytest.mark.parametrize(("kind", "body"), [*MALFORMED, ("application/json", "\udcff")])
def test_an_unsigned_malformed_body_gets_401_and_leaves_no_trace(
    council: Harness, kind: str, body: str, caplog: pytest.LogCaptureFixture
) -> None:
    headers = {"Content-Type": kind, "X-Slack-Request-Timestamp": str(int(time.time()))}
    headers["X-Slack-Signature"] = "v0=" + "0" * 64
    with caplog.at_level("INFO"):
        raw = body.encode("utf-8", "surrogateescape")
        assert council.post(SignedRequest(raw, headers)).status == 401
    assert not [r for r in caplog.records if r.exc_info or r.levelname == "ERROR"]


@pytest.mark.parametrize(("kind", "body"), MALFORMED)
def test_a_signed_malformed_body_gets_400_not_a_crash(
    council: Harness, kind: str, body: str, caplog: pytest.LogCaptureFixture
) -> None:
    signed = council.signer.sign(body, kind)
    with caplog.at_level("INFO"):
        assert council.post(signed).status == 400
    assert not [r for r in caplog.records if r.exc_info or r.levelname == "ERROR"]
    assert council.slack.calls == []
