"""When pulse rounds are due: a cron rule in the council's time zone, every N weeks.

Cron fire times come from APScheduler's CronTrigger, which works in wall-clock time in the
zone, so 10:00 stays 10:00 across daylight saving changes. A slot is named by its local date
and time; the database refuses a second round for a slot, so a slot runs once at most.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

SCHEDULED_PREFIX = "scheduled:"


@dataclass(frozen=True)
class PulseSchedule:
    cron: str
    zone: ZoneInfo
    every_weeks: int
    anchor: date
    grace: timedelta

    def on_cycle(self, moment: datetime) -> bool:
        """Whether a fire time falls in a week the cycle runs (every N weeks from the anchor)."""
        weeks = (moment.astimezone(self.zone).date() - self.anchor).days // 7
        return weeks % self.every_weeks == 0

    def fire_times(self, start: datetime, end: datetime) -> list[datetime]:
        """Every on-cycle fire time in [start, end], each local wall-clock time once.

        When clocks go back, a cron time in the repeated hour exists twice; it is a single
        slot (named by its local time), so the second occurrence is dropped here.
        """
        trigger = CronTrigger.from_crontab(self.cron, timezone=self.zone)
        found: list[datetime] = []
        seen: set[str] = set()
        fire = trigger.get_next_fire_time(None, start)
        while fire is not None and fire.astimezone(UTC) <= end:
            name = slot_name(fire, self.zone)
            if name not in seen and self.on_cycle(fire):
                found.append(fire)
            seen.add(name)
            fire = self._after(trigger, fire)
        return found

    @staticmethod
    def _after(trigger: CronTrigger, fire: datetime) -> datetime | None:
        """The next fire time strictly later than `fire`, compared in UTC.

        Within one zone Python compares wall-clock times and ignores `fold`, so the repeated
        hour would look like no progress; the trigger can also answer a time before `now`.
        """
        previous = fire.astimezone(UTC)
        probe = previous + timedelta(seconds=1)
        for _ in range(48):
            following: datetime | None = trigger.get_next_fire_time(previous, probe)
            if following is None or following.astimezone(UTC) >= probe:
                return following
            probe += timedelta(hours=1)
        return None

    def due_slot(self, now: datetime) -> str | None:
        """The slot that should have opened by now, if it is still within the grace period."""
        fires = self.fire_times(now - self.grace, now)
        return slot_name(fires[-1], self.zone) if fires else None


def slot_name(fire: datetime, zone: ZoneInfo) -> str:
    return f"{SCHEDULED_PREFIX}{fire.astimezone(zone):%Y-%m-%dT%H:%M}"
