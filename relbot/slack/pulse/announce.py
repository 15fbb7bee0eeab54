"""The open round's announcement in each provider channel, with `Answer the pulse`: how the
pulse reaches people Slack will not let relbot DM, and everyone else there besides.

Each channel's row is claimed before the post (see `relbot.domain.pulse.announcements`), so
repeated passes, a restart or a second process never announce a round twice in a channel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from relbot.db import SessionFactory
from relbot.domain.pulse import announcements
from relbot.domain.pulse.announcements import Announcement
from relbot.domain.pulse.rounds import current_round
from relbot.slack.outcome import Outcome, failure_of
from relbot.slack.pulse.blocks import announcement_message

logger = logging.getLogger(__name__)


@dataclass
class AnnouncementReport:
    """Where this pass announced the round, and where it could not."""

    posted: list[str] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def announce(
    sessions: SessionFactory,
    client: WebClient,
    channels: tuple[str, ...],
    *,
    zone: ZoneInfo,
    min_group: int,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> AnnouncementReport:
    """Announce the open round in every provider channel not yet told about it."""
    report = AnnouncementReport()
    with sessions.begin() as session:
        pulse = current_round(session=session)
        if pulse is None or not channels:
            return report
        announcements.ensure(session=session, round_id=pulse.id, channels=channels)
        waiting = announcements.due(session=session, round_id=pulse.id)
    for announcement in waiting:
        with sessions.begin() as session:
            if not announcements.claim(session=session, announcement=announcement):
                continue  # another process has it
        _post(sessions, client, announcement, zone, min_group, now, report)
    return report


def _post(
    sessions: SessionFactory,
    client: WebClient,
    announcement: Announcement,
    zone: ZoneInfo,
    min_group: int,
    now: Callable[[], datetime],
    report: AnnouncementReport,
) -> None:
    channel = announcement.channel
    message = announcement_message(announcement.closes_at, zone, min_group)
    try:
        answer = client.chat_postMessage(channel=channel, **message.payload())
    except Exception as error:
        failed = failure_of(error)
        if failed is None:
            raise
        with sessions.begin() as session:
            if failed.outcome is Outcome.TRY_LATER:
                announcements.release(
                    session=session, announcement=announcement, reason=failed.reason
                )
            elif failed.outcome is Outcome.UNCLEAR:
                announcements.record_unclear(
                    session=session, announcement=announcement, reason=failed.reason
                )
            else:
                announcements.record_refused(
                    session=session, announcement=announcement, reason=failed.reason
                )
        if failed.outcome is Outcome.UNCLEAR:
            logger.error(
                "round %s's announcement may or may not be in %s (%s); not posted again",
                announcement.round_id,
                channel,
                failed.reason,
            )
            report.unconfirmed.append(channel)
        else:
            logger.warning("round's announcement not posted in %s: %s", channel, failed.reason)
            report.failed[channel] = failed.reason
        return
    with sessions.begin() as session:
        announcements.record_posted(
            session=session, announcement=announcement, ts=str(answer["ts"]), now=now()
        )
    report.posted.append(channel)
