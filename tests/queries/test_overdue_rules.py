"""Who is reminded of an unanswered query, and when: the rules stated one at a time, each on
both databases, so that breaking any one of them fails here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Result, event, select, update
from sqlalchemy.orm import ORMExecuteState

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.queries.overdue import THRESHOLDS, claim_due, move, pending
from relbot.models import Department, Person, QueryReminder, QueryTicket
from relbot.models.enums import Side
from relbot.models.pulse import DeliveryStatus
from relbot.models.queries import QueryStatus
from tests.directory_data import load_council
from tests.faults.support import FINANCE_CHANNEL, add_overdue_tickets

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def council(sessions: SessionFactory, tmp_path: Path) -> None:
    """The small council of tests/directory_data.py: Finance's target is two working days."""
    with sessions.begin() as session:
        load_council(session, tmp_path)


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
    settings: Settings, sessions: SessionFactory
) -> None:
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
    settings: Settings, sessions: SessionFactory
) -> None:
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


def _claim(settings: Settings, sessions: SessionFactory, now: datetime) -> int:
    with sessions.begin() as session:
        return claim_due(session=session, now=now, calendar=settings.working_calendar())


def test_an_answered_query_or_one_not_yet_in_the_queue_is_never_reminded(
    settings: Settings, sessions: SessionFactory
) -> None:
    add_overdue_tickets(sessions, 2, MONDAY)
    with sessions.begin() as session:
        answered, unposted = session.scalars(select(QueryTicket).order_by(QueryTicket.id))
        answered.first_response_at = MONDAY + timedelta(hours=1)
        unposted.queue_ts = None
    assert _claim(settings, sessions, MONDAY + timedelta(days=14)) == 0
    assert _reminders(sessions) == []


def test_thresholds_passed_while_relbot_was_down_send_only_the_highest_contact_level(
    settings: Settings, sessions: SessionFactory
) -> None:
    """At 150% the 75% reminder is settled unsent and the 100% one goes; at 250% the 200%
    one (to decision makers) goes too: two sent, one settled."""
    add_overdue_tickets(sessions, 1, MONDAY)
    assert _claim(settings, sessions, _moment(settings, 1.5)) == 1
    assert _reminders(sessions) == [(75, DeliveryStatus.FAILED), (100, DeliveryStatus.PENDING)]
    assert _claim(settings, sessions, _moment(settings, 2.5)) == 1
    assert _reminders(sessions) == [
        (75, DeliveryStatus.FAILED),
        (100, DeliveryStatus.PENDING),
        (200, DeliveryStatus.PENDING),
    ]


def test_every_threshold_reached_at_once_writes_each_and_counts_those_to_send(
    settings: Settings, sessions: SessionFactory
) -> None:
    add_overdue_tickets(sessions, 3, MONDAY)
    assert _claim(settings, sessions, _moment(settings, 2.5)) == 6  # 100% and 200%, three times
    assert len(_reminders(sessions)) == 9


def test_a_reminder_mentions_the_departments_active_officers_and_at_200_its_decision_makers(
    settings: Settings, sessions: SessionFactory
) -> None:
    with sessions.begin() as session:
        finance = session.scalars(select(Department).where(Department.name == "Finance")).one()
        # Neither a provider nor someone who has left is mentioned, whatever their department.
        session.add(
            Person(
                slack_user_id="UPROVFIN1",
                name="Provider in Finance",
                side=Side.PROVIDER,
                department_id=finance.id,
            )
        )
        session.add(
            Person(
                slack_user_id="UGONE0001",
                name="Gone",
                side=Side.OFFICER,
                department_id=finance.id,
                decision_maker=True,
                active=False,
            )
        )
    add_overdue_tickets(sessions, 1, MONDAY)
    _claim(settings, sessions, _moment(settings, 1))
    with sessions.begin() as session:
        [contacts] = pending(session=session)
    assert contacts.threshold == 100 and contacts.people == ("UOFFI0001", "UOFFI0002")
    assert (contacts.channel, contacts.department, contacts.target_days) == (
        FINANCE_CHANNEL,
        "Finance",
        2,
    )
    assert contacts.thread_ts == "1690000000.000100"
    _claim(settings, sessions, _moment(settings, 2))
    with sessions.begin() as session:
        first, decision = pending(session=session)
    assert first == contacts  # oldest first
    assert decision.threshold == 200 and decision.people == ("UOFFI0001",)


def test_a_reminder_mentions_at_most_ten_people_the_earliest_added_first(
    settings: Settings, sessions: SessionFactory
) -> None:
    with sessions.begin() as session:
        finance = session.scalars(select(Department).where(Department.name == "Finance")).one()
        session.add_all(
            Person(
                slack_user_id=f"UMORE{n:04d}",
                name=f"Officer {n}",
                side=Side.OFFICER,
                department_id=finance.id,
            )
            for n in range(12)
        )
    add_overdue_tickets(sessions, 1, MONDAY)
    _claim(settings, sessions, _moment(settings, 1))
    with sessions.begin() as session:
        [due] = pending(session=session)
    assert due.people == (
        "UOFFI0001",
        "UOFFI0002",
        *(f"UMORE{n:04d}" for n in range(8)),
    )


