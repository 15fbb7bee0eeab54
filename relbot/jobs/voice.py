"""The weekly provider-voice summary for officers: posted once per ISO week, whoever runs it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from slack_sdk import WebClient

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.audit import claim_job_run, job_ran, release_job_run
from relbot.jobs.schedule import PulseSchedule
from relbot.slack.deps import Deps
from relbot.slack.outcome import Failure, Outcome, failure_of
from relbot.slack.voice.flow import summary_message

logger = logging.getLogger(__name__)

JOB = "voice.summary"


@dataclass
class VoiceJobs:
    """Everything the weekly summary needs."""

    settings: Settings
    sessions: SessionFactory
    client: WebClient
    deps: Deps = field(init=False, repr=False)
    _skipped: set[str] = field(default_factory=set, init=False, repr=False)

    def __post_init__(self) -> None:
        self.deps = Deps(self.settings, self.sessions)

    @property
    def schedule(self) -> PulseSchedule:
        s = self.settings
        grace = timedelta(hours=s.schedule_grace_hours)
        return PulseSchedule(s.voice_summary_cron, s.zone, 1, date(2024, 1, 1), grace)

    def tick(self, now: datetime) -> None:
        """Post this week's summary if it is due and no process has posted it yet."""
        fires = self.schedule.fire_times(now - self.schedule.grace, now)
        if fires:
            self.post_weekly(fires[-1])

    def post_weekly(self, fire: datetime) -> bool:
        """The summary of the week to `fire`, once for its ISO week; True when posted now."""
        year, week, _ = fire.astimezone(self.settings.zone).isocalendar()
        slot = f"{year}-W{week:02d}"
        channel = self.settings.officers_channel
        if not channel:
            if slot not in self._skipped:
                self._skipped.add(slot)
                logger.info(
                    "provider-voice summary for %s skipped: RELBOT_OFFICERS_CHANNEL is not set",
                    slot,
                )
            return False
        with self.sessions.begin() as session:
            if job_ran(session=session, job=JOB, slot=slot):
                return False
        message = summary_message(self.client, self.deps, end=fire)
        with self.sessions.begin() as session:
            if not claim_job_run(session=session, job=JOB, slot=slot):
                return False
        try:
            self.client.chat_postMessage(channel=channel, **message.payload())
        except Exception as error:
            failed = failure_of(error)
            if failed is None:
                raise
            self._not_posted(slot, failed)
            return False
        logger.info("provider-voice summary for %s posted", slot)
        return True

    def _not_posted(self, slot: str, failed: Failure) -> None:
        """When Slack surely posted nothing (busy, or never reached) the claim is withdrawn and
        the next tick tries again. Otherwise the claim stands: Slack may have posted, or it
        refused for a reason (no such channel, say) an operator must mend."""
        if failed.outcome is Outcome.TRY_LATER:
            with self.sessions.begin() as session:
                release_job_run(session=session, job=JOB, slot=slot)
            logger.warning(
                "provider-voice summary for %s to be tried again: %s", slot, failed.reason
            )
        elif failed.outcome is Outcome.UNCLEAR:
            logger.error(
                "provider-voice summary for %s may or may not have been posted (%s); "
                "it will not be sent again",
                slot,
                failed.reason,
            )
        else:
            logger.warning(
                "Slack refused the provider-voice summary for %s: %s", slot, failed.reason
            )
