"""Slack answering 429 and 500 for a while: nothing lost, nothing doubled.

A 429 means Slack posted nothing, so relbot waits and sends again. A 500 leaves it unknown
whether Slack posted, so relbot records that and never sends it again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from relbot.domain.digest.data import DigestWeek
from relbot.domain.pulse.outbox import DmKind
from relbot.jobs.digest import DigestJobs, Outcome
from relbot.jobs.pulse import PulseJobs
from relbot.jobs.queries import QueryJobs
from relbot.models import Digest, PulseInvitation, QueryReminder
from relbot.models.pulse import DeliveryStatus
from relbot.slack.client import RATE_LIMIT_RETRIES, make_web_client
from standin.harness import Harness
from tests.faults.support import (
    DIGEST_CHANNEL,
    add_overdue_tickets,
    add_providers,
    posts_by_channel,
    posts_by_thread,
)
from tests.pulse.test_pulse_flow import EVERYONE

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _invitations(council: Harness) -> dict[str, tuple[DeliveryStatus, str | None]]:
    from relbot.models import Person

    with council.sessions.begin() as session:
        rows = session.execute(
            select(Person.slack_user_id, PulseInvitation.status, PulseInvitation.error).join(
                Person, Person.id == PulseInvitation.person_id
            )
        )
        return {user: (status, error) for user, status, error in rows}


def test_a_fan_out_through_a_spell_of_429s_reaches_everyone_once(
    council: Harness, jobs: PulseJobs
) -> None:
    everyone = EVERYONE | add_providers(council.sessions, 16)
    # Longer than the client waits out, three times over: whole DMs wait for later passes.
    council.slack.throttle("chat.postMessage", times=3 * (RATE_LIMIT_RETRIES + 1), retry_after=0)
    jobs.open(now=datetime.now(UTC), slot="manual:busy", by="UADMIN001")
    for _ in range(5):  # the schedule's passes, a minute apart
        jobs.deliver(DmKind.INVITATION)
    assert posts_by_channel(council.slack) == dict.fromkeys(everyone, 1)
    assert {status for status, _ in _invitations(council).values()} == {DeliveryStatus.SENT}
    assert len([c for c in council.slack.calls if c.status == 429]) == 3 * (RATE_LIMIT_RETRIES + 1)


def test_a_fan_out_through_a_spell_of_500s_records_the_unclear_dms_and_resends_none(
    council: Harness, jobs: PulseJobs
) -> None:
    everyone = EVERYONE | add_providers(council.sessions, 16)
    council.slack.fail("chat.postMessage", times=3)
    _, report = jobs.open(now=datetime.now(UTC), slot="manual:broken", by="UADMIN001")
    assert (report.sent, report.failed) == (len(everyone) - 3, 3)
    for _ in range(3):
        assert jobs.deliver(DmKind.INVITATION).sent == 0
    unclear = {str(c.params["channel"]) for c in council.slack.calls if c.status == 500}
    assert len(unclear) == 3
    # Slack may have posted those three before failing: they are recorded, never sent again.
    assert posts_by_channel(council.slack) == dict.fromkeys(everyone - unclear, 1)
    invitations = _invitations(council)
    assert {
        u for u, (s, _) in invitations.items() if s is DeliveryStatus.SENT
    } == everyone - unclear
    assert {u: invitations[u] for u in unclear} == dict.fromkeys(
        unclear, (DeliveryStatus.FAILED, "internal_error")
    )


@pytest.mark.parametrize("error", ["internal_error", ""], ids=["slack-error", "html-page"])
def test_the_digest_through_500s_is_recorded_unconfirmed_and_never_posted_twice(
    council: Harness, error: str
) -> None:
    settings = council.settings.model_copy(update={"digest_channel": DIGEST_CHANNEL})
    jobs = DigestJobs(settings, council.sessions, make_web_client(settings, timeout=10))
    week = DigestWeek.of(datetime.now(UTC), settings.zone)
    monday = week.start(settings.zone)
    council.slack.fail("chat.postMessage", times=5, error=error)
    jobs.tick(monday + timedelta(hours=9, minutes=1))
    assert len([c for c in council.slack.calls if c.status == 500]) == 1  # a post is not retried
    for minutes in (2, 3, 4):  # Slack is back; the schedule does not post again
        jobs.tick(monday + timedelta(hours=9, minutes=minutes))
    again = jobs.post(week, now=datetime.now(UTC))  # nor does an operator's `relbot digest`
    assert again.outcome is Outcome.UNCONFIRMED
    assert council.slack.calls_to("chat.postMessage") == []
    with council.sessions.begin() as session:
        assert [d.status for d in session.scalars(select(Digest))] == [DeliveryStatus.SENDING]


def _reminders(council: Harness) -> list[DeliveryStatus]:
    with council.sessions.begin() as session:
        return list(session.scalars(select(QueryReminder.status).order_by(QueryReminder.id)))


def test_overdue_reminders_through_a_spell_of_429s_each_go_out_once(council: Harness) -> None:
    add_overdue_tickets(council.sessions, 4, MONDAY)
    jobs = QueryJobs(council.settings, council.sessions, make_web_client(council.settings))
    # Past 200% of Finance's target: two reminders per ticket (100% to the contacts, 200% to
    # the decision makers; 75% settles unsent).
    now = MONDAY + timedelta(days=4, hours=9)
    council.slack.throttle("chat.postMessage", times=2 * (RATE_LIMIT_RETRIES + 1), retry_after=0)
    for minutes in range(6):
        jobs.tick(now + timedelta(minutes=minutes))
    messages = posts_by_thread(council.slack)
    assert len(messages) == 8 and set(messages.values()) == {1}
    assert len({thread for thread, _ in messages}) == 4
    assert _reminders(council).count(DeliveryStatus.SENT) == 8
    assert DeliveryStatus.PENDING not in _reminders(council)


def test_overdue_reminders_through_500s_are_settled_not_resent(council: Harness) -> None:
    add_overdue_tickets(council.sessions, 4, MONDAY)
    jobs = QueryJobs(council.settings, council.sessions, make_web_client(council.settings))
    now = MONDAY + timedelta(days=4, hours=9)
    council.slack.fail("chat.postMessage", times=2)
    for minutes in range(4):
        jobs.tick(now + timedelta(minutes=minutes))
    failed = {
        (str(c.params["thread_ts"]), str(c.params["text"]))
        for c in council.slack.calls
        if c.status == 500
    }
    messages = posts_by_thread(council.slack)
    assert len(failed) == 2 and not failed & set(messages)
    assert len(messages) == 6 and set(messages.values()) == {1}
    statuses = _reminders(council)
    assert statuses.count(DeliveryStatus.SENT) == 6
    assert DeliveryStatus.PENDING not in statuses and DeliveryStatus.SENDING not in statuses