def test_only_pending_reminders_of_posted_queries_are_due_and_each_moves_once(
    settings: Settings, sessions: SessionFactory
) -> None:
    add_overdue_tickets(sessions, 1, MONDAY)
    _claim(settings, sessions, _moment(settings, 1.5))  # 75% settled unsent, 100% pending
    with sessions.begin() as session:
        [due] = pending(session=session)
    sent_at = MONDAY + timedelta(days=3)
    with sessions.begin() as session:
        assert move(
            session=session,
            reminder_id=due.reminder_id,
            old=DeliveryStatus.PENDING,
            new=DeliveryStatus.SENDING,
            now=sent_at,
        )
        # A second process finds it already claimed.
        assert not move(
            session=session,
            reminder_id=due.reminder_id,
            old=DeliveryStatus.PENDING,
            new=DeliveryStatus.SENDING,
            now=sent_at,
        )
    with sessions.begin() as session:
        assert pending(session=session) == []
        reminder = session.get(QueryReminder, due.reminder_id)
        assert reminder is not None and reminder.sent_at is None
    with sessions.begin() as session:
        assert move(
            session=session,
            reminder_id=due.reminder_id,
            old=DeliveryStatus.SENDING,
            new=DeliveryStatus.SENT,
            now=sent_at,
        )
    with sessions.begin() as session:
        reminder = session.get(QueryReminder, due.reminder_id)
        assert reminder is not None and reminder.status is DeliveryStatus.SENT
        assert reminder.sent_at is not None
        assert reminder.sent_at.replace(tzinfo=UTC) == sent_at
    # A reminder whose query lost its queue message is not due, though pending.
    with sessions.begin() as session:
        session.execute(update(QueryReminder).values(status=DeliveryStatus.PENDING))
        session.execute(update(QueryTicket).values(queue_ts=None))
        assert pending(session=session) == []


def test_a_reminder_is_dated_by_the_tick_that_found_it_due(
    settings: Settings, sessions: SessionFactory
) -> None:
    add_overdue_tickets(sessions, 1, MONDAY)
    due = _moment(settings, 1)
    _claim(settings, sessions, due)
    with sessions.begin() as session:
        dated = [r.replace(tzinfo=UTC) for r in session.scalars(select(QueryReminder.created_at))]
    assert dated == [due, due]  # the 100% reminder, and the 75% one it supersedes


def test_a_reminder_another_process_wrote_meanwhile_leaves_the_others_to_be_written(
    settings: Settings, sessions: SessionFactory
) -> None:
    """Between reading which reminders exist and writing its own, this process finds the
    first query's 75% reminder already written by another: it goes on to that query's 100%
    one, and to the second query."""
    add_overdue_tickets(sessions, 2, MONDAY)
    with sessions.begin() as session:
        first, second = session.scalars(select(QueryTicket.id).order_by(QueryTicket.id))
    raced = []

    def meanwhile(state: ORMExecuteState) -> Result[Any] | None:
        columns = state.statement.selected_columns if state.is_select else []
        if raced or [c.name for c in columns] != ["ticket_id", "threshold_percent"]:
            return None
        read = state.invoke_statement().freeze()
        other = state.session
        other.add(
            QueryReminder(
                ticket_id=first,
                threshold_percent=75,
                created_at=MONDAY,
                status=DeliveryStatus.SENT,
            )
        )
        other.flush()
        raced.append(True)
        return read()

    with sessions.begin() as session:
        event.listen(session, "do_orm_execute", meanwhile)
        created = claim_due(
            session=session, now=_moment(settings, 1), calendar=settings.working_calendar()
        )
    assert raced and created == 2
    with sessions.begin() as session:
        written = set(
            session.execute(select(QueryReminder.ticket_id, QueryReminder.threshold_percent))
        )
    assert written == {(first, 75), (first, 100), (second, 75), (second, 100)}


def test_a_reminder_names_its_query_and_needs_the_queue_channel(
    settings: Settings, sessions: SessionFactory
) -> None:
    add_overdue_tickets(sessions, 2, MONDAY)
    with sessions.begin() as session:
        first, second = session.scalars(select(QueryTicket).order_by(QueryTicket.id))
        second.queue_channel = None  # its queue message's channel was never recorded
        first_id = first.id
    _claim(settings, sessions, _moment(settings, 1))
    with sessions.begin() as session:
        [due] = pending(session=session)
    assert due.ticket_id == first_id
