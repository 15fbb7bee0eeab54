"""What every listener needs besides Slack's own arguments, put into Bolt's context once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from sqlalchemy.orm import Session

from relbot.analysis.worktime import WorkingCalendar
from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.categories import category_specs, ensure_categories

# The name listeners give the argument: Bolt passes a listener any context key it names.
DEPS = "deps"


@dataclass(frozen=True)
class Deps:
    """The settings, the session factory and the working calendar, shared by every listener."""

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


class ProvideDeps(Middleware):
    """The global middleware that puts `Deps` into each request's context as `deps`.

    A `Middleware` rather than a function, so Bolt does not build every argument a function
    could ask for on each request."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        req.context[DEPS] = self._deps
        return next()
