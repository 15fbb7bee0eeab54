"""The HTTP endpoint: health, and Slack's signature rules (401, and nothing changes)."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import func, select

from relbot.db import make_engine
from relbot.models import AuditEntry
from standin.harness import Harness, running_app
from standin.signing import SignedRequest, SlackSigner
from standin.slack_api import SlackStandIn
from tests.directory_data import PROVIDER


def test_healthz_answers_200_when_the_database_answers(harness: Harness) -> None:
    reply = harness.get("/healthz")
    assert (reply.status, reply.json()) == (200, {"status": "ok", "database": "ok"})


def test_healthz_answers_503_when_the_database_does_not(
    settings, slack: SlackStandIn, tmp_path: Path
) -> None:
    unreachable = make_engine(f"sqlite:///{tmp_path}/no/such/folder/relbot.db")
    with running_app(settings, unreachable, slack) as harness:
        reply = harness.get("/healthz")
    assert (reply.status, reply.json()["database"]) == (503, "unreachable")


def test_signed_help_is_answered_in_the_ack(harness: Harness) -> None:
    reply = harness.command("help", user_id=PROVIDER)
    assert reply.status == 200
    text = str(reply.json()["blocks"])
    for usage in ("/relbot help", "/relbot contacts [department]", "/relbot profile"):
        assert usage in text


def _assert_refused(harness: Harness, request: SignedRequest) -> None:
    reply = harness.post(request)
    assert reply.status == 401
    harness.settle()  # whatever a listener would have done is done
    assert harness.slack.calls == []
    with harness.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_unsigned_request_gets_401(harness: Harness) -> None:
    signed = harness.signer.command(
        "/relbot", "help", user_id=PROVIDER, response_url=harness.slack.response_url()
    )
    headers = {"Content-Type": signed.headers["Content-Type"]}
    _assert_refused(harness, SignedRequest(signed.body, headers))


def test_request_signed_with_another_secret_gets_401(harness: Harness) -> None:
    forged = SlackSigner("not-the-signing-secret").command(
        "/relbot", "profile", user_id=PROVIDER, response_url=harness.slack.response_url()
    )
    _assert_refused(harness, forged)


def test_tampered_body_gets_401(harness: Harness) -> None:
    signed = harness.signer.command(
        "/relbot", "help", user_id=PROVIDER, response_url=harness.slack.response_url()
    )
    tampered = signed.body.replace(b"help", b"profile")
    _assert_refused(harness, SignedRequest(tampered, signed.headers))


def test_request_older_than_five_minutes_gets_401(harness: Harness) -> None:
    stale = harness.signer.command(
        "/relbot",
        "profile",
        user_id=PROVIDER,
        response_url=harness.slack.response_url(),
        timestamp=int(time.time()) - 301,
    )
    _assert_refused(harness, stale)


def test_unknown_path_is_404(harness: Harness) -> None:
    assert harness.get("/nope").status == 404
