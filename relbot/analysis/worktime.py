"""Working time: minutes inside working hours on working days, in the council's time zone.

Hours are wall-clock hours in the zone, so a working day is always, say, 09:00 to 17:00,
whatever daylight saving does; the minutes between two instants are counted day by day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

# Running totals are counted from this year; any year before or after works, only slower.
REFERENCE_YEAR = 2020


@dataclass(frozen=True)
class WorkingCalendar:
    zone: ZoneInfo
    weekdays: frozenset[int]  # Monday is 0
    start: time
    end: time
    holidays: frozenset[date]

    @property
    def day_minutes(self) -> int:
        """Minutes in one working day."""
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.weekdays and day not in self.holidays

    def _window(self, day: date) -> tuple[datetime, datetime]:
        opens = datetime.combine(day, self.start, tzinfo=self.zone).astimezone(UTC)
        closes = datetime.combine(day, self.end, tzinfo=self.zone).astimezone(UTC)
        return opens, closes

    def minutes_between(self, start: datetime, end: datetime) -> int:
        """Whole working minutes from `start` to `end` (0 when end is not after start).

        The first and last days are measured exactly; the whole days between come from
        per-year running totals, so a year-long wait costs no more than a one-day one.
        """
        if end <= start:
            return 0
        first = start.astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        if first == last:
            return int(self._overlap(first, start, end) // 60)
        seconds = self._overlap(first, start, end) + self._overlap(last, start, end)
        seconds += 60 * (
            _running_total(self, last - timedelta(days=1)) - _running_total(self, first)
        )
        return int(seconds // 60)

    def _overlap(self, day: date, start: datetime, end: datetime) -> float:
        if not self.is_working_day(day):
            return 0.0
        opens, closes = self._window(day)
        return max(0.0, (min(closes, end) - max(opens, start)).total_seconds())

    def full_day_minutes(self, day: date) -> int:
        """Working minutes in the whole of one day (0 on days off; shorter across a DST hour)."""
        if not self.is_working_day(day):
            return 0
        opens, closes = self._window(day)
        return int((closes - opens).total_seconds() // 60)

    def add_minutes(self, start: datetime, minutes: int) -> datetime:
        """The instant `minutes` working minutes after `start`."""
        left = timedelta(minutes=minutes)
        day = start.astimezone(self.zone).date()
        for _ in range(3700):  # ten years of days: any target is far inside that
            if self.is_working_day(day):
                opens, closes = self._window(day)
                begin = max(opens, start)
                if begin < closes:
                    if begin + left <= closes:
                        return begin + left
                    left -= closes - begin
            day += timedelta(days=1)
        raise ValueError("no working time within ten years; check the calendar settings")


def _running_total(calendar: WorkingCalendar, day: date) -> int:
    """Working minutes from the start of REFERENCE_YEAR to the end of `day` (negative before
    it); only differences between two days' totals are ever used."""
    return (
        _offset(calendar, day.year) + _year_running(calendar, day.year)[day.timetuple().tm_yday - 1]
    )


@cache
def _year_running(calendar: WorkingCalendar, year: int) -> tuple[int, ...]:
    """Running totals of working minutes through one year, day by day."""
    running, total = [], 0
    day = date(year, 1, 1)
    while day.year == year:
        total += calendar.full_day_minutes(day)
        running.append(total)
        day += timedelta(days=1)
    return tuple(running)


@cache
def _offset(calendar: WorkingCalendar, year: int) -> int:
    """Working minutes in the whole years from REFERENCE_YEAR up to `year`."""
    if year == REFERENCE_YEAR:
        return 0
    if year > REFERENCE_YEAR:
        return _offset(calendar, year - 1) + _year_running(calendar, year - 1)[-1]
    return _offset(calendar, year + 1) - _year_running(calendar, year)[-1]
