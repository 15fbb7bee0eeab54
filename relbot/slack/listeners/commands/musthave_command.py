"""`/musthave <text>` adds one; alone it opens the form; `list`, `remove N`, admins' rounds."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from relbot.slack.acking import ack_with
from relbot.slack.blocks import Message
from relbot.slack.deps import Deps
from relbot.slack.ids import Command
from relbot.slack.listeners.musthaves import Reply, handle


def register(app: App, deps: Deps) -> None:
    @app.command(Command.MUSTHAVE.value)
    def musthave_command(
        ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        text = command.get("text") or ""
        if text.strip().lower() in ("list", "help"):  # quick to read: answered at once
            ack_with(ack, lambda: _message(handle(deps, command["user_id"], text)))
            return
        ack()
        reply = handle(deps, command["user_id"], text)
        if reply.view is not None:
            client.views_open(trigger_id=command["trigger_id"], view=reply.view.to_dict())
        elif reply.message is not None:
            respond(response_type="ephemeral", **reply.message.payload())


def _message(reply: Reply) -> dict[str, Any]:
    assert isinstance(reply.message, Message)  # reading a list or the help never opens a form
    return reply.message.payload()
