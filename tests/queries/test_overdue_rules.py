"""Who is reminded of an unanswered query, and when: the rules stated one at a time, each on
both databases, so that breaking any one of them fails here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.queries.overdue import THRESHOLDS, claim_due
from relbot.models import QueryReminder, QueryTicket
from relbot.models.pulse import DeliveryStatus
from relbot.models.queries import QueryStatus
from tests.directory_data import load_council
from tests.faults.support import add_overdue_tickets

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _reminders(sessions: SessionFactory) -> list[tuple[int, DeliveryStatus]]:
    with sessions.begin() as session:
        rows = session.execute(
            select(QueryReminder.threshold_percent, QueryReminder.status).order_by(
                QueryReminder.threshold_percent
            )
        )
        return [(threshold, status) for threshold, status in rows]


def _moment(settings: Settings, share: float) -> datetime:
    """The first minute at which a Finance query raised on MONDAY has waited exactly `share`
    of its two-working-day target, in working minutes."""
    calendar = settings.working_calendar()
    wanted = 2 * calendar.day_minutes * share
    moment = MONDAY
    while calendar.minutes_between(MONDAY, moment) < wanted:
        moment += timedelta(minutes=1)
    assert calendar.minutes_between(MONDAY, moment) == wanted
    return moment


def test_a_reminder_is_due_at_the_very_minute_its_share_of_the_target_is_reached(
    settings: Settings, sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        load_council(session, tmp_path)
    add_overdue_tickets(sessions, 1, MONDAY)
    calendar = settings.working_calendar()
    first = _moment(settings, THRESHOLDS[0] / 100)
    with sessions.begin() as session:
        assert claim_due(session=session, now=first - timedelta(minutes=1), calendar=calendar) == 0
    assert _reminders(sessions) == []
    with sessions.begin() as session:
        assert claim_due(session=session, now=first, calendar=calendar) == 1
    assert _reminders(sessions) == [(THRESHOLDS[0], DeliveryStatus.PENDING)]
    # Claimed again, nothing new: each threshold once.
    with sessions.begin() as session:
        assert claim_due(session=session, now=first, calendar=calendar) == 0


def test_a_resolved_query_is_never_reminded_even_unanswered(
    settings: Settings, sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        load_council(session, tmp_path)
    add_overdue_tickets(sessions, 2, MONDAY)
    with sessions.begin() as session:
        resolved = session.scalars(select(QueryTicket).order_by(QueryTicket.id)).first()
        assert resolved is not None
        resolved.status = QueryStatus.RESOLVED  # closed by the department with no reply
        resolved_id = resolved.id
    calendar = settings.working_calendar()
    with sessions.begin() as session:
        claim_due(session=session, now=MONDAY + timedelta(days=14), calendar=calendar)
    with sessions.begin() as session:
        reminded = set(session.scalars(select(QueryReminder.ticket_id)))
    assert reminded and resolved_id not in reminded
