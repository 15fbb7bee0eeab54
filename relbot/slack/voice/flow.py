"""Provider voice between Slack and the domain: channel events, `/voice` posts, the summary.

Nothing here logs or stores who used `/voice`: the person is looked up once to check they
are a provider, and only the text and the ts Slack gives relbot's own post are kept.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from relbot.db import read_scope
from relbot.domain.profile import person_by_slack_id
from relbot.domain.voice import items
from relbot.domain.voice.summary import ListedItem, summarise
from relbot.models.enums import Side
from relbot.slack.deps import Deps
from relbot.slack.messages import Message
from relbot.slack.outcome import Outcome, failure_of
from relbot.slack.text import from_slack
from relbot.slack.voice import blocks

logger = logging.getLogger(__name__)

# Messages people write; joins, leaves, bot posts and the like are not kept.
KEPT_SUBTYPES = {None, "thread_broadcast", "file_share"}


def on_channel_message(event: dict[str, Any], deps: Deps) -> None:
    """Keep, edit or forget a message in the provider-voice channel."""
    subtype, channel = event.get("subtype"), str(event.get("channel", ""))
    categories = deps.settings.categories
    now = datetime.now(UTC)
    with deps.sessions.begin() as session:
        if subtype == "message_deleted":
            previous = event.get("previous_message") or {}
            items.delete_message(
                session=session,
                channel=channel,
                ts=str(event.get("deleted_ts", "")),
                thread_ts=previous.get("thread_ts"),
                now=now,
            )
        elif subtype == "message_changed":
            message = event.get("message") or {}
            if message.get("subtype") == "tombstone":  # a parent with replies was deleted
                items.delete_message(
                    session=session,
                    channel=channel,
                    ts=str(message.get("ts", "")),
                    thread_ts=None,
                    now=now,
                )
            elif message.get("user") and not message.get("bot_id"):
                items.edit_message(
                    session=session,
                    channel=channel,
                    ts=str(message["ts"]),
                    text=from_slack(str(message.get("text", ""))),
                    now=now,
                    categories=categories,
                )
        elif subtype in KEPT_SUBTYPES and event.get("user") and not event.get("bot_id"):
            items.record_message(
                session=session,
                message=items.VoiceMessage(
                    channel=channel,
                    ts=str(event["ts"]),
                    thread_ts=event.get("thread_ts"),
                    slack_user_id=str(event["user"]),
                    text=from_slack(str(event.get("text", ""))),
                ),
                categories=categories,
            )


def on_reaction(event: dict[str, Any], deps: Deps, *, added: bool) -> None:
    """Count a reaction added to, or removed from, a message in the provider-voice channel."""
    item = event.get("item") or {}
    voice = deps.settings.provider_voice_channel
    if item.get("type") != "message" or not voice or item.get("channel") != voice:
        return
    with deps.sessions.begin() as session:
        items.apply_reaction(
            session=session,
            channel=voice,
            ts=str(item.get("ts", "")),
            slack_user_id=str(event.get("user", "")),
            name=str(event.get("reaction", "")),
            added=added,
            event_ts=str(event.get("event_ts", "0")),
        )


def refusal_to_raise(deps: Deps, user_id: str) -> Message | None:
    """Why this person may not raise something anonymously; None when they may."""
    with read_scope(deps.sessions) as session:
        person = person_by_slack_id(session=session, slack_user_id=user_id)
        side = person.side if person else None
    if side is None:
        return blocks.refusal(blocks.NOT_IN_DIRECTORY)
    if side is not Side.PROVIDER:
        return blocks.refusal(blocks.NOT_A_PROVIDER)
    if not deps.settings.provider_voice_channel:
        return blocks.refusal(blocks.NO_CHANNEL)
    return None


def raise_anonymously(client: WebClient, deps: Deps, user_id: str, typed: str) -> Message:
    """`/voice <text>` (`typed` as Slack sends it, entities encoded): post a provider's text
    in the voice channel as relbot, keeping no trace of who."""
    refused = refusal_to_raise(deps, user_id)
    if refused is not None:
        return refused
    text = from_slack(typed).strip()
    if not text:
        return blocks.usage_message()
    if len(text) > items.MAX_TEXT:
        return blocks.too_long(items.MAX_TEXT, len(text))
    return post_anonymously(client, deps, text)


def post_anonymously(client: WebClient, deps: Deps, text: str) -> Message:
    """Keep checked text as an item, then post it in the voice channel as relbot, once; the
    reply. Kept first, so a database that fails fails before anything is public: the person
    is told nothing was posted, and it is true. Nothing here says who they are, and no error
    reference is given them that a log line at the post's time would tie to it."""
    voice = deps.settings.provider_voice_channel
    assert voice is not None, "checked by refusal_to_raise"
    try:
        with deps.sessions.begin() as session:
            item_id = items.reserve_anonymous(
                session=session,
                channel=voice,
                text=text,
                categories=deps.settings.categories,
                now=datetime.now(UTC),
            )
    except SQLAlchemyError:
        logger.error("an anonymous provider-voice item could not be kept; nothing was posted")
        return blocks.not_kept()
    try:
        posted = client.chat_postMessage(channel=voice, **blocks.anonymous_post(text).payload())
    except Exception as error:
        _withdraw(deps, item_id)
        failure = failure_of(error)
        if failure is None:
            raise
        if failure.outcome is Outcome.UNCLEAR:  # Slack may have posted it: not tried again
            logger.warning("an anonymous provider-voice post went unconfirmed: %s", failure.reason)
            return blocks.fate_unknown()
        logger.warning("an anonymous provider-voice post was not made: %s", failure.reason)
        return blocks.not_posted(failure.reason)
    channel, ts = str(posted["channel"]), str(posted["ts"])
    try:
        with deps.sessions.begin() as session:
            items.confirm_anonymous(session=session, item_id=item_id, ts=ts)
    except SQLAlchemyError:  # posted all the same: said so, and never posted again
        logger.error("an anonymous provider-voice post was made but could not be marked posted")
        return blocks.posted_reply(channel, None)
    try:
        permalink = _permalink(client, channel, ts)
        if permalink:
            with deps.sessions.begin() as session:
                items.record_permalink(session=session, item_id=item_id, permalink=permalink)
    except Exception:  # posted: nothing after may reach the error handler and its reference
        logger.error("an anonymous provider-voice post's link could not be kept")
        permalink = None
    return blocks.posted_reply(channel, permalink)


