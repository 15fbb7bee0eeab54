"""A round's announcement in each provider channel: a row per round and channel, written
before the post and claimed by one process, so no channel is ever told twice.

A claim whose post Slack may have made (the one rule of `relbot.slack.outcome`) stays
`sending` and is never posted again; Slack being busy puts it back in line; a refusal is
kept with Slack's reason and tried again on the next pass (someone may have invited relbot
to the channel since), as the provider hub does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relbot.models import PulseAnnouncement, PulseRound
from relbot.models.pulse import DeliveryStatus, RoundStatus


@dataclass(frozen=True)
class Announcement:
    """One channel to tell about the open round."""

    round_id: int
    channel: str
    closes_at: datetime


def ensure(*, session: Session, round_id: int, channels: tuple[str, ...]) -> None:
    """A row for each channel not yet told about this round, waiting to be posted."""
    known = set(
        session.scalars(
            select(PulseAnnouncement.channel).where(PulseAnnouncement.round_id == round_id)
        )
    )
    for channel in channels:
        if channel in known:
            continue
        try:
            with session.begin_nested():  # another process may be adding the same row
                session.add(
                    PulseAnnouncement(
                        round_id=round_id, channel=channel, status=DeliveryStatus.PENDING
                    )
                )
        except IntegrityError:
            pass


def due(*, session: Session, round_id: int) -> list[Announcement]:
    """The round's announcements still to post (waiting, or refused before), while it is open."""
    rows = session.execute(
        select(PulseAnnouncement.channel, PulseRound.closes_at)
        .join(PulseRound, PulseRound.id == PulseAnnouncement.round_id)
        .where(
            PulseAnnouncement.round_id == round_id,
            PulseRound.status == RoundStatus.OPEN,
            PulseAnnouncement.status.in_((DeliveryStatus.PENDING, DeliveryStatus.FAILED)),
        )
        .order_by(PulseAnnouncement.id)
    )
    return [Announcement(round_id, channel, closes_at) for channel, closes_at in rows]


def claim(*, session: Session, announcement: Announcement) -> bool:
    """Take the post for this process; False when another has it, or it was posted or may
    have been."""
    return _move(
        session,
        announcement,
        (DeliveryStatus.PENDING, DeliveryStatus.FAILED),
        status=DeliveryStatus.SENDING,
    )


def record_posted(*, session: Session, announcement: Announcement, ts: str, now: datetime) -> None:
    """Slack posted it at `ts`."""
    _move(
        session,
        announcement,
        (DeliveryStatus.SENDING,),
        status=DeliveryStatus.SENT,
        message_ts=ts,
        posted_at=now,
        error=None,
    )


def release(*, session: Session, announcement: Announcement, reason: str) -> None:
    """Slack surely posted nothing and may take it later: back in line."""
    _move(
        session,
        announcement,
        (DeliveryStatus.SENDING,),
        status=DeliveryStatus.PENDING,
        error=reason[:64],
    )


def record_refused(*, session: Session, announcement: Announcement, reason: str) -> None:
    """Slack refused it (relbot is not in the channel...): tried again on the next pass."""
    _move(
        session,
        announcement,
        (DeliveryStatus.SENDING,),
        status=DeliveryStatus.FAILED,
        error=reason[:64],
    )


def record_unclear(*, session: Session, announcement: Announcement, reason: str) -> None:
    """Slack may have posted it: the row stays claimed, so it is never posted again."""
    _move(
        session,
        announcement,
        (DeliveryStatus.SENDING,),
        status=DeliveryStatus.SENDING,
        error=reason[:64],
    )


def _move(
    session: Session,
    announcement: Announcement,
    old: tuple[DeliveryStatus, ...],
    **values: object,
) -> bool:
    result = session.execute(
        update(PulseAnnouncement)
        .where(
            PulseAnnouncement.round_id == announcement.round_id,
            PulseAnnouncement.channel == announcement.channel,
            PulseAnnouncement.status.in_(old),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))
