"""Thin listeners: acknowledge, parse, call the domain in a session, build, send."""

from __future__ import annotations

from slack_bolt import App

from relbot.slack.deps import Deps


def register_all(app: App, deps: Deps) -> None:
    """Attach every listener to the app; no import of this package registers anything."""
    from relbot.slack.listeners.actions import (
        musthave_category,
        open_profile,
        open_pulse,
        query_buttons,
    )
    from relbot.slack.listeners.commands import (
        musthave_command,
        query_command,
        relbot_command,
        voice_command,
    )
    from relbot.slack.listeners.events import app_home_opened, message, reactions
    from relbot.slack.listeners.shortcuts import log_query
    from relbot.slack.listeners.views import (
        musthave_modal,
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
        musthave_command,
        musthave_modal,
        musthave_category,
        reactions,
        voice_command,
    ):
        module.register(app, deps)
