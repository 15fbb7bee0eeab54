"""The response-time table's rules at their edges, each against a figure worked out by hand.

A query answered at the very minute of its target is on time; one minute later it is late.
A query still waiting counts as overdue once it has waited beyond the target. The 90th
percentile "within target" holds when it equals the target.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from relbot.analysis.timings import TicketTimes, department_times

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
TARGET = 480.0  # one working day, in working minutes


def _answered(minutes: int, department: str = "Finance", hours: float = 1.0) -> TicketTimes:
    return TicketTimes(department, T0, TARGET, minutes, hours, None, None)


def _waiting(minutes: int, created: datetime = T0) -> TicketTimes:
    return TicketTimes("Finance", created, TARGET, None, None, None, None, open_minutes=minutes)


def test_an_answer_at_the_very_minute_of_the_target_is_on_time() -> None:
    [row] = department_times([_answered(480), _answered(481)])
    assert (row.within_target, row.overdue, row.decided) == (1, 1, 2)
    assert row.share_within == 0.5


def test_a_query_waiting_exactly_the_target_is_not_yet_overdue() -> None:
    [row] = department_times([_waiting(480), _waiting(481), _waiting(0)])
    assert (row.open, row.overdue, row.overdue_now) == (3, 1, 1)
    assert (row.within_target, row.decided) == (0, 1)


def test_a_query_neither_answered_nor_waiting_is_not_overdue() -> None:
    """Resolved without a first response being recorded: its timeliness is unknown."""
    unknown = TicketTimes("Finance", T0, 0.0, None, None, 30, 0.5)
    [row] = department_times([unknown])
    assert (row.overdue, row.open, row.decided, row.share_within) == (0, 0, 0, None)
    assert row.resolution_working.median == 30 and row.resolution_hours.median == 0.5


def test_nine_in_ten_within_target_holds_when_the_90th_percentile_equals_it() -> None:
    on_the_minute = [_answered(60)] * 8 + [_answered(480)] * 2
    [row] = department_times(on_the_minute)
    assert row.first_response_working.p90 == 480 and row.p90_within is True
    [late] = department_times([*on_the_minute[:8], _answered(481), _answered(481)])
    assert late.p90_within is False
    [none] = department_times([_waiting(10)])
    assert none.p90_within is None


def test_hours_are_read_from_their_own_column() -> None:
    tickets = [
        TicketTimes("Finance", T0, TARGET, 60, 2.0, 120, 26.0),
        TicketTimes("Finance", T0, TARGET, 90, 3.0, 150, 50.0),
    ]
    [row] = department_times(tickets)
    assert (row.first_response_working.median, row.first_response_hours.median) == (60, 2.0)
    assert (row.resolution_working.median, row.resolution_hours.median) == (120, 26.0)
    assert (row.resolution_working.p90, row.resolution_hours.p90) == (150, 50.0)


def test_departments_come_alphabetically_whatever_their_case() -> None:
    rows = department_times(
        [_answered(1, "Finance"), _answered(1, "adult care"), _answered(1, "Business")]
    )
    assert [r.department for r in rows] == ["adult care", "Business", "Finance"]


def test_the_oldest_open_query_is_the_earliest_still_waiting() -> None:
    tickets = [
        _waiting(10, T0 + timedelta(hours=3)),
        _waiting(10, T0 + timedelta(hours=1)),
        _answered(10),  # answered queries are not open, however old
    ]
    [row] = department_times(tickets)
    assert row.oldest_open == T0 + timedelta(hours=1)
