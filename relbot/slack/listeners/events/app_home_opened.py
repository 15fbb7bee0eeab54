"""`app_home_opened`: show the person their profile and what is waiting for them."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from relbot.slack.deps import Deps
from relbot.slack.listeners.home import publish_home


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def app_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        # Slack sends the Home the person sees; an unchanged one is not published again.
        publish_home(client, deps, event["user"], shown=event.get("view"))
