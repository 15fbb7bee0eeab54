"""Posting the digest against the Slack stand-in: once per week and channel, whatever happens."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.digest.data import DigestWeek
from relbot.domain.digest.gather import round_for_week
from relbot.domain.pulse.report import round_report
from relbot.jobs.digest import DigestJobs, Outcome
from relbot.models import Digest
from relbot.models.pulse import DeliveryStatus
from relbot.slack.client import make_web_client
from standin.slack_api import SlackStandIn
from tests.digest.council import ROUNDS, load_quarter
from tests.slack.blocktext import block_text
from tests.test_charts import PNG_SIGNATURE

CHANNEL = "C0DIGEST"


@pytest.fixture
def digest_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"digest_channel": CHANNEL})


@pytest.fixture
def week(digest_settings: Settings) -> DigestWeek:
    return DigestWeek.of(datetime.now(UTC), digest_settings.zone)


@pytest.fixture
def quarter(
    sessions: SessionFactory, digest_settings: Settings, tmp_path: Path, week: DigestWeek
) -> SessionFactory:
    load_quarter(sessions, digest_settings, tmp_path, week)
    return sessions


def _jobs(settings: Settings, sessions: SessionFactory) -> DigestJobs:
    return DigestJobs(settings, sessions, make_web_client(settings, timeout=10))


def _rows(sessions: SessionFactory) -> list[tuple[DeliveryStatus, str | None, dict[str, object]]]:
    with sessions.begin() as session:
        return [(d.status, d.message_ts, d.figures) for d in session.scalars(select(Digest))]


def test_posts_one_message_and_its_chart_in_the_thread(
    quarter: SessionFactory, digest_settings: Settings, slack: SlackStandIn, week: DigestWeek
) -> None:
    result = _jobs(digest_settings, quarter).post(week, now=datetime.now(UTC))
    assert result.outcome is Outcome.POSTED
    [post] = slack.calls_to("chat.postMessage")
    assert post.params["channel"] == CHANNEL
    with quarter.begin() as session:
        round_id = round_for_week(session=session, week=week, zone=digest_settings.zone)
        assert round_id == ROUNDS
        index = round_report(session=session, round_id=round_id, min_group=5).overall.index
    assert index.value is not None
    assert f"*Health index: {index.value:.2f} / 4*" in block_text(post.params["blocks"])
    [chart] = slack.shared_files()
    assert chart.data is not None and chart.data.startswith(PNG_SIGNATURE)
    assert (chart.channel, chart.thread_ts) == (CHANNEL, result.ts)
    assert chart.filename == f"relationship-health-{week}.png"
    [(status, ts, figures)] = _rows(quarter)
    assert (status, ts, figures["chart_file_id"]) == (DeliveryStatus.SENT, result.ts, chart.file_id)
    assert figures["round_id"] == ROUNDS


def test_a_second_post_the_same_week_posts_nothing(
    quarter: SessionFactory, digest_settings: Settings, slack: SlackStandIn, week: DigestWeek
) -> None:
    first = _jobs(digest_settings, quarter).post(week, now=datetime.now(UTC))
    slack.reset()
    again = _jobs(digest_settings, quarter).post(week, now=datetime.now(UTC))
    assert (again.outcome, again.ts) == (Outcome.ALREADY_POSTED, first.ts)
    assert slack.calls == []
    assert len(_rows(quarter)) == 1


def test_two_processes_at_once_post_once(
    quarter: SessionFactory, digest_settings: Settings, slack: SlackStandIn, week: DigestWeek
) -> None:
    outcomes: list[Outcome] = []
    start = threading.Barrier(2)

    def run() -> None:
        jobs = _jobs(digest_settings, quarter)
        start.wait()
        outcomes.append(jobs.post(week, now=datetime.now(UTC)).outcome)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert len(slack.shared_files()) == 1
    assert outcomes.count(Outcome.POSTED) == 1
    assert set(outcomes) - {Outcome.POSTED} <= {Outcome.ALREADY_POSTED, Outcome.UNCONFIRMED}


def test_a_post_cut_off_before_slack_answered_is_never_resent(
    sessions: SessionFactory, digest_settings: Settings, slack: SlackStandIn, week: DigestWeek
) -> None:
    with sessions.begin() as session:
        session.add(
            Digest(
                iso_year=week.year,
                iso_week=week.week,
                channel=CHANNEL,
                status=DeliveryStatus.SENDING,
                figures={},
            )
        )
    jobs = _jobs(digest_settings, sessions)
    assert jobs.post(week, now=datetime.now(UTC)).outcome is Outcome.UNCONFIRMED
    jobs.tick(week.start(digest_settings.zone) + timedelta(hours=9, minutes=5))
    assert slack.calls == []


def test_a_refused_post_waits_for_the_operator_who_can_post_again(
    quarter: SessionFactory, digest_settings: Settings, slack: SlackStandIn, week: DigestWeek
) -> None:
    slack.refuse("chat.postMessage", "not_in_channel")
    jobs = _jobs(digest_settings, quarter)
    refused = jobs.post(week, now=datetime.now(UTC))
    assert (refused.outcome, refused.error) == (Outcome.FAILED, "not_in_channel")
    assert [r[0] for r in _rows(quarter)] == [DeliveryStatus.FAILED]
    slack.reset()
    jobs.tick(week.start(digest_settings.zone) + timedelta(hours=9, minutes=5))
    assert slack.calls == []  # the schedule does not hammer a channel relbot is not in
    assert jobs.post(week, now=datetime.now(UTC)).outcome is Outcome.POSTED
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert [r[0] for r in _rows(quarter)] == [DeliveryStatus.SENT]


def test_the_schedule_posts_once_in_its_window_and_retries_a_rate_limit(
    quarter: SessionFactory, digest_settings: Settings, slack: SlackStandIn, week: DigestWeek
) -> None:
    monday = week.start(digest_settings.zone)
    jobs = _jobs(digest_settings, quarter)
    jobs.tick(monday + timedelta(hours=8, minutes=59))
    assert slack.calls == []
    slack.throttle("chat.postMessage", times=6, retry_after=0)  # more than the client waits out
    jobs.tick(monday + timedelta(hours=9, minutes=1))
    assert slack.calls_to("chat.postMessage") == []
    assert [r[0] for r in _rows(quarter)] == [DeliveryStatus.FAILED]
    jobs.tick(monday + timedelta(hours=9, minutes=2))
    jobs.tick(monday + timedelta(hours=9, minutes=3))
    assert len(slack.calls_to("chat.postMessage")) == 1
    assert len(slack.shared_files()) == 1
    assert [r[0] for r in _rows(quarter)] == [DeliveryStatus.SENT]


def test_the_schedule_skips_a_week_it_missed_by_more_than_the_grace(
    sessions: SessionFactory, digest_settings: Settings, slack: SlackStandIn, week: DigestWeek
) -> None:
    jobs = _jobs(digest_settings, sessions)
    jobs.tick(week.start(digest_settings.zone) + timedelta(hours=21, minutes=1))
    assert slack.calls == [] and _rows(sessions) == []


def test_without_a_digest_channel_the_schedule_does_nothing(
    sessions: SessionFactory, settings: Settings, slack: SlackStandIn, week: DigestWeek
) -> None:
    _jobs(settings, sessions).tick(week.start(settings.zone) + timedelta(hours=9, minutes=1))
    assert slack.calls == [] and _rows(sessions) == []


def test_a_week_with_no_data_posts_a_short_honest_message_and_no_chart(
    sessions: SessionFactory, digest_settings: Settings, slack: SlackStandIn, week: DigestWeek
) -> None:
    assert _jobs(digest_settings, sessions).post(week, now=datetime.now(UTC)).outcome is (
        Outcome.POSTED
    )
    [post] = slack.calls_to("chat.postMessage")
    assert "Nothing to report for the week of" in block_text(post.params["blocks"])
    assert slack.calls_to("files.getUploadURLExternal") == []


def test_a_chart_slack_refuses_leaves_the_posted_message_alone(
    quarter: SessionFactory, digest_settings: Settings, slack: SlackStandIn, week: DigestWeek
) -> None:
    slack.refuse("files.completeUploadExternal", "channel_not_found")
    result = _jobs(digest_settings, quarter).post(week, now=datetime.now(UTC))
    assert (result.outcome, result.chart_file_id) == (Outcome.POSTED, None)
    assert len(slack.calls_to("chat.postMessage")) == 1 and slack.shared_files() == []
    [(status, _, figures)] = _rows(quarter)
    assert status is DeliveryStatus.SENT and "chart_file_id" not in figures


def test_a_chart_upload_that_times_out_leaves_the_posted_message_alone(
    quarter: SessionFactory, digest_settings: Settings, slack: SlackStandIn, week: DigestWeek
) -> None:
    slack.stall("files.completeUploadExternal")
    jobs = DigestJobs(digest_settings, quarter, make_web_client(digest_settings, timeout=1))
    try:
        result = jobs.post(week, now=datetime.now(UTC))
    finally:
        slack.unstall()
    assert (result.outcome, result.chart_file_id) == (Outcome.POSTED, None)
    [(status, _, figures)] = _rows(quarter)
    assert status is DeliveryStatus.SENT and "chart_file_id" not in figures
