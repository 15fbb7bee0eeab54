"""Thin listeners: acknowledge, parse, call the domain in a session, build, send."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from slack_bolt import App

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


def register_all(app: App, deps: Deps) -> None:
    """Attach every listener to the app; no import of this package registers anything."""
    from relbot.slack.listeners.actions import open_profile, open_pulse, query_buttons
    from relbot.slack.listeners.commands import query_command, relbot_command
    from relbot.slack.listeners.events import app_home_opened, message
    from relbot.slack.listeners.shortcuts import log_query
    from relbot.slack.listeners.views import (
        profile_submission,
        pulse_departments,
        pulse_overall,
        pulse_ratings,
        query_modal,
        query_reassign,
    )

    for module in (
        relbot_command,
        open_profile,
        open_pulse,
        profile_submission,
        pulse_overall,
        pulse_departments,
        pulse_ratings,
        app_home_opened,
        query_command,
        query_modal,
        query_reassign,
        query_buttons,
        log_query,
        message,
    ):
        module.register(app, deps)
