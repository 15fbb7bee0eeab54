"""The pulse schedule under controlled time: fortnightly, DST, grace, restarts, two processes."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from relbot.jobs.pulse import PulseJobs
from relbot.jobs.schedule import PulseSchedule
from relbot.models import PulseInvitation, PulseRound
from relbot.models.pulse import DeliveryStatus, RoundStatus
from standin.harness import Harness
from tests.waiting import wait_until

LONDON = ZoneInfo("Europe/London")


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON).astimezone(UTC)


def schedule(grace_hours: float = 12) -> PulseSchedule:
    return PulseSchedule("0 10 * * mon", LONDON, 2, date(2024, 1, 1), timedelta(hours=grace_hours))


def test_slots_fall_every_other_monday_at_ten_local_time_across_dst() -> None:
    fires = schedule().fire_times(london(2026, 3, 1), london(2026, 4, 30))
    local = [f.astimezone(LONDON) for f in fires]
    assert [(t.date().isoformat(), t.hour, t.minute) for t in local] == [
        ("2026-03-09", 10, 0),
        ("2026-03-23", 10, 0),
        ("2026-04-06", 10, 0),
        ("2026-04-20", 10, 0),
    ]
    # Clocks went forward on 29 March: the UTC hour moves, the local hour does not.
    assert [f.astimezone(UTC).hour for f in fires] == [10, 10, 9, 9]


def test_autumn_dst_neither_moves_nor_doubles_a_slot() -> None:
    fires = schedule().fire_times(london(2026, 10, 15), london(2026, 11, 10))
    assert [f.astimezone(LONDON).strftime("%Y-%m-%d %H:%M") for f in fires] == [
        "2026-10-19 10:00",
        "2026-11-02 10:00",
    ]
    assert [f.astimezone(UTC).hour for f in fires] == [9, 10]


def test_a_daily_01_30_job_on_the_night_clocks_go_back_runs_once() -> None:
    nightly = PulseSchedule("30 1 * * *", LONDON, 1, date(2024, 1, 1), timedelta(hours=1))
    fires = nightly.fire_times(london(2026, 10, 24, 12), london(2026, 10, 26, 12))
    assert [f.astimezone(LONDON).strftime("%d %H:%M") for f in fires] == ["25 01:30", "26 01:30"]


def test_due_slot_within_grace_and_not_after() -> None:
    s = schedule(grace_hours=12)
    assert s.due_slot(london(2026, 11, 30, 9, 59)) is None
    assert s.due_slot(london(2026, 11, 30, 10, 0)) == "scheduled:2026-11-30T10:00"
    assert s.due_slot(london(2026, 11, 30, 21, 59)) == "scheduled:2026-11-30T10:00"
    assert s.due_slot(london(2026, 11, 30, 22, 1)) is None
    assert s.due_slot(london(2026, 11, 23, 11, 0)) is None  # off-cycle Monday


def _rounds(council: Harness) -> list[PulseRound]:
    with council.sessions.begin() as session:
        return list(session.scalars(select(PulseRound).order_by(PulseRound.id)))


def test_ticks_open_remind_and_close_once_each_with_restarts(
    council: Harness, jobs: PulseJobs
) -> None:
    start = london(2026, 11, 30, 10, 0)
    for minutes in (0, 1, 5):  # repeated ticks, as after restarts, do not repeat the open
        jobs.tick(start + timedelta(minutes=minutes))
    [pulse] = _rounds(council)
    assert pulse.slot == "scheduled:2026-11-30T10:00" and pulse.status is RoundStatus.OPEN
    assert len(council.slack.calls_to("chat.postMessage")) == 4
    council.slack.reset()
    jobs.tick(start + timedelta(days=2))  # reminder due
    jobs.tick(start + timedelta(days=2, minutes=1))
    assert len(council.slack.calls_to("chat.postMessage")) == 4
    council.slack.reset()
    jobs.tick(start + timedelta(days=5))  # closing time
    jobs.tick(start + timedelta(days=5, hours=1))
    [pulse] = _rounds(council)
    assert pulse.status is RoundStatus.CLOSED
    assert council.slack.calls_to("chat.postMessage") == []
    jobs.tick(start + timedelta(days=14, hours=3))  # down until 13:00: opens once, late
    assert [r.slot for r in _rounds(council)] == [
        "scheduled:2026-11-30T10:00",
        "scheduled:2026-12-14T10:00",
    ]


def test_a_slot_missed_beyond_grace_is_skipped_not_run_late(
    council: Harness, jobs: PulseJobs
) -> None:
    jobs.tick(london(2026, 12, 1, 10, 0))
    assert _rounds(council) == []


def test_two_processes_ticking_at_once_open_one_round_and_send_one_dm_each(
    council: Harness, jobs: PulseJobs
) -> None:
    other = PulseJobs(jobs.settings, jobs.sessions, jobs.client)
    now = london(2026, 11, 30, 10, 0)
    errors: list[BaseException] = []

    def run(job: PulseJobs) -> None:
        try:
            job.tick(now)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(j,)) for j in (jobs, other, jobs, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(_rounds(council)) == 1
    channels = [c.params["channel"] for c in council.slack.calls_to("chat.postMessage")]
    assert sorted(channels) == sorted(set(channels)) and len(channels) == 4
    with council.sessions.begin() as session:
        sent = session.scalar(
            select(func.count()).where(PulseInvitation.status == DeliveryStatus.SENT)
        )
    assert sent == 4
    assert errors == []  # a losing process backs off quietly; nothing may blow up


def test_one_process_holds_the_schedule(migrated_engine) -> None:  # type: ignore[no-untyped-def]
    from relbot.jobs.scheduler import Leadership

    # On SQLite the lock is a file's: two holders in one process contend as two processes do.
    first, second = Leadership(migrated_engine), Leadership(migrated_engine)
    try:
        assert first.held()
        assert first.held()  # holding it again is still holding it
        assert not second.held()
        first.release()
        assert second.held()
        assert not first.held()
    finally:
        first.release()
        second.release()


def test_when_the_scheduling_process_dies_another_takes_over(migrated_engine) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from relbot.jobs.scheduler import Leadership

    if migrated_engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one process by design")
    first, second = Leadership(migrated_engine), Leadership(migrated_engine)
    try:
        assert first.held() and not second.held()
        assert first._connection is not None
        pid = first._connection.execute(text("SELECT pg_backend_pid()")).scalar()
        first._connection.commit()
        with migrated_engine.begin() as admin:  # the holder's session ends, as when it dies
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        # The server ends that session a moment after it is asked to; the lock goes with it.
        wait_until(second.held, "the second scheduler taking the lock", timeout=10)
        assert not first.held()  # it notices its lock is gone and does not tick alongside
    finally:
        first.release()
        second.release()
