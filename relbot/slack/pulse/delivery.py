"""Sending the pulse DMs from the outbox: honours Slack's rate limits, never sends one twice."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from relbot.db import SessionFactory
from relbot.domain.pulse import outbox
from relbot.domain.pulse.outbox import Delivery, DmKind
from relbot.slack.outcome import CONNECTION_LOST, TIMED_OUT, Failure, Outcome, failure_of
from relbot.slack.pulse.blocks import invitation_message

logger = logging.getLogger(__name__)

BATCH = 200
PROGRESS_EVERY = 100
# A claim older than this was cut off mid-call by a crash; see outbox.abandon_interrupted.
LEASE = timedelta(minutes=5)


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    interrupted: int = 0


def deliver(
    sessions: SessionFactory,
    client: WebClient,
    kind: DmKind,
    *,
    zone_name: str,
    min_group: int,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    pause: Callable[[float], None] = time.sleep,
) -> DeliveryReport:
    """Send every pending DM of this kind, one claim at a time, until none is left."""
    zone = ZoneInfo(zone_name)
    report = DeliveryReport()
    with sessions.begin() as session:
        report.interrupted = outbox.abandon_interrupted(session=session, now=now(), lease=LEASE)
    if report.interrupted:
        logger.warning(
            "%s %s DMs were cut off mid-send earlier; not resending them", report.interrupted, kind
        )
    tried: set[int] = set()
    while True:
        with sessions.begin() as session:
            batch = [
                d
                for d in outbox.pending(session=session, kind=kind, limit=BATCH)
                if d.invitation_id not in tried
            ]
        if not batch:
            break  # everything was sent, or was tried once in this pass and waits for the next
        for delivery in batch:
            tried.add(delivery.invitation_id)
            _send_one(sessions, client, delivery, zone, min_group, now, pause, report)
            done = report.sent + report.failed
            if done and done % PROGRESS_EVERY == 0:
                logger.info("%s DMs: %s sent, %s failed so far", kind, report.sent, report.failed)
    logger.info("%s DMs done: %s sent, %s failed", kind, report.sent, report.failed)
    return report


def _send_one(
    sessions: SessionFactory,
    client: WebClient,
    delivery: Delivery,
    zone: ZoneInfo,
    min_group: int,
    now: Callable[[], datetime],
    pause: Callable[[float], None],
    report: DeliveryReport,
) -> None:
    with sessions.begin() as session:
        if not outbox.claim(session=session, delivery=delivery, now=now()):
            return  # another process has it
    message = invitation_message(
        delivery.closes_at, zone, min_group, reminder=delivery.kind is DmKind.REMINDER
    )
    try:
        answer = client.chat_postMessage(channel=delivery.slack_user_id, **message.payload())
    except Exception as error:
        failed = failure_of(error)
        if failed is None:
            raise
        _not_sent(sessions, delivery, failed, report)
        if failed.outcome is not Outcome.TRY_LATER:
            return
        if isinstance(error, SlackApiError):
            pause(failed.retry_after)
            return
        raise  # Slack cannot be reached: this pass ends; the DMs wait for the next one
    with sessions.begin() as session:
        outbox.mark_sent(
            session=session,
            delivery=delivery,
            channel=str(answer["channel"]),
            ts=str(answer["ts"]),
            now=now(),
        )
    report.sent += 1


def _not_sent(
    sessions: SessionFactory, delivery: Delivery, failed: Failure, report: DeliveryReport
) -> None:
    """Back in line when Slack surely did not post it; otherwise failed and never resent."""
    with sessions.begin() as session:
        if failed.outcome is Outcome.TRY_LATER:
            outbox.release(session=session, delivery=delivery)
            return
        # Cut off before Slack answered, it may have posted: the row says so.
        cut_off = failed.reason in (CONNECTION_LOST, TIMED_OUT)
        error = outbox.INTERRUPTED if cut_off else failed.reason
        outbox.mark_failed(session=session, delivery=delivery, error=error)
    report.failed += 1
    logger.warning("could not DM %s: %s", delivery.slack_user_id, failed.reason)
