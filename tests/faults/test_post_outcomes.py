"""Each job after the answers where the one rule of "Slack surely did not post" decides."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from urllib.error import URLError

import pytest
from sqlalchemy import select

from relbot.domain.digest.data import DigestWeek
from relbot.domain.pulse.outbox import DmKind
from relbot.jobs.digest import DigestJobs, Outcome
from relbot.jobs.pulse import PulseJobs
from relbot.jobs.queries import QueryJobs
from relbot.models import Digest, PulseInvitation, QueryReminder
from relbot.models.pulse import DeliveryStatus
from relbot.slack.client import make_web_client
from standin.harness import Harness
from tests.faults.support import DIGEST_CHANNEL, add_overdue_tickets, posts_by_channel
from tests.pulse.test_pulse_flow import EVERYONE

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _nowhere() -> str:
    with socket.socket() as probe:  # a port where nothing listens: connections are refused
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/api/"


def test_dms_slack_could_not_be_reached_for_go_out_on_the_next_pass(
    council: Harness, jobs: PulseJobs
) -> None:
    cut_off = council.settings.model_copy(update={"slack_api_url": _nowhere()})
    unreachable = PulseJobs(cut_off, council.sessions, make_web_client(cut_off))
    with pytest.raises(URLError):
        unreachable.open(now=datetime.now(UTC), slot="manual:cut-off", by="UADMIN001")
    with council.sessions.begin() as session:
        statuses = set(session.scalars(select(PulseInvitation.status)))
    assert statuses == {DeliveryStatus.PENDING}  # the one tried is back in line
    jobs.deliver(DmKind.INVITATION)
    assert posts_by_channel(council.slack) == dict.fromkeys(EVERYONE, 1)


def test_a_digest_slack_received_truncated_is_posted_by_the_next_tick(council: Harness) -> None:
    settings = council.settings.model_copy(update={"digest_channel": DIGEST_CHANNEL})
    jobs = DigestJobs(settings, council.sessions, make_web_client(settings, timeout=10))
    monday = DigestWeek.of(datetime.now(UTC), settings.zone).start(settings.zone)
    # Slack's docs: request_timeout, "the POST data was either missing or truncated".
    council.slack.refuse("chat.postMessage", "request_timeout")
    jobs.tick(monday + timedelta(hours=9, minutes=1))
    with council.sessions.begin() as session:
        [row] = session.scalars(select(Digest))
        assert (row.status, row.figures["error"]) == (DeliveryStatus.FAILED, "request_timeout")
    for minutes in (2, 3):
        jobs.tick(monday + timedelta(hours=9, minutes=minutes))
    assert len(council.slack.calls_to("chat.postMessage")) == 1
    with council.sessions.begin() as session:
        assert [d.status for d in session.scalars(select(Digest))] == [DeliveryStatus.SENT]
    assert jobs.post(DigestWeek.of(monday, settings.zone), now=MONDAY).outcome is (
        Outcome.ALREADY_POSTED
    )


def test_a_reminder_whose_answer_never_came_is_settled_and_the_rest_go_out(
    council: Harness,
) -> None:
    add_overdue_tickets(council.sessions, 2, MONDAY)
    client = make_web_client(council.settings, timeout=1)
    jobs = QueryJobs(council.settings, council.sessions, client)
    now = MONDAY + timedelta(days=4, hours=9)  # two reminders due per ticket
    council.slack.stall("chat.postMessage")
    try:
        jobs.tick(now)
    finally:
        council.slack.unstall()
    for minutes in (1, 2):
        jobs.tick(now + timedelta(minutes=minutes))
    [waited] = council.slack.unanswered("chat.postMessage")
    sent = {
        (c.params["thread_ts"], c.params["text"])
        for c in council.slack.calls_to("chat.postMessage")
    }
    assert len(sent) == 3 and (waited.params["thread_ts"], waited.params["text"]) not in sent
    with council.sessions.begin() as session:
        statuses = sorted(session.scalars(select(QueryReminder.status)))
    # Slack may have posted the one it never answered: settled (failed), not left in hand.
    assert statuses.count(DeliveryStatus.SENT) == 3
    assert DeliveryStatus.SENDING not in statuses and DeliveryStatus.PENDING not in statuses
