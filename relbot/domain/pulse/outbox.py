"""Invitation and reminder DMs as an outbox: claimed before the Slack call, marked after it.

A claim is an UPDATE that only succeeds on a pending row, so two processes never send the
same DM. A claim whose outcome was never recorded (a crash mid-call) is not sent again: the
person may already have it. They are not lost either: the reminder and App Home reach them.

Someone Slack will not let relbot DM (often a provider of another organisation's workspace)
is marked as reached through the provider channels: their invitation is not tried again,
the round's announcement in those channels reaches them, and their reminder is a message
only they see in a provider channel they are in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from relbot.models import Person, PulseInvitation, PulseRound
from relbot.models.pulse import DeliveryStatus, RoundStatus

INTERRUPTED = "interrupted before Slack confirmed delivery"


class DmKind(StrEnum):
    INVITATION = "invitation"
    REMINDER = "reminder"


@dataclass(frozen=True)
class Delivery:
    """One DM to send."""

    invitation_id: int
    round_id: int
    slack_user_id: str
    closes_at: datetime
    kind: DmKind
    via_channels: bool = False


def _status(kind: DmKind) -> InstrumentedAttribute[DeliveryStatus | None]:
    column = (
        PulseInvitation.status if kind is DmKind.INVITATION else PulseInvitation.reminder_status
    )
    return column


def pending(*, session: Session, kind: DmKind, limit: int) -> list[Delivery]:
    """The next DMs waiting to be sent for open rounds, oldest first."""
    status = _status(kind)
    rows = session.execute(
        select(
            PulseInvitation.id,
            PulseInvitation.round_id,
            Person.slack_user_id,
            PulseRound.closes_at,
            PulseInvitation.via_channels,
        )
        .join(Person, Person.id == PulseInvitation.person_id)
        .join(PulseRound, PulseRound.id == PulseInvitation.round_id)
        .where(
            status == DeliveryStatus.PENDING, PulseRound.status == RoundStatus.OPEN, Person.active
        )
        .order_by(PulseInvitation.id)
        .limit(limit)
    )
    return [Delivery(i, r, u, c, kind, bool(v)) for i, r, u, c, v in rows]


def claim(*, session: Session, delivery: Delivery, now: datetime) -> bool:
    """Take one pending DM for sending; False when another process already has it."""
    return _move(session, delivery, DeliveryStatus.PENDING, DeliveryStatus.SENDING, claimed_at=now)


def mark_sent(
    *, session: Session, delivery: Delivery, channel: str, ts: str, now: datetime
) -> None:
    """Record that Slack accepted the DM."""
    values: dict[str, object] = (
        {"channel": channel, "message_ts": ts, "sent_at": now}
        if delivery.kind is DmKind.INVITATION
        else {"reminded_at": now}
    )
    _move(session, delivery, DeliveryStatus.SENDING, DeliveryStatus.SENT, **values)


def mark_failed(*, session: Session, delivery: Delivery, error: str) -> None:
    """Record that Slack refused the DM for good (the person left, blocks the app...)."""
    _move(session, delivery, DeliveryStatus.SENDING, DeliveryStatus.FAILED, error=error[:200])


def reach_through_channels(*, session: Session, delivery: Delivery, error: str) -> None:
    """Slack refused the person's DM: from now on they are reached through the channels.

    A refused invitation is not tried again; a reminder in hand stays claimed, to be sent in
    a provider channel instead."""
    values: dict[str, object] = {"via_channels": True, "error": error[:200]}
    if delivery.kind is DmKind.INVITATION:
        _move(session, delivery, DeliveryStatus.SENDING, DeliveryStatus.FAILED, **values)
        return
    session.execute(
        update(PulseInvitation)
        .where(PulseInvitation.id == delivery.invitation_id)
        .values(values)
        .execution_options(synchronize_session=False)
    )


def release(*, session: Session, delivery: Delivery) -> None:
    """Give a claimed DM back (Slack was busy): it is sent on the next pass."""
    _move(session, delivery, DeliveryStatus.SENDING, DeliveryStatus.PENDING, claimed_at=None)


def abandon_interrupted(*, session: Session, now: datetime, lease: timedelta) -> int:
    """Claims older than the lease were cut off mid-call: record them, never resend them."""
    count = 0
    for kind in DmKind:
        status = _status(kind)
        result = session.execute(
            update(PulseInvitation)
            .where(status == DeliveryStatus.SENDING, PulseInvitation.claimed_at < now - lease)
            .values({status.key: DeliveryStatus.FAILED, "error": INTERRUPTED})
            .execution_options(synchronize_session=False)
        )
        count += int(getattr(result, "rowcount", 0) or 0)
    return count


def _move(
    session: Session, delivery: Delivery, old: DeliveryStatus, new: DeliveryStatus, **values: object
) -> bool:
    status = _status(delivery.kind)
    condition: ColumnElement[bool] = status == old
    result = session.execute(
        update(PulseInvitation)
        .where(PulseInvitation.id == delivery.invitation_id, condition)
        .values({status.key: new, **values})
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))
