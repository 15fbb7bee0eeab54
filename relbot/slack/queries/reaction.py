"""Logging a provider's message as a query with a reaction, as Slack Connect helpdesks do
with 📌: an officer reacts with `RELBOT_QUERY_REACTION` on a provider's message in a
provider channel; relbot asks them, privately, which department it is for, with the query
form the message shortcut opens. The provider then follows it in their DMs.

A reaction event names the message, not its text: relbot reads it with conversations.history
(`latest` = its ts, `inclusive`, `limit` 1; a bot token reads channels the bot is in, with the
`channels:history` / `groups:history` scope: https://docs.slack.dev/reference/methods/conversations.history),
or, for a reply in a thread, which history does not hold, with conversations.replies.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from relbot.domain.profile import acts_for_council, is_provider
from relbot.slack.deps import Deps
from relbot.slack.lookups import departments_by_id
from relbot.slack.metadata import QueryMetadata
from relbot.slack.outcome import failure_of
from relbot.slack.queries.blocks import log_reacted_message, query_modal
from relbot.slack.text import from_slack

logger = logging.getLogger(__name__)
NOT_LOGGABLE = (
    "Only council officers and admins can log a provider's message as a query, and only from "
    "a channel shared with providers."
)


def is_query_reaction(event: dict[str, Any], context: BoltContext) -> bool:
    """Bolt's matcher: the settings' reaction, on a message in a provider channel."""
    deps: Deps | None = context.get("deps")
    if deps is None or not deps.settings.query_reaction:
        return False
    item = event.get("item") or {}
    # The provider-voice channel's reactions are support for what was raised there: the
    # reaction logs queries only in the other channels shared with providers.
    return (
        event.get("reaction") == deps.settings.query_reaction
        and item.get("type") == "message"
        and _loggable_channel(deps, str(item.get("channel")))
    )


def _loggable_channel(deps: Deps, channel: str) -> bool:
    """A channel shared with providers, whose messages may be logged as their queries."""
    settings = deps.settings
    return channel in settings.provider_channels and channel != settings.provider_voice_channel


def offer_to_log(event: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """An officer's reaction on a provider's message: offer them the query form for it."""
    officer, item = str(event.get("user") or ""), event.get("item") or {}
    channel, ts = str(item.get("channel")), str(item.get("ts"))
    # Officers and admins log a provider's message as their query; no one else.
    with deps.sessions.begin() as session:
        allowed = acts_for_council(
            session=session, slack_user_id=officer, admins=deps.settings.admins
        )
        from_provider = is_provider(session=session, slack_user_id=str(event.get("item_user")))
    if not allowed or not from_provider:
        return  # a provider's own reaction, or on someone else's words: nothing to log
    message = read_message(client, channel, ts)
    if message is None:
        return
    value = json.dumps({"c": channel, "t": ts})
    payload = log_reacted_message(
        str(message.get("user") or ""), channel, message.get("text", ""), value
    )
    client.chat_postMessage(channel=officer, **payload.payload())


def open_logged_form(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """`Log as a query` on relbot's offer: the query form, filled with the message. The button
    names a place; who pressed it and what is there are checked again, as anyone can send a
    button's payload: only an officer or admin, only a provider's message in a channel
    shared with providers."""
    ack()
    user_id = body["user"]["id"]
    try:
        place = json.loads(body["actions"][0].get("value") or "{}")
        channel, ts = str(place["c"]), str(place["t"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return
    with deps.sessions.begin() as session:
        allowed = acts_for_council(
            session=session, slack_user_id=user_id, admins=deps.settings.admins
        )
    if not allowed or not _loggable_channel(deps, channel):
        respond(response_type="ephemeral", replace_original=False, text=NOT_LOGGABLE)
        return
    message = read_message(client, channel, ts)
    if message is not None:
        with deps.sessions.begin() as session:
            if not is_provider(session=session, slack_user_id=str(message.get("user"))):
                message = None
    if message is None:
        client.chat_postMessage(
            channel=body["user"]["id"],
            text="That message is no longer there, so there is nothing to log.",
        )
        return
    metadata = QueryMetadata(
        slack_user_id=body["user"]["id"],
        channel=channel,
        message_ts=ts,
        author=message.get("user"),
    )
    view = query_modal(metadata, departments_by_id(deps), text=from_slack(message.get("text", "")))
    client.views_open(trigger_id=body["trigger_id"], view=view.to_dict())


def read_message(client: WebClient, channel: str, ts: str) -> dict[str, Any] | None:
    """The message at `ts` in `channel`, in the channel or in a thread (history does not hold
    thread replies; conversations.replies reads one by its own ts); None when Slack has none
    (deleted) or refuses."""
    for thread in (False, True):
        try:
            if thread:
                found = client.conversations_replies(
                    channel=channel, ts=ts, oldest=ts, latest=ts, inclusive=True, limit=1
                )
            else:
                found = client.conversations_history(
                    channel=channel, latest=ts, inclusive=True, limit=1
                )
        except Exception as error:
            failure = failure_of(error)
            if failure is None:
                raise
            logger.warning("cannot read the reacted message in %s: %s", channel, failure.reason)
            return None
        messages: list[dict[str, Any]] = [
            m for m in found.get("messages") or [] if m.get("ts") == ts
        ]
        if messages:
            return messages[0]
    return None
