"""Two processes running the schedule on one database, at the same due moment.

In production a PostgreSQL advisory lock lets only one process run the schedule
(tests/jobs/test_schedule.py shows the lock). These processes skip that election, as if it
were lost mid-pass, and still nothing is doubled: every effect is claimed by a unique key.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from relbot.models import Digest, PulseRound, QueryReminder
from relbot.models.pulse import DeliveryStatus
from standin.harness import Harness
from tests.faults.support import (
    DIGEST_CHANNEL,
    FINANCE_CHANNEL,
    add_overdue_tickets,
    add_providers,
    environment,
    posts_by_channel,
    posts_by_thread,
    start,
)
from tests.jobs.test_schedule import london
from tests.pulse.test_pulse_flow import EVERYONE
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]


def test_two_schedulers_at_the_same_moment_do_everything_once(
    council: Harness, tmp_path: Path
) -> None:
    everyone = EVERYONE | add_providers(council.sessions, 16)
    add_overdue_tickets(council.sessions, 3, datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    # Monday 10:00: the pulse round's slot; the digest (09:00) is within its grace, and
    # every query has waited twice its target.
    now = london(2026, 11, 30, 10, 0)
    go = tmp_path / "go"
    env = {**environment(council.settings), "PYTHONPATH": str(ROOT), "FAULTS_GO": str(go)}
    processes = [start(["-m", "tests.faults.tick", "all", now.isoformat()], env) for _ in "ab"]
    try:
        wait_until(lambda: len(list(tmp_path.glob("go.*.ready"))) == 2, "both ready", 60)
        go.touch()
        results = [p.communicate(timeout=90) for p in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()
    for process, (_, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err  # the process that lost a race backs off quietly

    with council.sessions.begin() as session:
        assert [r.slot for r in session.scalars(select(PulseRound))] == [
            "scheduled:2026-11-30T10:00"
        ]
        digests = [(d.status, d.channel) for d in session.scalars(select(Digest))]
        reminders = list(session.scalars(select(QueryReminder.status)))
    posts = posts_by_channel(council.slack)
    assert {u: posts[u] for u in everyone} == dict.fromkeys(everyone, 1)  # one invitation each
    assert posts[DIGEST_CHANNEL] == 1 and digests == [(DeliveryStatus.SENT, DIGEST_CHANNEL)]
    threads = {k: n for k, n in posts_by_thread(council.slack).items() if k[0] != "None"}
    assert len(threads) == 6 and set(threads.values()) == {1}  # two reminders per query
    assert posts[FINANCE_CHANNEL] == 6 and reminders.count(DeliveryStatus.SENT) == 6
    assert set(posts) == everyone | {DIGEST_CHANNEL, FINANCE_CHANNEL}
