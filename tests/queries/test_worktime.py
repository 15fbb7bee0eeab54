"""Working-time arithmetic against a minute-by-minute reference: weekends, holidays, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from relbot.analysis.worktime import WorkingCalendar

LONDON = ZoneInfo("Europe/London")
CALENDAR = WorkingCalendar(
    LONDON,
    frozenset({0, 1, 2, 3, 4}),
    time(9),
    time(17, 30),
    frozenset({date(2026, 3, 30), date(2026, 10, 26), date(2026, 12, 25)}),
)
# Around both 2026 DST changes (29 March, 25 October) and Christmas.
instants = st.sampled_from(
    [
        datetime(2026, 3, 20, tzinfo=UTC),
        datetime(2026, 10, 16, tzinfo=UTC),
        datetime(2026, 12, 20, tzinfo=UTC),
    ]
).flatmap(lambda base: st.integers(0, 20 * 24 * 60).map(lambda m: base + timedelta(minutes=m)))


def reference_minutes(start: datetime, end: datetime) -> int:
    """Count, minute by minute, the minutes whose start lies in working hours."""
    count = 0
    moment = start
    while moment + timedelta(minutes=1) <= end:
        local = moment.astimezone(LONDON)
        if CALENDAR.is_working_day(local.date()) and time(9) <= local.time() < time(17, 30):
            count += 1
        moment += timedelta(minutes=1)
    return count


@settings(max_examples=60, deadline=None)
@given(instants, st.integers(0, 9 * 24 * 60))
def test_minutes_between_matches_the_reference(start: datetime, length: int) -> None:
    end = start + timedelta(minutes=length)
    assert CALENDAR.minutes_between(start, end) == reference_minutes(start, end)


@settings(max_examples=60, deadline=None)
@given(instants, st.integers(1, 5 * 510))
def test_adding_working_minutes_inverts_counting(start: datetime, minutes: int) -> None:
    later = CALENDAR.add_minutes(start, minutes)
    assert CALENDAR.minutes_between(start, later) == minutes
    assert CALENDAR.minutes_between(start, later - timedelta(minutes=1)) == minutes - 1


def test_a_working_day_is_the_same_local_hours_across_dst() -> None:
    friday = datetime(2026, 3, 27, 8, 0, tzinfo=UTC)  # GMT: 09:00 starts at 09:00 UTC
    tuesday = datetime(2026, 3, 31, 17, 0, tzinfo=UTC)  # BST: 17:30 local is 16:30 UTC
    # Friday 8h30, weekend, Monday 30 March a holiday, Tuesday 8h30.
    assert CALENDAR.minutes_between(friday, tuesday) == 2 * 510


def reference_by_day(start: datetime, end: datetime) -> int:
    """Day by day: each day's window clipped to [start, end]."""
    seconds = 0.0
    day = start.astimezone(LONDON).date()
    while day <= end.astimezone(LONDON).date():
        if CALENDAR.is_working_day(day):
            opens = datetime.combine(day, time(9), tzinfo=LONDON)
            closes = datetime.combine(day, time(17, 30), tzinfo=LONDON)
            seconds += max(0.0, (min(closes, end) - max(opens, start)).total_seconds())
        day += timedelta(days=1)
    return int(seconds // 60)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 3 * 365 * 24 * 60), st.integers(0, 2 * 365 * 24 * 60))
def test_long_waits_across_years_match_a_day_by_day_count(offset: int, length: int) -> None:
    start = datetime(2018, 6, 1, tzinfo=UTC) + timedelta(minutes=offset)
    end = start + timedelta(minutes=length)
    assert CALENDAR.minutes_between(start, end) == reference_by_day(start, end)
