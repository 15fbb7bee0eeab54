"""The query jobs' own set-up: what they build once, not once per ticket or per tick."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from relbot.analysis.worktime import WorkingCalendar
from relbot.config import Settings
from relbot.jobs.queries import QueryJobs
from relbot.slack.client import make_web_client
from standin.harness import Harness
from tests.faults.support import add_overdue_tickets

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_the_working_calendar_is_built_once_across_tickets_and_ticks(
    council: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_overdue_tickets(council.sessions, 3, MONDAY, posted=False)
    built: list[WorkingCalendar] = []
    build = Settings.working_calendar

    def counted(settings: Settings) -> WorkingCalendar:
        built.append(build(settings))
        return built[-1]

    monkeypatch.setattr(Settings, "working_calendar", counted)
    jobs = QueryJobs(council.settings, council.sessions, make_web_client(council.settings))
    for minutes in range(3):
        jobs.tick(MONDAY + timedelta(minutes=minutes))
    assert len(council.slack.calls_to("chat.postMessage")) == 3  # the three tickets, once each
    assert len(built) == 1
    assert jobs.deps is jobs.deps
