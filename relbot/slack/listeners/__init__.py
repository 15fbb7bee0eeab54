"""Thin listeners: acknowledge, parse, call the domain in a session, build, send."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt import App

from relbot.config import Settings
from relbot.db import SessionFactory


@dataclass(frozen=True)
class Deps:
    """What every listener needs besides Slack's own arguments."""

    settings: Settings
    sessions: SessionFactory


def register_all(app: App, deps: Deps) -> None:
    """Attach every listener to the app; no import of this package registers anything."""
    from relbot.slack.listeners.actions import open_profile, open_pulse
    from relbot.slack.listeners.commands import relbot_command
    from relbot.slack.listeners.events import app_home_opened
    from relbot.slack.listeners.views import (
        profile_submission,
        pulse_departments,
        pulse_overall,
        pulse_ratings,
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
    ):
        module.register(app, deps)
