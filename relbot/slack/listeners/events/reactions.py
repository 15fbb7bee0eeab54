"""Reactions added to and removed from provider-voice messages: their support."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from relbot.slack.deps import Deps
from relbot.slack.voice import on_reaction


def register(app: App, deps: Deps) -> None:
    @app.event("reaction_added")
    def reaction_added(event: dict[str, Any]) -> None:
        on_reaction(event, deps, added=True)

    @app.event("reaction_removed")
    def reaction_removed(event: dict[str, Any]) -> None:
        on_reaction(event, deps, added=False)
