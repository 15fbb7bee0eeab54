"""Posting the weekly digest once per ISO week and channel, with its chart in the thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from relbot.charts import digest_chart
from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.digest import outbox
from relbot.domain.digest.data import DigestFigures, DigestWeek
from relbot.domain.digest.gather import gather_figures
from relbot.domain.digest.outbox import DigestRecord
from relbot.jobs.schedule import SCHEDULED_PREFIX, PulseSchedule
from relbot.models.pulse import DeliveryStatus
from relbot.slack.digest.blocks import digest_message
from relbot.slack.outcome import TRY_LATER_REASONS, Failure, failure_of
from relbot.slack.outcome import Outcome as PostOutcome

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    POSTED = "posted"
    ALREADY_POSTED = "already_posted"
    UNCONFIRMED = "unconfirmed"
    FAILED = "failed"


@dataclass(frozen=True)
class PostResult:
    outcome: Outcome
    week: DigestWeek
    channel: str
    ts: str | None = None
    chart_file_id: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class DigestJobs:
    """Everything the digest job needs; the CLI and the scheduler both call it."""

    settings: Settings
    sessions: SessionFactory
    client: WebClient

    @property
    def schedule(self) -> PulseSchedule:
        s = self.settings
        return PulseSchedule(
            s.digest_cron, s.zone, 1, date(2024, 1, 1), timedelta(hours=s.schedule_grace_hours)
        )

    def figures(self, week: DigestWeek) -> DigestFigures:
        """The week's figures, as the digest and `relbot report --week` show them."""
        with self.sessions.begin() as session:
            return gather_figures(
                session=session,
                week=week,
                zone=self.settings.zone,
                calendar=self.settings.working_calendar(),
                min_group=self.settings.min_group_size,
            )

    def post(
        self, week: DigestWeek, *, now: datetime, retry: frozenset[str] | None = None
    ) -> PostResult:
        """Post the week's digest unless it was, or may have been, posted already."""
        channel = self.settings.digest_channel
        assert channel, "RELBOT_DIGEST_CHANNEL is checked by the caller"
        figures = self.figures(week)
        message = digest_message(figures, self.settings.zone)
        with self.sessions.begin() as session:
            record = outbox.claim(
                session=session, week=week, channel=channel, figures=_summary(figures), retry=retry
            )
            if record is None:
                existing = outbox.find(session=session, week=week, channel=channel)
        if record is None:
            assert existing is not None
            return _standing(existing, week, channel)
        try:
            answer = self.client.chat_postMessage(channel=channel, **message.payload())
        except Exception as error:
            failed = failure_of(error)
            if failed is None:
                raise
            return self._refused(record, week, channel, failed)
        ts = str(answer["ts"])
        with self.sessions.begin() as session:
            outbox.mark_sent(session=session, digest_id=record.digest_id, ts=ts, now=now)
        logger.info("posted the digest for %s to %s (%s)", week, channel, ts)
        chart = self._share_chart(figures, record.digest_id, channel, ts)
        return PostResult(Outcome.POSTED, week, channel, ts, chart)

    def _refused(
        self, record: DigestRecord, week: DigestWeek, channel: str, failed: Failure
    ) -> PostResult:
        """The row stays SENDING (never resent) when Slack may have posted; otherwise it is
        FAILED with the reason, which says whether the schedule may try again."""
        code = failed.reason
        if failed.outcome is PostOutcome.UNCLEAR:
            logger.error(
                "the digest for %s may or may not be in %s (%s); it will not be sent again",
                week,
                channel,
                code,
            )
            return PostResult(Outcome.UNCONFIRMED, week, channel, error=code)
        with self.sessions.begin() as session:
            outbox.mark_failed(session=session, digest_id=record.digest_id, error=code)
        logger.warning("Slack refused the digest for %s in %s: %s", week, channel, code)
        return PostResult(Outcome.FAILED, week, channel, error=code)

    def _share_chart(
        self, figures: DigestFigures, digest_id: int, channel: str, ts: str
    ) -> str | None:
        """Upload the chart into the digest's thread; a failure leaves the message as it is."""
        png = digest_chart(figures, self.settings.zone)
        if png is None:
            return None
        title = f"Relationship health, week {figures.week.week}"
        try:
            answer = self.client.files_upload_v2(
                channel=channel,
                thread_ts=ts,
                file=png,
                filename=f"relationship-health-{figures.week}.png",
                title=title,
                alt_txt="Line chart of the health index and the eight dimensions by round",
            )
        except (SlackApiError, SlackRequestError, OSError) as error:  # a timeout, too
            logger.warning("the digest's chart could not be shared: %s", error)
            return None
        file_id = str(answer["file"]["id"])
        with self.sessions.begin() as session:
            outbox.mark_chart(session=session, digest_id=digest_id, file_id=file_id)
        return file_id

    def tick(self, now: datetime) -> None:
        """Post this week's digest once its scheduled time has come, whoever else is running."""
        channel = self.settings.digest_channel
        slot = self.schedule.due_slot(now) if channel else None
        if slot is None or channel is None:
            return
        local = datetime.strptime(slot.removeprefix(SCHEDULED_PREFIX), "%Y-%m-%dT%H:%M")
        week = DigestWeek.of(local.replace(tzinfo=self.settings.zone), self.settings.zone)
        with self.sessions.begin() as session:
            existing = outbox.find(session=session, week=week, channel=channel)
        # The schedule tries again only what Slack surely did not post and may take later;
        # an operator's `relbot digest --post` tries any refusal again.
        if existing is not None and existing.error not in TRY_LATER_REASONS:
            return  # posted, cut off mid-post, or refused for a reason an operator must fix
        self.post(week, now=now, retry=TRY_LATER_REASONS)


def _standing(record: DigestRecord, week: DigestWeek, channel: str) -> PostResult:
    if record.status is DeliveryStatus.SENT:
        return PostResult(Outcome.ALREADY_POSTED, week, channel, record.message_ts)
    if record.status is DeliveryStatus.FAILED:
        return PostResult(Outcome.FAILED, week, channel, error=record.error)
    return PostResult(Outcome.UNCONFIRMED, week, channel)


def _summary(figures: DigestFigures) -> dict[str, Any]:
    """What the row keeps of the figures: enough to say later what was posted."""
    pulse = figures.pulse
    return {
        "period": [
            figures.start.astimezone(UTC).isoformat(),
            figures.end.astimezone(UTC).isoformat(),
        ],
        "round_id": pulse.round_id if pulse else None,
        "index": pulse.report.overall.index.value if pulse else None,
        "departments_with_queries": len(figures.response_times),
    }
