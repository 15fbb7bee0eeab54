"""What every listener needs besides Slack's own arguments."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from relbot.analysis.worktime import WorkingCalendar
from relbot.config import Settings
from relbot.db import SessionFactory


@dataclass(frozen=True)
class Deps:
    """What every listener needs besides Slack's own arguments."""

    settings: Settings
    sessions: SessionFactory

    @cached_property
    def calendar(self) -> WorkingCalendar:
        """Working days, hours and holidays, built once."""
        return self.settings.working_calendar()

    def queue_channel(self, department_channel: str | None) -> str | None:
        """Where a department's queries go: its own queue, else the default one."""
        return department_channel or self.settings.queries_channel
