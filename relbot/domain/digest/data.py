"""What a digest shows, as plain data: no Slack, no database."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from relbot.analysis.cells import Cell
from relbot.analysis.pulse import RoundReport
from relbot.analysis.timings import DepartmentTimes
from relbot.domain.action_views import WeekOfActions
from relbot.domain.pulse.report import TrendPoint
from relbot.domain.voice.summary import ThemeCount
from relbot.models.pulse import Dimension

WEEK_PATTERN = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class DigestWeek:
    """An ISO week. Its digest covers the week before it: queries logged then, and the
    latest pulse round closed by its start."""

    year: int
    week: int

    @classmethod
    def of(cls, moment: datetime, zone: ZoneInfo) -> DigestWeek:
        """The ISO week `moment` falls in, in the council's time zone."""
        iso = moment.astimezone(zone).isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def parse(cls, text: str) -> DigestWeek:
        """`2026-W07` (or `2026W7`); ValueError when it names no ISO week."""
        found = WEEK_PATTERN.match(text.strip())
        if found is None:
            raise ValueError(f"{text!r} is not an ISO week; write it like 2026-W07")
        year, week = int(found[1]), int(found[2])
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"{year} has no week {week}") from None
        return cls(year, week)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    def start(self, zone: ZoneInfo) -> datetime:
        """Monday 00:00 of this week in the council's time zone."""
        monday = date.fromisocalendar(self.year, self.week, 1)
        return datetime.combine(monday, time(0), tzinfo=zone)

    def period(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The week the digest reports on: the seven days before this week starts."""
        end = self.start(zone)
        return datetime.combine(end.date() - timedelta(days=7), time(0), tzinfo=zone), end


@dataclass(frozen=True)
class CategoryCount:
    """Must Haves of the week in one category, by side (None: too few people to show)."""

    label: str
    providers: int | None
    officers: int | None


@dataclass(frozen=True)
class RoundFigures:
    """The latest closed round as `relbot report` shows it."""

    round_id: int
    closed_at: datetime | None
    report: RoundReport
    trend: list[TrendPoint]


@dataclass(frozen=True)
class ChartPoint:
    """One closed round on the chart: the health index and each dimension, all respondents."""

    opened_at: datetime
    index: Cell
    dimensions: Mapping[Dimension, Cell]


@dataclass(frozen=True)
class DigestFigures:
    """Everything one week's digest shows."""

    week: DigestWeek
    start: datetime
    end: datetime
    min_group: int
    pulse: RoundFigures | None
    response_times: list[DepartmentTimes]
    history: list[ChartPoint] = field(default_factory=list)
    must_haves: tuple[CategoryCount, ...] | None = None
    themes: tuple[ThemeCount, ...] | None = None
    actions: WeekOfActions | None = None

    @property
    def empty(self) -> bool:
        """Nothing at all to report this week."""
        quiet = self.actions is None or not any(
            (self.actions.started, self.actions.updated, self.actions.done, self.actions.overdue)
        )
        return (
            self.pulse is None
            and not self.response_times
            and not self.must_haves
            and not self.themes
            and quiet
        )
