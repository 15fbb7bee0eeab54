"""Working time: minutes inside working hours on working days, in the council's time zone.

Hours are wall-clock hours in the zone, so a working day is always, say, 09:00 to 17:00,
whatever daylight saving does; the minutes between two instants are counted day by day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


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

    def _days(self, first: date, last: date) -> Iterator[date]:
        day = first
        while day <= last:
            if self.is_working_day(day):
                yield day
            day += timedelta(days=1)

    def minutes_between(self, start: datetime, end: datetime) -> int:
        """Whole working minutes from `start` to `end` (0 when end is not after start)."""
        if end <= start:
            return 0
        first = start.astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        seconds = 0.0
        for day in self._days(first, last):
            opens, closes = self._window(day)
            overlap = (min(closes, end) - max(opens, start)).total_seconds()
            if overlap > 0:
                seconds += overlap
        return int(seconds // 60)

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
