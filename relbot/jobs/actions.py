"""The closing-the-loop jobs: tell of sharp drops once a round closes, and remind the owners
of overdue actions on their due date and weekly after."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time

from slack_sdk import WebClient

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain import actions
from relbot.domain.pulse import drops
from relbot.models.pulse import DeliveryStatus
from relbot.slack.alerts import drop_message, overdue_message
from relbot.slack.outcome import Outcome, failure_of

logger = logging.getLogger(__name__)

# Owners are reminded in working hours, not at midnight when the date turns.
REMIND_FROM = time(9, 0)


@dataclass(frozen=True)
class ActionJobs:
    settings: Settings
    sessions: SessionFactory
    client: WebClient

    def tick(self, now: datetime) -> None:
        """One pass: find the drops of a round just closed, tell those not yet told, and send
        the day's overdue reminders; each once, whoever else is running."""
        self.find_drops(now)
        self.tell_drops(now)
        self.remind_overdue(now)

    def find_drops(self, now: datetime) -> int:
        """Compare the latest closed round with the one before, once; how many drops."""
        with self.sessions.begin() as session:
            found = drops.record_drops(
                session=session,
                now=now,
                min_group=self.settings.min_group_size,
                threshold=self.settings.drop_alert,
                officers_channel=self.settings.officers_channel,
            )
            return len(found)

    def tell_drops(self, now: datetime) -> int:
        """Post each drop message not yet posted, claimed first; how many went."""
        with self.sessions.begin() as session:
            waiting = drops.waiting_posts(session=session, zone=self.settings.zone)
        sent = 0
        for post in waiting:
            with self.sessions.begin() as session:
                if not drops.move_post(
                    session=session,
                    post_id=post.post_id,
                    old=DeliveryStatus.PENDING,
                    new=DeliveryStatus.SENDING,
                ):
                    continue  # another process has it
            try:
                answer = self.client.chat_postMessage(
                    channel=post.channel, **drop_message(post.notice).payload()
                )
            except Exception as error:
                failed = failure_of(error)
                if failed is None:
                    raise
                busy = failed.outcome is Outcome.TRY_LATER
                with self.sessions.begin() as session:
                    drops.move_post(
                        session=session,
                        post_id=post.post_id,
                        old=DeliveryStatus.SENDING,
                        new=DeliveryStatus.PENDING if busy else DeliveryStatus.FAILED,
                        error=failed.reason,
                    )
                if busy:
                    logger.info("Slack is busy; drop alerts wait for the next pass")
                    break
                logger.warning(
                    "drop alert %s to %s not posted (%s): %s",
                    post.post_id,
                    post.channel,
                    failed.outcome.value,
                    failed.reason,
                )
                continue
            with self.sessions.begin() as session:
                drops.move_post(
                    session=session,
                    post_id=post.post_id,
                    old=DeliveryStatus.SENDING,
                    new=DeliveryStatus.SENT,
                    message_ts=str(answer.get("ts") or ""),
                    at=now,
                )
            sent += 1
        return sent

    def remind_overdue(self, now: datetime) -> int:
        """DM the owner of each action due today, or a week on from that, once per occasion.

        The occasion is claimed before the DM: one Slack refused or may have sent is logged,
        not sent again; one Slack asked to wait for goes back to the next pass."""
        local = now.astimezone(self.settings.zone)
        if local.time() < REMIND_FROM:
            return 0
        today = local.date()
        with self.sessions.begin() as session:
            due = actions.due_reminders(session=session, today=today)
        sent = 0
        for reminder in due:
            with self.sessions.begin() as session:
                if not actions.claim_reminder(
                    session=session, action_id=reminder.action_id, occasion=reminder.occasion
                ):
                    continue  # another process reminded, or the action closed
            try:
                self.client.chat_postMessage(
                    channel=reminder.owner_slack_id, **overdue_message(reminder, today).payload()
                )
            except Exception as error:
                failed = failure_of(error)
                if failed is None or failed.outcome is Outcome.TRY_LATER:
                    # Slack surely sent nothing: the occasion is claimed again next pass.
                    with self.sessions.begin() as session:
                        actions.release_reminder(session=session, reminder=reminder)
                if failed is None:
                    raise
                logger.warning(
                    "overdue reminder of action %s for %s not sent (%s): %s",
                    reminder.action_id,
                    reminder.occasion,
                    failed.outcome.value,
                    failed.reason,
                )
                continue
            sent += 1
        return sent
