"""Sending the pulse DMs from the outbox: honours Slack's rate limits, never sends one twice.

A DM Slack refuses (the person is of another organisation, whose Slack will not take it)
marks the person as reached through the provider channels; their reminder is then a message
only they see in a provider channel they are in, tried in each channel in turn.
"""

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
from relbot.slack.pulse.blocks import channel_reminder_message, invitation_message

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
    # Whose DM Slack refused: reached through the provider channels instead.
    via_channels: int = 0


def deliver(
    sessions: SessionFactory,
    client: WebClient,
    kind: DmKind,
    *,
    zone_name: str,
    min_group: int,
    channels: tuple[str, ...] = (),
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
    run = _Sending(sessions, client, zone, min_group, channels, now, pause, report)
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
            _send_one(run, delivery)
            done = report.sent + report.failed
            if done and done % PROGRESS_EVERY == 0:
                logger.info("%s DMs: %s sent, %s failed so far", kind, report.sent, report.failed)
    logger.info("%s DMs done: %s sent, %s failed", kind, report.sent, report.failed)
    return report


@dataclass(frozen=True)
class _Sending:
    """What every send of one pass shares."""

    sessions: SessionFactory
    client: WebClient
    zone: ZoneInfo
    min_group: int
    channels: tuple[str, ...]
    now: Callable[[], datetime]
    pause: Callable[[float], None]
    report: DeliveryReport


# Slack's answers that refuse a DM to this one person (they share no channel with relbot,
# or their organisation lets no app of another DM them): the channels reach them instead.
# Any other refusal (a bad token, a missing scope) is relbot's to mend, not theirs.
DM_REFUSALS = frozenset(
    {
        "invalid_user_combination",
        "channel_not_found",
        "user_not_visible",
        "cannot_dm_bot",
        "restricted_action",
        "user_not_found",
    }
)


def _send_one(run: _Sending, delivery: Delivery) -> None:
    with run.sessions.begin() as session:
        if not outbox.claim(session=session, delivery=delivery, now=run.now()):
            return  # another process has it
    reminder = delivery.kind is DmKind.REMINDER
    if reminder and delivery.via_channels:
        _remind_in_a_channel(run, delivery)
        return
    message = invitation_message(delivery.closes_at, run.zone, run.min_group, reminder=reminder)
    try:
        answer = run.client.chat_postMessage(channel=delivery.slack_user_id, **message.payload())
    except Exception as error:
        failed = failure_of(error)
        if failed is None:
            raise
        if failed.outcome is Outcome.REFUSED and failed.reason in DM_REFUSALS:
            _refused(run, delivery, failed)
            return
        _failed(run, delivery, failed, error)
        return
    with run.sessions.begin() as session:
        outbox.mark_sent(
            session=session,
            delivery=delivery,
            channel=str(answer["channel"]),
            ts=str(answer["ts"]),
            now=run.now(),
        )
    run.report.sent += 1


def _refused(run: _Sending, delivery: Delivery, failed: Failure) -> None:
    """Slack will not take this person's DM: the channels reach them from now on."""
    with run.sessions.begin() as session:
        outbox.reach_through_channels(session=session, delivery=delivery, error=failed.reason)
    run.report.via_channels += 1
    logger.info(
        "Slack refused a DM to %s (%s): reached through the provider channels",
        delivery.slack_user_id,
        failed.reason,
    )
    if delivery.kind is DmKind.REMINDER:
        _remind_in_a_channel(run, delivery)


def _remind_in_a_channel(run: _Sending, delivery: Delivery) -> None:
    """The reminder, seen only by the person, in the first provider channel they are in."""
    message = channel_reminder_message(delivery.closes_at, run.zone, run.min_group)
    reason = "in no provider channel"
    for channel in run.channels:
        try:
            run.client.chat_postEphemeral(
                channel=channel, user=delivery.slack_user_id, **message.payload()
            )
        except Exception as error:
            failed = failure_of(error)
            if failed is None:
                raise
            if failed.outcome is Outcome.REFUSED:
                reason = failed.reason  # `user_not_in_channel`, mostly: try the next one
                continue
            _failed(run, delivery, failed, error)
            return
        with run.sessions.begin() as session:
            outbox.mark_sent(
                session=session, delivery=delivery, channel=channel, ts="", now=run.now()
            )
        run.report.sent += 1
        return
    _not_sent(run.sessions, delivery, Failure(Outcome.REFUSED, reason), run.report)


def _failed(run: _Sending, delivery: Delivery, failed: Failure, error: Exception) -> None:
    """Not sent, for now (Slack busy) or for good (it may have been); see `_not_sent`."""
    _not_sent(run.sessions, delivery, failed, run.report)
    if failed.outcome is not Outcome.TRY_LATER:
        return
    if isinstance(error, SlackApiError):
        run.pause(failed.retry_after)
        return
    raise error  # Slack cannot be reached: this pass ends; the DMs wait for the next one


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
