"""The survey buttons (in the DM and on App Home) open the pulse modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from relbot.slack.deps import Deps
from relbot.slack.ids import Action
from relbot.slack.listeners.pulse import pulse_modal_or_reason


def register(app: App, deps: Deps) -> None:
    @app.action(Action.OPEN_PULSE.value)
    def open_pulse(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        outcome = pulse_modal_or_reason(deps, user_id)
        if "view" in outcome:
            client.views_open(trigger_id=body["trigger_id"], view=outcome["view"])
        elif body.get("response_url"):
            respond(response_type="ephemeral", replace_original=False, **outcome["message"])
        else:
            client.chat_postMessage(channel=user_id, **outcome["message"])
