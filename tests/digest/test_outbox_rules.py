"""A week's digest is claimed by one attempt only: the rules of its row, each stated on its
own, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from relbot.db import SessionFactory
from relbot.domain.digest import outbox
from relbot.domain.digest.data import DigestWeek
from relbot.models import Digest
from relbot.models.pulse import DeliveryStatus

WEEK = DigestWeek(2026, 7)
CHANNEL = "C0DIGEST"


def _failed(sessions: SessionFactory, error: str = "channel_not_found") -> outbox.DigestRecord:
    with sessions.begin() as session:
        first = outbox.claim(session=session, week=WEEK, channel=CHANNEL, figures={})
        assert first is not None
        outbox.mark_failed(session=session, digest_id=first.digest_id, error=error)
    with sessions.begin() as session:
        found = outbox.find(session=session, week=WEEK, channel=CHANNEL)
    assert found is not None and found.status is DeliveryStatus.FAILED
    return found


def test_a_refused_digest_is_taken_over_by_one_retry_even_when_two_read_it_as_refused(
    sessions: SessionFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = _failed(sessions)
    # Both retries read the row before either takes it over: each sees it refused.
    read = outbox.find

    def as_first_read(**kwargs: object) -> outbox.DigestRecord | None:
        return stale

    monkeypatch.setattr(outbox, "find", as_first_read)
    with sessions.begin() as session:
        first = outbox.claim(session=session, week=WEEK, channel=CHANNEL, figures={"try": 1})
    with sessions.begin() as session:
        second = outbox.claim(session=session, week=WEEK, channel=CHANNEL, figures={"try": 2})
    assert first is not None and second is None
    monkeypatch.setattr(outbox, "find", read)
    with sessions.begin() as session:
        now = outbox.find(session=session, week=WEEK, channel=CHANNEL)
    assert now is not None and now.status is DeliveryStatus.SENDING


@pytest.mark.parametrize("status", [DeliveryStatus.SENDING, DeliveryStatus.SENT])
def test_a_digest_being_sent_or_sent_is_never_claimed_again(
    sessions: SessionFactory, status: DeliveryStatus
) -> None:
    with sessions.begin() as session:
        first = outbox.claim(session=session, week=WEEK, channel=CHANNEL, figures={})
        assert first is not None
        if status is DeliveryStatus.SENT:
            outbox.mark_sent(
                session=session, digest_id=first.digest_id, ts="1.2", now=first.created_at
            )
    with sessions.begin() as session:
        assert outbox.claim(session=session, week=WEEK, channel=CHANNEL, figures={}) is None


def test_a_retry_for_some_refusals_takes_over_only_those(sessions: SessionFactory) -> None:
    _failed(sessions, "not_in_channel")
    with sessions.begin() as session:
        other = outbox.claim(
            session=session,
            week=WEEK,
            channel=CHANNEL,
            figures={},
            retry=frozenset({"ratelimited"}),
        )
    assert other is None
    with sessions.begin() as session:
        named = outbox.claim(
            session=session,
            week=WEEK,
            channel=CHANNEL,
            figures={},
            retry=frozenset({"not_in_channel"}),
        )
    assert named is not None and named.status is DeliveryStatus.SENDING


def test_a_weeks_digest_is_found_by_its_year_week_and_channel_together(
    sessions: SessionFactory,
) -> None:
    others = [(DigestWeek(2025, 7), CHANNEL), (DigestWeek(2026, 8), CHANNEL), (WEEK, "C0OTHER")]
    with sessions.begin() as session:
        for week, channel in others:
            assert outbox.claim(session=session, week=week, channel=channel, figures={}) is not None
        assert outbox.find(session=session, week=WEEK, channel=CHANNEL) is None
        mine = outbox.claim(session=session, week=WEEK, channel=CHANNEL, figures={"n": 1})
        assert mine is not None
        found = outbox.find(session=session, week=WEEK, channel=CHANNEL)
    assert found is not None and found.digest_id == mine.digest_id


def test_a_retry_takes_over_only_its_own_refused_digest_with_this_weeks_figures(
    sessions: SessionFactory,
) -> None:
    with sessions.begin() as session:
        for channel in (CHANNEL, "C0OTHER"):
            row = outbox.claim(session=session, week=WEEK, channel=channel, figures={"try": 0})
            assert row is not None
            outbox.mark_failed(session=session, digest_id=row.digest_id, error="not_in_channel")
    with sessions.begin() as session:
        taken = outbox.claim(session=session, week=WEEK, channel=CHANNEL, figures={"try": 1})
    assert taken is not None and taken.status is DeliveryStatus.SENDING and taken.error is None
    with sessions.begin() as session:
        other = outbox.find(session=session, week=WEEK, channel="C0OTHER")
        row = session.get_one(Digest, taken.digest_id)
        assert row.figures == {"try": 1}  # the refusal's error went with the old figures
    assert other is not None and other.status is DeliveryStatus.FAILED
    assert other.error == "not_in_channel"


def test_a_sent_digest_records_when_and_where_it_went(sessions: SessionFactory) -> None:
    posted = datetime(2026, 2, 16, 9, 5, tzinfo=UTC)
    with sessions.begin() as session:
        row = outbox.claim(session=session, week=WEEK, channel=CHANNEL, figures={})
        assert row is not None and row.created_at is not None and row.posted_at is None
        outbox.mark_sent(session=session, digest_id=row.digest_id, ts="1.5", now=posted)
        outbox.mark_chart(session=session, digest_id=row.digest_id, file_id="F1")
    with sessions.begin() as session:
        found = outbox.find(session=session, week=WEEK, channel=CHANNEL)
        figures = session.get_one(Digest, row.digest_id).figures
    assert found is not None and found.status is DeliveryStatus.SENT and found.message_ts == "1.5"
    assert found.posted_at is not None and found.posted_at.replace(tzinfo=UTC) == posted
    assert found.created_at is not None and found.error is None
    assert figures == {outbox.CHART_KEY: "F1"}
