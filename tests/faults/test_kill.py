"""relbot killed (SIGKILL) mid-fan-out, mid-reminder-run and mid-digest, then started again.

Each side effect is claimed in the database before its Slack call. The one call in flight at
the kill may or may not have reached Slack: it is recorded as such and never sent again.
Everything else goes out exactly once after the restart.
"""

from __future__ import annotations

import signal
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from relbot.domain.digest.data import DigestWeek
from relbot.domain.pulse.outbox import INTERRUPTED, DmKind
from relbot.jobs.pulse import PulseJobs
from relbot.models import Digest, Person, PulseInvitation, QueryReminder
from relbot.models.pulse import DeliveryStatus
from relbot.slack.client import make_web_client
from relbot.slack.pulse.delivery import deliver
from standin.harness import Harness
from standin.slack_api import SlackStandIn
from tests.faults.support import (
    add_overdue_tickets,
    add_providers,
    environment,
    posts_by_channel,
    posts_by_thread,
    start,
)
from tests.pulse.test_pulse_flow import EVERYONE
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
POST = "chat.postMessage"


def _kill_mid_call(process: subprocess.Popen[str], slack: SlackStandIn) -> None:
    """SIGKILL `process` while Slack holds its call unanswered, then let the call go."""
    try:
        wait_until(
            lambda: bool(slack.unanswered(POST)) or process.poll() is not None, "a stall", 90
        )
        assert process.poll() is None, process.communicate()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
        slack.unstall()
    assert process.returncode == -signal.SIGKILL


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    process = start(args, env)
    try:
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return subprocess.CompletedProcess(args, process.returncode, out, err)


def _invitations(council: Harness) -> dict[str, tuple[DeliveryStatus, str | None]]:
    with council.sessions.begin() as session:
        rows = session.execute(
            select(Person.slack_user_id, PulseInvitation.status, PulseInvitation.error).join(
                Person, Person.id == PulseInvitation.person_id
            )
        )
        return {user: (status, error) for user, status, error in rows}


def test_killed_mid_fan_out_then_restarted_each_person_gets_one_invitation(
    council: Harness,
) -> None:
    everyone = EVERYONE | add_providers(council.sessions, 16)
    env = environment(council.settings)
    council.slack.stall(POST, after=7)
    _kill_mid_call(start(["-m", "relbot", "pulse", "open"], env), council.slack)
    [cut] = [str(c.params["channel"]) for c in council.slack.unanswered(POST)]
    assert sum(posts_by_channel(council.slack).values()) == 7

    # Opening again is refused (the round is open) and sends nothing ...
    refused = _run(["-m", "relbot", "pulse", "open"], env)
    assert refused.returncode == 1 and sum(posts_by_channel(council.slack).values()) == 7
    # ... the restarted process's first scheduler pass sends the rest.
    resumed = _run(["-m", "tests.faults.tick", "pulse"], {**env, "PYTHONPATH": str(ROOT)})
    assert resumed.returncode == 0, resumed.stderr
    assert posts_by_channel(council.slack) == dict.fromkeys(everyone - {cut}, 1)
    assert _invitations(council)[cut][0] is DeliveryStatus.SENDING  # claimed, fate unknown

    # Once its claim is older than any call could take, it is recorded as cut off, not resent.
    later = datetime.now(UTC) + timedelta(minutes=10)
    report = deliver(
        council.sessions,
        make_web_client(council.settings),
        DmKind.INVITATION,
        zone_name=council.settings.timezone,
        min_group=council.settings.min_group_size,
        now=lambda: later,
    )
    assert (report.sent, report.interrupted) == (0, 1)
    invitations = _invitations(council)
    assert invitations[cut] == (DeliveryStatus.FAILED, INTERRUPTED)
    assert {u for u, (s, _) in invitations.items() if s is DeliveryStatus.SENT} == everyone - {cut}
    assert posts_by_channel(council.slack) == dict.fromkeys(everyone - {cut}, 1)


