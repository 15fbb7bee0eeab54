"""`/musthave <text>` adds one; alone it opens the form; `list`, `remove N`, admins' rounds."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from relbot.slack.deps import Deps
from relbot.slack.ids import Command
from relbot.slack.listeners.musthaves import handle


def register(app: App, deps: Deps) -> None:
    @app.command(Command.MUSTHAVE.value)
    def musthave_command(
        ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        reply = handle(deps, command["user_id"], command.get("text") or "")
        if reply.view is not None:
            client.views_open(trigger_id=command["trigger_id"], view=reply.view.to_dict())
        elif reply.message is not None:
            respond(response_type="ephemeral", **reply.message.payload())
