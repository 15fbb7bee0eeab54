"""`/voice` and the reactions in the provider-voice channel (its messages are routed by
the one message listener, in `queries.threads`).

Nothing here logs or stores who used `/voice`: their id is only used to check they are a
provider.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from relbot.slack.deps import Deps
from relbot.slack.ids import Command
from relbot.slack.voice.flow import on_reaction, raise_anonymously


def register(app: App) -> None:
    """Attach this feature's listeners."""
    app.command(Command.VOICE.value)(voice_command)
    app.event("reaction_added")(reaction_added)
    app.event("reaction_removed")(reaction_removed)


def voice_command(
    ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, deps: Deps
) -> None:
    """`/voice <text>`: a provider raises an issue in the provider-voice channel, unnamed."""
    ack()
    reply = raise_anonymously(client, deps, command["user_id"], command.get("text") or "")
    respond(response_type="ephemeral", **reply.payload())


def reaction_added(event: dict[str, Any], deps: Deps) -> None:
    """A reaction to a provider-voice message counts as support."""
    on_reaction(event, deps, added=True)


def reaction_removed(event: dict[str, Any], deps: Deps) -> None:
    """A reaction taken back no longer counts."""
    on_reaction(event, deps, added=False)