def test_killed_mid_pulse_reminder_run_then_run_again_each_person_gets_one_reminder(
    council: Harness, jobs: PulseJobs
) -> None:
    everyone = EVERYONE | add_providers(council.sessions, 16)
    jobs.open(now=datetime.now(UTC), slot="manual:quiet", by="UADMIN001")
    council.slack.reset()
    env = environment(council.settings)
    council.slack.stall(POST, after=6)
    _kill_mid_call(start(["-m", "relbot", "pulse", "remind"], env), council.slack)
    [cut] = [str(c.params["channel"]) for c in council.slack.unanswered(POST)]

    again = _run(["-m", "relbot", "pulse", "remind"], env)  # the operator runs it again
    assert again.returncode == 0, again.stderr
    assert "Everyone has answered or was reminded already" in again.stdout
    posts = council.slack.calls_to(POST)
    assert all("reminder" in str(p.params["text"]) for p in posts)
    assert posts_by_channel(council.slack) == dict.fromkeys(everyone - {cut}, 1)
    with council.sessions.begin() as session:
        rows = session.execute(
            select(Person.slack_user_id, PulseInvitation.reminder_status).join(
                Person, Person.id == PulseInvitation.person_id
            )
        )
        reminders = {user: status for user, status in rows}
    assert reminders.pop(cut) is DeliveryStatus.SENDING  # claimed, fate unknown: not resent
    assert set(reminders.values()) == {DeliveryStatus.SENT}


def test_killed_mid_reminder_run_then_restarted_each_reminder_goes_out_once(
    council: Harness,
) -> None:
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    add_overdue_tickets(council.sessions, 5, monday)
    env = {**environment(council.settings), "PYTHONPATH": str(ROOT)}
    run = ["-m", "tests.faults.tick", "queries", (monday + timedelta(days=4, hours=9)).isoformat()]
    council.slack.stall(POST, after=4)
    _kill_mid_call(start(run, env), council.slack)
    [cut] = council.slack.unanswered(POST)
    assert sum(posts_by_thread(council.slack).values()) == 4

    resumed = _run(run, env)
    assert resumed.returncode == 0, resumed.stderr
    again = _run(run, env)  # and a pass after that sends nothing more
    assert again.returncode == 0, again.stderr
    messages = posts_by_thread(council.slack)
    # Two reminders per ticket (100% and 200% of the target); the one cut off is not resent.
    assert len(messages) == 9 and set(messages.values()) == {1}
    assert (str(cut.params["thread_ts"]), str(cut.params["text"])) not in messages
    with council.sessions.begin() as session:
        statuses = list(session.scalars(select(QueryReminder.status)))
    assert statuses.count(DeliveryStatus.SENT) == 9
    assert statuses.count(DeliveryStatus.SENDING) == 1  # claimed, fate unknown: kept so


def test_killed_mid_digest_post_then_run_again_it_is_never_posted_twice(
    council: Harness,
) -> None:
    env = environment(council.settings)
    council.slack.stall(POST)
    _kill_mid_call(start(["-m", "relbot", "digest", "--post"], env), council.slack)

    again = _run(["-m", "relbot", "digest", "--post"], env)
    assert again.returncode == 1
    assert "was cut off before Slack confirmed it, so it may be there already" in again.stderr
    zone = council.settings.zone
    due = DigestWeek.of(datetime.now(UTC), zone).start(zone) + timedelta(hours=9, minutes=1)
    tick = ["-m", "tests.faults.tick", "digest", due.isoformat()]
    scheduled = _run(tick, {**env, "PYTHONPATH": str(ROOT)})  # the schedule's pass that week
    assert scheduled.returncode == 0, scheduled.stderr
    assert council.slack.calls_to(POST) == [] and len(council.slack.unanswered(POST)) == 1
    with council.sessions.begin() as session:
        assert [d.status for d in session.scalars(select(Digest))] == [DeliveryStatus.SENDING]
