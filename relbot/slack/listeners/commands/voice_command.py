"""`/voice <text>`: a provider raises an issue in the provider-voice channel without a name.

Nothing here logs or stores the person: their id is only used to check they are a provider.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from relbot.slack.deps import Deps
from relbot.slack.ids import Command
from relbot.slack.voice import raise_anonymously


def register(app: App, deps: Deps) -> None:
    @app.command(Command.VOICE.value)
    def voice_command(
        ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        reply = raise_anonymously(client, deps, command["user_id"], command.get("text") or "")
        respond(response_type="ephemeral", **reply.payload())
