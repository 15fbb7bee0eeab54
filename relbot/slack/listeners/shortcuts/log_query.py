"""The message shortcut "Log as provider query": the query form, filled with the message."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from relbot.slack.blocks.errors import not_in_directory_message
from relbot.slack.blocks.queries import query_modal
from relbot.slack.deps import Deps
from relbot.slack.ids import Callback
from relbot.slack.listeners.lookups import departments_by_id, in_directory
from relbot.slack.metadata import QueryMetadata


def register(app: App, deps: Deps) -> None:
    @app.shortcut(Callback.LOG_QUERY_SHORTCUT.value)
    def log_query_shortcut(ack: Ack, shortcut: dict[str, Any], client: WebClient) -> None:
        ack()
        user_id = shortcut["user"]["id"]
        if not in_directory(deps, user_id):
            client.chat_postMessage(
                channel=user_id, **not_in_directory_message(deps.settings.admins).payload()
            )
            return
        message = shortcut.get("message", {})
        metadata = QueryMetadata(
            slack_user_id=user_id,
            channel=shortcut.get("channel", {}).get("id"),
            message_ts=message.get("ts"),
        )
        view = query_modal(metadata, departments_by_id(deps), text=message.get("text", ""))
        client.views_open(trigger_id=shortcut["trigger_id"], view=view.to_dict())
