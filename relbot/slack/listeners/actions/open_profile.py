"""The "Edit profile" button on App Home opens the profile modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from relbot.slack.deps import Deps
from relbot.slack.ids import Action
from relbot.slack.listeners.profile import open_profile_modal


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_PROFILE.value)
    def open_profile(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        open_profile_modal(client, deps, body["user"]["id"], body["trigger_id"])
