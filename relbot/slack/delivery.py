"""Sending the pulse DMs from the outbox: honours Slack's rate limits, never sends one twice."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.error import URLError
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from relbot.db import SessionFactory, session_scope
from relbot.domain.pulse import outbox
from relbot.domain.pulse.outbox import Delivery, DmKind
from relbot.slack.pulse.blocks import invitation_message

logger = logging.getLogger(__name__)

BATCH = 200
PROGRESS_EVERY = 100
# A claim older than this was cut off mid-call by a crash; see outbox.abandon_interrupted.
LEASE = timedelta(minutes=5)
# Slack errors that mean it did not post: "try later". Others, such as internal_error, leave
# it unclear whether the DM went out, so it is recorded as failed and not sent again.
TRANSIENT = {"ratelimited", "service_unavailable"}


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
    with session_scope(sessions) as session:
        report.interrupted = outbox.abandon_interrupted(session=session, now=now(), lease=LEASE)
    if report.interrupted:
        logger.warning(
            "%s %s DMs were cut off mid-send earlier; not resending them", report.interrupted, kind
        )
    tried: set[int] = set()
    while True:
        with session_scope(sessions) as session:
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
    with session_scope(sessions) as session:
        if not outbox.claim(session=session, delivery=delivery, now=now()):
            return  # another process has it
    message = invitation_message(
        delivery.closes_at, zone, min_group, reminder=delivery.kind is DmKind.REMINDER
    )
    try:
        answer = client.chat_postMessage(channel=delivery.slack_user_id, **message.payload())
    except SlackApiError as error:
        code = str(error.response.get("error", "unknown_error"))
        with session_scope(sessions) as session:
            if code in TRANSIENT:
                outbox.release(session=session, delivery=delivery)
            else:
                outbox.mark_failed(session=session, delivery=delivery, error=code)
                report.failed += 1
        if code in TRANSIENT:
            pause(float(error.response.headers.get("Retry-After", 1) or 1))
        else:
            logger.warning("could not DM %s: %s", delivery.slack_user_id, code)
        return
    except (URLError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        with session_scope(sessions) as session:
            if isinstance(reason, ConnectionRefusedError):
                # Slack was never reached: the DM goes back in line for the next pass.
                outbox.release(session=session, delivery=delivery)
                raise
            # The connection broke mid-call: Slack may have posted it, so it is not resent.
            outbox.mark_failed(session=session, delivery=delivery, error=outbox.INTERRUPTED)
        report.failed += 1
        logger.warning("DM to %s cut off mid-call; not resending", delivery.slack_user_id)
        return
    with session_scope(sessions) as session:
        outbox.mark_sent(
            session=session,
            delivery=delivery,
            channel=str(answer["channel"]),
            ts=str(answer["ts"]),
            now=now(),
        )
    report.sent += 1
