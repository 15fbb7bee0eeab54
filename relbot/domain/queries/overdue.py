"""Overdue queries: reminders at 75% and 100% of the first-response target to the
department's contacts, and at 200% to its decision makers; each once per ticket and level.

A reminder is a row with a unique (ticket, threshold) written before the Slack call, so a
restart or a second process can never send it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relbot.analysis.worktime import WorkingCalendar
from relbot.models import Department, Person, QueryReminder, QueryTicket
from relbot.models.enums import Side
from relbot.models.pulse import DeliveryStatus
from relbot.models.queries import QueryStatus

THRESHOLDS = (75, 100, 200)
DECISION_MAKERS_AT = 200
MAX_MENTIONS = 10


@dataclass(frozen=True)
class DueReminder:
    reminder_id: int
    ticket_id: int
    threshold: int
    channel: str
    thread_ts: str
    department: str
    target_days: float
    people: tuple[str, ...]


def claim_due(*, session: Session, now: datetime, calendar: WorkingCalendar) -> int:
    """Write a pending reminder for every threshold an unanswered ticket has reached."""
    tickets = session.execute(
        select(QueryTicket.id, QueryTicket.created_at, Department.response_target_days)
        .join(Department, Department.id == QueryTicket.department_id)
        .where(
            QueryTicket.first_response_at.is_(None),
            QueryTicket.status != QueryStatus.RESOLVED,
            QueryTicket.queue_ts.is_not(None),
        )
    ).all()
    existing = {
        (t, h)
        for t, h in session.execute(
            select(QueryReminder.ticket_id, QueryReminder.threshold_percent)
        )
    }
    created = 0
    for ticket_id, created_at, target_days in tickets:
        target = target_days * calendar.day_minutes
        elapsed = calendar.minutes_between(created_at, now)
        reached = [t for t in THRESHOLDS if elapsed >= target * t / 100]
        contact_levels = [t for t in reached if t < DECISION_MAKERS_AT]
        for threshold in reached:
            if (ticket_id, threshold) in existing:
                continue
            # Reached together with a higher contact level (relbot was down): only the highest
            # is sent; this one is settled unsent, so it never goes out late.
            superseded = threshold in contact_levels and threshold != max(contact_levels)
            row = QueryReminder(
                ticket_id=ticket_id,
                threshold_percent=threshold,
                created_at=now,
                status=DeliveryStatus.FAILED if superseded else DeliveryStatus.PENDING,
            )
            try:
                with session.begin_nested():
                    session.add(row)
                    session.flush()
            except IntegrityError:
                continue  # another process wrote it first
            created += 0 if superseded else 1
    return created


def pending(*, session: Session) -> list[DueReminder]:
    """Reminders waiting to be sent, with whom each should mention."""
    rows = session.execute(
        select(
            QueryReminder.id,
            QueryReminder.ticket_id,
            QueryReminder.threshold_percent,
            QueryTicket.queue_channel,
            QueryTicket.queue_ts,
            QueryTicket.department_id,
            Department.name,
            Department.response_target_days,
        )
        .join(QueryTicket, QueryTicket.id == QueryReminder.ticket_id)
        .join(Department, Department.id == QueryTicket.department_id)
        .where(
            QueryReminder.status == DeliveryStatus.PENDING,
            QueryTicket.queue_ts.is_not(None),
            QueryTicket.queue_channel.is_not(None),
        )
        .order_by(QueryReminder.id)
    ).all()
    due = []
    for rid, tid, threshold, channel, ts, department_id, name, days in rows:
        who = select(Person.slack_user_id).where(
            Person.department_id == department_id, Person.active, Person.side == Side.OFFICER
        )
        if threshold >= DECISION_MAKERS_AT:
            who = who.where(Person.decision_maker)
        people = tuple(session.scalars(who.order_by(Person.id).limit(MAX_MENTIONS)))
        due.append(DueReminder(rid, tid, threshold, str(channel), str(ts), name, days, people))
    return due


def move(
    *, session: Session, reminder_id: int, old: DeliveryStatus, new: DeliveryStatus, now: datetime
) -> bool:
    """Claim or settle one reminder; False when another process moved it first."""
    values: dict[str, object] = {"status": new}
    if new is DeliveryStatus.SENT:
        values["sent_at"] = now
    result = session.execute(
        update(QueryReminder)
        .where(QueryReminder.id == reminder_id, QueryReminder.status == old)
        .values(values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))
