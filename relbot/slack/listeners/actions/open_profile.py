"""The "Edit profile" button on App Home opens the profile modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from relbot.slack.deps import Deps
from relbot.slack.ids import Action
from relbot.slack.listeners.profile import not_in_directory_payload, open_profile_modal


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_PROFILE.value)
    def open_profile(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        if open_profile_modal(client, deps, user_id, body["trigger_id"]):
            return
        if body.get("response_url"):
            respond(
                response_type="ephemeral", replace_original=False, **not_in_directory_payload(deps)
            )
        else:
            client.chat_postMessage(channel=user_id, **not_in_directory_payload(deps))
