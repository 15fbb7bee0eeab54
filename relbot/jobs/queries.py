"""The query jobs: post what could not be posted, and send overdue reminders once each."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from slack_sdk import WebClient

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.queries import overdue
from relbot.domain.queries import relay as relays
from relbot.domain.queries.tickets import unposted
from relbot.models.pulse import DeliveryStatus
from relbot.slack.deps import Deps
from relbot.slack.outcome import Outcome, failure_of
from relbot.slack.queries.blocks import reminder_message
from relbot.slack.queries.queue import post_to_queue
from relbot.slack.queries.relay import deliver_waiting, open_provider_thread

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueryJobs:
    settings: Settings
    sessions: SessionFactory
    client: WebClient

    @cached_property
    def deps(self) -> Deps:
        """What the queue posts need, and the working calendar, built once."""
        return Deps(self.settings, self.sessions)

    def tick(self, now: datetime) -> None:
        """One pass: retry unposted queries, providers' threads and relays, then claim and
        send due reminders."""
        self.post_unposted()
        self.keep_conversations()
        self.remind_overdue(now)

    def post_unposted(self) -> int:
        with self.sessions.begin() as session:
            waiting = unposted(session=session)
        posted = 0
        for ticket_id in waiting:
            try:
                posted += post_to_queue(self.client, self.deps, ticket_id) is not None
            except Exception as error:
                failed = failure_of(error)
                if failed is None:
                    raise
                logger.warning("query %s still cannot be posted: %s", ticket_id, failed.reason)
        return posted

    def keep_conversations(self) -> int:
        """Open the providers' DM threads that could not be opened yet, then post the relays
        still waiting (in order); how many relays went."""
        with self.sessions.begin() as session:
            waiting = relays.threads_to_open(session=session)
        for ticket_id in waiting:
            open_provider_thread(self.client, self.deps, ticket_id)  # Slack's refusals settled
        return deliver_waiting(self.client, self.deps)

    def remind_overdue(self, now: datetime) -> int:
        """Write due reminders (once per ticket and threshold), then send them."""
        calendar = self.deps.calendar
        with self.sessions.begin() as session:
            overdue.claim_due(session=session, now=now, calendar=calendar)
        with self.sessions.begin() as session:
            due = overdue.pending(session=session)
        sent = 0
        for reminder in due:
            with self.sessions.begin() as session:
                if not overdue.move(
                    session=session,
                    reminder_id=reminder.reminder_id,
                    old=DeliveryStatus.PENDING,
                    new=DeliveryStatus.SENDING,
                    now=now,
                ):
                    continue
            message = reminder_message(
                reminder.threshold, reminder.department, reminder.target_days, reminder.people
            )
            try:
                self.client.chat_postMessage(
                    channel=reminder.channel, thread_ts=reminder.thread_ts, **message.payload()
                )
            except Exception as error:
                failed = failure_of(error)
                if failed is None:
                    raise
                busy = failed.outcome is Outcome.TRY_LATER
                with self.sessions.begin() as session:
                    overdue.move(
                        session=session,
                        reminder_id=reminder.reminder_id,
                        old=DeliveryStatus.SENDING,
                        new=DeliveryStatus.PENDING if busy else DeliveryStatus.FAILED,
                        now=now,
                    )
                if busy:
                    logger.info("Slack is busy; overdue reminders wait for the next pass")
                    break
                logger.warning(
                    "overdue reminder %s failed: %s", reminder.reminder_id, failed.reason
                )
                continue
            with self.sessions.begin() as session:
                overdue.move(
                    session=session,
                    reminder_id=reminder.reminder_id,
                    old=DeliveryStatus.SENDING,
                    new=DeliveryStatus.SENT,
                    now=now,
                )
            sent += 1
        return sent
