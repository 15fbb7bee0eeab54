"""The provider hub's rows: one per channel, claimed before the hub is posted there."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relbot.models import HubMessage
from relbot.models.pulse import DeliveryStatus


def ensure(*, session: Session, channels: tuple[str, ...]) -> None:
    """A row for each channel's hub, waiting to be posted where there was none."""
    known = set(session.scalars(select(HubMessage.channel).where(HubMessage.channel.in_(channels))))
    for channel in channels:
        if channel in known:
            continue
        try:
            with session.begin_nested():  # another process may be adding the same row
                session.add(HubMessage(channel=channel, status=DeliveryStatus.PENDING))
        except IntegrityError:
            pass


def posted_ts(*, session: Session, channel: str) -> str | None:
    """Where the channel's hub is, once posted."""
    return session.scalar(
        select(HubMessage.message_ts).where(
            HubMessage.channel == channel, HubMessage.status == DeliveryStatus.SENT
        )
    )


def claim(*, session: Session, channel: str) -> bool:
    """Take the channel's hub post for this process; False when it is posted, in hand, or
    may have been posted (never sent again)."""
    result = session.execute(
        update(HubMessage)
        .where(
            HubMessage.channel == channel,
            HubMessage.status.in_((DeliveryStatus.PENDING, DeliveryStatus.FAILED)),
        )
        .values(status=DeliveryStatus.SENDING)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def record_posted(*, session: Session, channel: str, ts: str, now: datetime) -> None:
    """The hub is in the channel at `ts`."""
    session.execute(
        update(HubMessage)
        .where(HubMessage.channel == channel)
        .values(status=DeliveryStatus.SENT, message_ts=ts, posted_at=now, error=None)
        .execution_options(synchronize_session=False)
    )


def record_refused(*, session: Session, channel: str, error: str) -> None:
    """Slack did not post it: the next run tries again."""
    session.execute(
        update(HubMessage)
        .where(HubMessage.channel == channel, HubMessage.status == DeliveryStatus.SENDING)
        .values(status=DeliveryStatus.FAILED, error=error[:64])
        .execution_options(synchronize_session=False)
    )


def record_gone(*, session: Session, channel: str) -> None:
    """The posted hub was deleted from the channel: it is posted again."""
    session.execute(
        update(HubMessage)
        .where(HubMessage.channel == channel, HubMessage.status == DeliveryStatus.SENT)
        .values(status=DeliveryStatus.PENDING, message_ts=None)
        .execution_options(synchronize_session=False)
    )
