"""Loading query timings for a period, for the response-time table."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, DateTime, and_, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from relbot.analysis.timings import DepartmentTimes, TicketTimes, department_times
from relbot.analysis.worktime import WorkingCalendar
from relbot.models import Department, QueryTicket

# At 100,000 rows, turning every timestamp into a Python datetime costs more than the rest
# of the work: clock durations are computed in the database, and only the creation time of
# still-waiting queries is read back.
RAW = DateTime(timezone=True)


def _hours(later: Any, earlier: Any, dialect: str) -> ColumnElement[Any]:
    """Clock hours between two timestamps, computed by the database."""
    if dialect == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 24.0
    return func.extract("epoch", later - earlier) / 3600.0


def ticket_times(
    *, session: Session, start: datetime, end: datetime, calendar: WorkingCalendar
) -> list[TicketTimes]:
    """Every query logged in [start, end), and older ones still waiting for a first response
    (they are the overdue ones that matter most); waits are measured up to `end`."""
    dialect = session.get_bind().dialect.name
    ticket = QueryTicket
    waiting = and_(ticket.first_response_at.is_(None), ticket.resolved_at.is_(None))
    rows = session.execute(
        select(
            Department.name,
            Department.response_target_days,
            type_coerce(case((waiting, ticket.created_at)), RAW),
            ticket.first_response_working_minutes,
            _hours(ticket.first_response_at, ticket.created_at, dialect),
            ticket.resolution_working_minutes,
            _hours(ticket.resolved_at, ticket.created_at, dialect),
        )
        .join(Department, Department.id == ticket.department_id)
        .where(
            or_(
                and_(ticket.created_at >= start, ticket.created_at < end),
                and_(waiting, ticket.created_at < start),
            )
        )
    )
    day = calendar.day_minutes
    result = []
    for name, days, open_since, first, first_hours, resolved, resolved_hours in rows:
        since = _aware(open_since) if open_since is not None else None
        result.append(
            TicketTimes(
                name,
                since,
                days * day,
                first,
                _float(first_hours),
                resolved,
                _float(resolved_hours),
                calendar.minutes_between(since, end) if since is not None else None,
            )
        )
    return result


def _float(value: object) -> float | None:
    return float(value) if value is not None else None  # type: ignore[arg-type]


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def response_table(
    *, session: Session, start: datetime, end: datetime, calendar: WorkingCalendar
) -> list[DepartmentTimes]:
    """The response-time table for queries logged in the period."""
    return department_times(ticket_times(session=session, start=start, end=end, calendar=calendar))