def _withdraw(deps: Deps, item_id: int) -> None:
    try:
        with deps.sessions.begin() as session:
            items.withdraw_anonymous(session=session, item_id=item_id)
    except SQLAlchemyError:  # a tombstone is shown nowhere
        logger.error("an anonymous provider-voice item not posted could not be removed")


def _permalink(client: WebClient, channel: str, ts: str) -> str | None:
    try:
        found = client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
    except SlackApiError as error:
        logger.warning("no permalink for a provider-voice item: %s", error.response.get("error"))
        return None
    return str(found) if found else None


def summary_for(client: WebClient, deps: Deps, user_id: str) -> Message:
    """`/relbot voice`: the summary to now for officers and admins, a polite no for others."""
    if not deps.settings.is_admin(user_id):
        with deps.sessions.begin() as session:
            person = person_by_slack_id(session=session, slack_user_id=user_id)
            officer = person is not None and person.side is Side.OFFICER
        if not officer:
            return blocks.refusal(blocks.SUMMARY_REFUSED)
    return summary_message(client, deps, end=datetime.now(UTC))


def summary_message(client: WebClient, deps: Deps, *, end: datetime) -> Message:
    """The officers' summary for the week to `end`, each listed item with its link."""
    with deps.sessions.begin() as session:
        items.prepare(session=session, categories=deps.settings.categories)
        summary = summarise(
            session=session, end=end, calendar=deps.calendar, listed=blocks.UNANSWERED_SHOWN
        )
    listed = summary.supported + summary.unanswered
    links: dict[int, str] = {}
    for item in listed:
        if not item.permalink and item.item_id not in links:
            found = _permalink(client, item.channel, item.ts)
            if found:
                links[item.item_id] = found
    if links:
        with deps.sessions.begin() as session:
            for item_id, link in links.items():
                items.record_permalink(session=session, item_id=item_id, permalink=link)

    def linked(found: list[ListedItem]) -> list[ListedItem]:
        return [replace(i, permalink=i.permalink or links.get(i.item_id)) for i in found]

    summary = replace(
        summary, supported=linked(summary.supported), unanswered=linked(summary.unanswered)
    )
    return blocks.summary_message(summary, deps.settings.zone)
