"""The daily retention job clears old free text and keeps the figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.retention import EXPIRED, months_before
from relbot.jobs.retention import RetentionJobs
from relbot.models import AuditEntry, JobRun, MustHave, PulseResponse, QueryTicket, VoiceItem
from tests.privacy.activity import START, create_activity
from tests.privacy.test_forget import _figures


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 3, 31, 4, tzinfo=UTC), 1, datetime(2026, 2, 28, 4, tzinfo=UTC)),
        (datetime(2026, 3, 31, 4, tzinfo=UTC), 24, datetime(2024, 3, 31, 4, tzinfo=UTC)),
        (datetime(2024, 2, 29, 4, tzinfo=UTC), 12, datetime(2023, 2, 28, 4, tzinfo=UTC)),
        (datetime(2026, 1, 15, 4, tzinfo=UTC), 13, datetime(2024, 12, 15, 4, tzinfo=UTC)),
    ],
)
def test_months_before_counts_calendar_months(
    moment: datetime, months: int, expected: datetime
) -> None:
    assert months_before(moment, months) == expected


def _texts(sessions: SessionFactory) -> dict[str, list[str | None]]:
    with sessions.begin() as session:
        return {
            "comment": list(session.scalars(select(PulseResponse.comment))),
            "query": list(session.scalars(select(QueryTicket.text))),
            "must_have": list(session.scalars(select(MustHave.text))),
            "voice": list(session.scalars(select(VoiceItem.text))),
        }


def _jobs(engine: Engine, sessions: SessionFactory, months: int) -> RetentionJobs:
    url = engine.url.render_as_string(hide_password=False)
    settings = Settings(_env_file=None, database_url=url, retention_months=months)
    return RetentionJobs(settings, sessions)


def test_old_free_text_is_cleared_once_a_day_and_figures_stay(
    engine: Engine, sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        create_activity(session, tmp_path)
        figures = _figures(session)
    written = _texts(sessions)
    jobs = _jobs(engine, sessions, 24)
    young = START + timedelta(days=700)  # within 24 months of every text
    jobs.tick(young.replace(hour=10))
    assert _texts(sessions) == written

    later = (START + timedelta(days=760)).replace(hour=1, minute=30)  # 01:30 in London
    jobs.tick(later)
    assert _texts(sessions) == written  # nothing runs where the clocks change

    jobs.tick(later.replace(hour=4))
    cleared = _texts(sessions)
    assert set(cleared["comment"]) == {None}
    assert set(cleared["query"]) == set(cleared["must_have"]) == set(cleared["voice"]) == {EXPIRED}
    with sessions.begin() as session:
        assert _figures(session) == figures
        runs = session.scalars(select(JobRun.slot).where(JobRun.job == "retention")).all()
        assert sorted(runs) == [young.date().isoformat(), later.date().isoformat()]
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "retention.clear")
        ).one()
        assert entry.detail["rows"]["must_have"] == 3
    assert _jobs(engine, sessions, 24).run(later.replace(hour=5)) is None  # once a day


def test_zero_months_keeps_everything(
    engine: Engine, sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        create_activity(session, tmp_path)
    written = _texts(sessions)
    _jobs(engine, sessions, 0).tick(START + timedelta(days=3650))
    assert _texts(sessions) == written
    with sessions.begin() as session:
        assert session.scalars(select(JobRun).where(JobRun.job == "retention")).all() == []
