"""Listeners are plain functions: called here with a fake ack, a real database and the
Slack stand-in, without Bolt in between."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from relbot.domain.profile import person_by_slack_id
from relbot.jobs.pulse import PulseJobs
from relbot.models import PulseResponse
from relbot.models.pulse import Dimension
from relbot.slack.client import make_web_client
from relbot.slack.command import relbot_command
from relbot.slack.deps import Deps
from relbot.slack.metadata import PulseMetadata
from relbot.slack.pulse.blocks import rating_block_id
from relbot.slack.pulse.forms import pulse_overall, pulse_ratings
from standin.harness import Harness
from tests.conftest import ADMIN
from tests.directory_data import OFFICER, PROVIDER


class FakeAck:
    """Records what a listener acknowledged with."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **answer: Any) -> None:
        self.calls.append(answer)


def _deps(harness: Harness) -> Deps:
    return Deps(settings=harness.settings, sessions=harness.sessions)


def _radio(value: str) -> dict[str, Any]:
    return {"a": {"type": "radio_buttons", "selected_option": {"value": value}}}


def test_relbot_help_is_the_acknowledgement(council: Harness) -> None:
    ack = FakeAck()
    command = {"text": "help", "user_id": PROVIDER, "trigger_id": "t"}
    relbot_command(ack, command, respond=None, client=None, deps=_deps(council))
    [answer] = ack.calls
    assert "/relbot contacts [department]" in str(answer["blocks"])


def test_pulse_steps_store_answers_and_refuse_gaps(council: Harness, jobs: PulseJobs) -> None:
    round_id, _ = jobs.open(now=datetime.now(UTC), slot="manual:called", by=ADMIN)
    deps = _deps(council)
    client = make_web_client(council.settings)
    with council.sessions.begin() as session:
        officer = person_by_slack_id(session=session, slack_user_id=OFFICER)
        provider = person_by_slack_id(session=session, slack_user_id=PROVIDER)
    assert officer is not None and provider is not None

    ack = FakeAck()
    scores = {"state": {"values": {d.value: _radio("3") for d in Dimension}}}
    mine = PulseMetadata(round_id=round_id, slack_user_id=OFFICER)
    pulse_overall(ack, scores, client, deps, mine, officer)
    assert ack.calls == [{}]
    with council.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(PulseResponse)) == 1

    ack = FakeAck()
    theirs = PulseMetadata(round_id=round_id, slack_user_id=PROVIDER, departments=(1,))
    pulse_ratings(ack, {"state": {"values": {}}}, client, deps, theirs, provider)
    [refused] = ack.calls
    assert refused["response_action"] == "errors"
    assert refused["errors"][rating_block_id(1, Dimension.TRUST)] == "Please choose one."
