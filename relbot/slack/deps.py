"""What every listener needs besides Slack's own arguments."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy.orm import Session

from relbot.analysis.worktime import WorkingCalendar
from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.categories import category_specs, ensure_categories


@dataclass(frozen=True)
class Deps:
    """What every listener needs besides Slack's own arguments."""

    settings: Settings
    sessions: SessionFactory
    _categories_stored: threading.Event = field(
        default_factory=threading.Event, init=False, repr=False, compare=False
    )

    @cached_property
    def calendar(self) -> WorkingCalendar:
        """Working days, hours and holidays, built once."""
        return self.settings.working_calendar()

    def queue_channel(self, department_channel: str | None) -> str | None:
        """Where a department's queries go: its own queue, else the default one."""
        return department_channel or self.settings.queries_channel

    def store_categories(self, session: Session) -> None:
        """Store the configured Must Have categories; once they are found stored as configured,
        this process reads them no more (only a change to the settings changes them)."""
        if self._categories_stored.is_set():
            return
        if ensure_categories(session=session, specs=category_specs(self.settings.categories)):
            self._categories_stored.set()
