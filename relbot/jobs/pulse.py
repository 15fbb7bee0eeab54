"""The pulse jobs: open, remind, close and deliver. The CLI and the scheduler both call these."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.audit import claim_job_run
from relbot.domain.pulse import rounds
from relbot.domain.pulse.outbox import DmKind
from relbot.jobs.schedule import PulseSchedule
from relbot.slack.pulse.announce import AnnouncementReport, announce
from relbot.slack.pulse.delivery import DeliveryReport, deliver

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PulseJobs:
    """Everything a pulse job needs."""

    settings: Settings
    sessions: SessionFactory
    client: WebClient

    @property
    def times(self) -> rounds.RoundTimes:
        return rounds.RoundTimes(
            self.settings.pulse_open_days,
            self.settings.pulse_remind_after_days,
            self.settings.action_follow_up_days,
        )

    @property
    def schedule(self) -> PulseSchedule:
        s = self.settings
        return PulseSchedule(
            s.pulse_cron,
            s.zone,
            s.pulse_every_weeks,
            s.pulse_anchor_date,
            timedelta(hours=s.schedule_grace_hours),
        )

    def open(self, *, now: datetime, slot: str, by: str) -> tuple[int, DeliveryReport]:
        """Open a round (refused with RoundOpenError when one is open), announce it in the
        provider channels and send its DMs."""
        with self.sessions.begin() as session:
            pulse = rounds.open_round(
                session=session, now=now, slot=slot, opened_by=by, times=self.times
            )
            round_id = pulse.id
        logger.info("opened pulse round %s (%s)", round_id, slot)
        self.announce()  # first: the DMs to everyone may take a while
        return round_id, self.deliver(DmKind.INVITATION)

    def remind(
        self, *, now: datetime, by: str, scheduled: bool = False
    ) -> tuple[int, DeliveryReport]:
        """Remind the open round's non-responders, once; a second call reminds nobody.

        The schedule's reminder also claims its slot, in the same transaction, so it runs
        once per round even when everyone had already answered and nothing was claimed.
        """
        with self.sessions.begin() as session:
            pulse = rounds.current_round(session=session)
            if pulse is None:
                raise rounds.NoOpenRoundError("No round is open.")
            if scheduled and not claim_job_run(
                session=session, job="pulse.remind", slot=str(pulse.id)
            ):
                return 0, DeliveryReport()
            claimed = rounds.claim_reminders(session=session, pulse=pulse, now=now, by=by)
        return claimed, self.deliver(DmKind.REMINDER)

    def close(self, *, now: datetime, by: str) -> int:
        with self.sessions.begin() as session:
            return rounds.close_round(session=session, now=now, by=by).id

    def deliver(self, kind: DmKind) -> DeliveryReport:
        return deliver(
            self.sessions,
            self.client,
            kind,
            zone_name=self.settings.timezone,
            min_group=self.settings.min_group_size,
            channels=self.settings.hub_channels,
        )

    def announce(self) -> AnnouncementReport:
        """Announce the open round in each provider channel not yet told about it."""
        return announce(
            self.sessions,
            self.client,
            self.settings.hub_channels,
            zone=self.settings.zone,
            min_group=self.settings.min_group_size,
        )

    def tick(self, now: datetime) -> None:
        """One pass of the schedule: whatever is due now, done once, whoever else is running."""
        slot = self.schedule.due_slot(now)
        with self.sessions.begin() as session:
            current = rounds.current_round(session=session)
            taken = slot is not None and rounds.round_by_slot(session=session, slot=slot)
            remind = (
                current is not None
                and current.remind_at is not None
                and current.remind_at <= now < current.closes_at
            )
            close = current is not None and current.closes_at <= now
        if close:
            self.close(now=now, by="schedule")
            current = None
        if slot is not None and not taken and current is None:
            try:
                self.open(now=now, slot=slot, by="schedule")
            except rounds.RoundOpenError as refused:
                logger.info("scheduled open skipped: %s", refused)
        if remind:
            with contextlib.suppress(rounds.NoOpenRoundError):
                self.remind(now=now, by="schedule", scheduled=True)
        # A channel listed since the round opened, or an announcement Slack was too busy for
        # or refused; DMs left pending by a restart or a rate limit: all go out now.
        self.announce()
        self.deliver(DmKind.INVITATION)
        self.deliver(DmKind.REMINDER)
