"""Opening, reminding and closing rounds; the database refuses doubles, not good luck."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relbot.domain.audit import record_admin_action
from relbot.domain.pulse.follow_ups import attach_follow_ups
from relbot.domain.pulse.questions import CURRENT_VERSION, ensure_bank
from relbot.models import Person, PulseInvitation, PulseResponse, PulseRound
from relbot.models.pulse import DeliveryStatus, RoundStatus


class RoundOpenError(Exception):
    """A round is already open (or this slot was already used); nothing was opened."""

    def __init__(self, existing: PulseRound | None, message: str) -> None:
        super().__init__(message)
        self.existing = existing


class NoOpenRoundError(Exception):
    """There is no open round to remind or close."""


@dataclass(frozen=True)
class RoundTimes:
    """How long a round stays open and when its one reminder goes."""

    open_days: float
    remind_after_days: float
    # Done actions this many days before the round opens are asked about in it; None: none.
    follow_up_days: int | None = None


def open_round(
    *, session: Session, now: datetime, slot: str, opened_by: str, times: RoundTimes
) -> PulseRound:
    """Open a round and write one pending invitation per active person, in one transaction."""
    current = current_round(session=session)
    if current is not None:
        raise RoundOpenError(
            current,
            f"Round {current.id} is already open until "
            f"{current.closes_at:%Y-%m-%d %H:%M} UTC; close it first.",
        )
    ensure_bank(session=session)
    pulse = PulseRound(
        slot=slot,
        open_marker=True,
        question_version=CURRENT_VERSION,
        status=RoundStatus.OPEN,
        opened_at=now,
        closes_at=now + timedelta(days=times.open_days),
        remind_at=now + timedelta(days=times.remind_after_days),
        opened_by=opened_by,
    )
    try:
        with session.begin_nested():
            session.add(pulse)
            session.flush()
    except IntegrityError:
        raise RoundOpenError(
            current_round(session=session),
            f"Slot {slot} was already used or another round opened at the "
            "same moment; nothing was opened.",
        ) from None
    people = session.scalars(select(Person.id).where(Person.active).order_by(Person.id))
    session.add_all(
        PulseInvitation(round_id=pulse.id, person_id=person_id, status=DeliveryStatus.PENDING)
        for person_id in people
    )
    if times.follow_up_days is not None:
        attach_follow_ups(
            session=session, round_id=pulse.id, opened_at=now, after_days=times.follow_up_days
        )
    record_admin_action(
        session=session,
        actor=opened_by,
        action="pulse.open",
        detail={"round": pulse.id, "slot": slot},
    )
    session.flush()
    return pulse


def current_round(*, session: Session) -> PulseRound | None:
    """The open round, if any."""
    return session.scalars(select(PulseRound).where(PulseRound.open_marker.is_(True))).first()


def round_by_slot(*, session: Session, slot: str) -> PulseRound | None:
    return session.scalars(select(PulseRound).where(PulseRound.slot == slot)).first()


def claim_reminders(*, session: Session, pulse: PulseRound, now: datetime, by: str) -> int:
    """Mark every invited non-responder for one reminder; return how many were claimed.

    The UPDATE only touches rows with no reminder yet, so a second caller claims none.
    """
    if pulse.status is not RoundStatus.OPEN:
        raise NoOpenRoundError(f"Round {pulse.id} is closed; no reminders for it.")
    answered = exists().where(
        PulseResponse.round_id == PulseInvitation.round_id,
        PulseResponse.person_id == PulseInvitation.person_id,
    )
    result = session.execute(
        update(PulseInvitation)
        .where(
            PulseInvitation.round_id == pulse.id,
            PulseInvitation.reminder_status.is_(None),
            ~answered,
        )
        .values(reminder_status=DeliveryStatus.PENDING)
        .execution_options(synchronize_session=False)
    )
    claimed = int(getattr(result, "rowcount", 0) or 0)
    record_admin_action(
        session=session,
        actor=by,
        action="pulse.remind",
        detail={"round": pulse.id, "claimed": claimed, "at": now.isoformat()},
    )
    session.flush()
    return claimed


def close_round(*, session: Session, now: datetime, by: str) -> PulseRound:
    """Close the open round; answers can no longer be changed."""
    pulse = current_round(session=session)
    if pulse is None:
        raise NoOpenRoundError("No round is open.")
    closed = session.execute(
        update(PulseRound)
        .where(PulseRound.id == pulse.id, PulseRound.status == RoundStatus.OPEN)
        .values(status=RoundStatus.CLOSED, open_marker=None, closed_at=now)
        .execution_options(synchronize_session=False)
    )
    if not getattr(closed, "rowcount", 0):
        raise NoOpenRoundError("The round was closed by someone else just now.")
    session.refresh(pulse)
    record_admin_action(session=session, actor=by, action="pulse.close", detail={"round": pulse.id})
    session.flush()
    return pulse
