"""Provider voice in Slack: the anonymous post, replies to `/voice`, and the officers' summary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from relbot.domain.voice.summary import ActionedItem, ListedItem, ThemeCount, VoiceSummary
from relbot.models import AuthorSide
from relbot.slack.ids import Action
from relbot.slack.messages import Message, text_message
from relbot.slack.text import MESSAGE_BLOCK_LIMIT, SECTION_TEXT_LIMIT, channel, clip, escape, fit

HEADER_LIMIT = 150
ITEM_TEXT = 280  # characters of an item's text in the summary, before escaping
SUPPORTED_SHOWN = 5
UNANSWERED_SHOWN = 20
POSTED_NOTE = "Raised anonymously by a provider with `/voice`. Reply in this thread to answer."
USAGE = (
    "Use `/voice &lt;what you want to raise&gt;` to post in the provider-voice channel without "
    "your name. relbot posts it as itself and does not keep who wrote it."
)
NOT_A_PROVIDER = (
    "Sorry, `/voice` is for care providers to raise issues anonymously. Officers can post "
    "in the provider-voice channel directly or reply in its threads."
)
NOT_IN_DIRECTORY = (
    "Sorry, `/voice` is only for care providers in relbot's directory. Ask your relbot "
    "admin to add you to the roster."
)
NO_CHANNEL = (
    "The provider-voice channel is not set up yet, so nothing was posted. An admin needs "
    "to set `RELBOT_PROVIDER_VOICE_CHANNEL`."
)
SUMMARY_REFUSED = "Sorry, the provider-voice summary is for council officers and admins."
NOT_POSTED = (
    "Sorry, I could not post it in the provider-voice channel ({code}), so nothing was "
    "posted. Please try again later; an admin may need to invite me to that channel."
)


def escaped_pieces(text: str, limit: int) -> list[str]:
    """The text escaped, in pieces of at most `limit` characters, never cutting an entity."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in text:
        piece = escape(char)
        if size + len(piece) > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(piece)
        size += len(piece)
    if current:
        pieces.append("".join(current))
    return pieces


def anonymous_post(text: str) -> Message:
    """What relbot posts in the channel for `/voice`: the text, and that a provider raised it."""
    pieces = escaped_pieces(text, SECTION_TEXT_LIMIT)
    room = MESSAGE_BLOCK_LIMIT - 1  # the context line
    if len(pieces) > room:  # longer than relbot ever accepts; shown cut rather than refused
        pieces = [*pieces[: room - 1], fit("".join(pieces[room - 1 :]))]
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=p)) for p in pieces]
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=POSTED_NOTE)]))
    return Message(
        text=f"Raised anonymously by a provider: {escape(clip(text, 300))}", blocks=blocks
    )


def posted_reply(voice_channel: str, permalink: str | None) -> Message:
    """What the provider who raised it is told: the `/voice` reply only they see, or the
    hub form's closing view."""
    link = f" <{permalink}|See it in the channel>." if _safe_link(permalink) else ""
    return text_message(
        f":speech_balloon: Posted anonymously in {channel(voice_channel)}.{link} "
        "Your name is not shown and relbot does not keep who wrote it."
    )


def usage_message() -> Message:
    """How to use `/voice`."""
    return text_message(USAGE)


def refusal(text: str) -> Message:
    """A polite no, with the reason."""
    return text_message(text)


def not_posted(code: str) -> Message:
    """Slack refused the post; nothing was kept."""
    return text_message(NOT_POSTED.format(code=escape(code)))


def not_kept() -> Message:
    """relbot's database failed before the post: nothing was posted."""
    return text_message(
        "Sorry, relbot could not reach its database, so nothing was posted. Please try "
        "again in a minute."
    )


def fate_unknown() -> Message:
    """The connection to Slack broke mid-post: it may or may not be in the channel."""
    return text_message(
        "Slack did not answer in time, so your post may or may not be in the channel. "
        "Please look there before sending it again."
    )


def too_long(limit: int, length: int) -> Message:
    """The text is over the limit."""
    return text_message(
        f"Please keep it under {limit:,} characters (yours has {length:,}); nothing was posted."
    )


def _safe_link(url: str | None) -> bool:
    return bool(url) and str(url).startswith("https://") and not set("<>| \n") & set(str(url))


def _change(value: int) -> str:
    return "same as before" if value == 0 else f"{value:+d}"


def _day(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%a %-d %b")


def _who(item: ListedItem) -> str:
    if item.anonymous:
        return "a provider, anonymously"
    return {
        AuthorSide.PROVIDER: "a provider",
        AuthorSide.OFFICER: "an officer",
        AuthorSide.UNKNOWN: "someone not in the directory",
    }[item.side]


def _item_block(item: ListedItem, zone: ZoneInfo, detail: str) -> SectionBlock:
    """One item, with a button that opens an action answering it."""
    words = " ".join(item.text.split())
    quoted = ">" + escape(clip(words, ITEM_TEXT))
    link = f" · <{item.permalink}|open>" if _safe_link(item.permalink) else ""
    head = f"{detail}raised by {_who(item)} on {_day(item.posted_at, zone)}{link}"
    return SectionBlock(
        text=MarkdownTextObject(text=fit(f"{head}\n{quoted}")),
        accessory=ButtonElement(
            text="Turn into an action", action_id=Action.ACTION_NEW, value=f"voice:{item.item_id}"
        ),
    )


def _in_actions(items: Sequence[ActionedItem], zone: ZoneInfo) -> str:
    lines = [f"*Turned into actions this period: {len(items)}*"]
    for item in items[:UNANSWERED_SHOWN]:
        words = escape(clip(" ".join(item.text.split()), 120))
        titles = "; ".join(escape(t) for t in item.actions) or "an action since dropped"
        lines.append(f"• {_day(item.posted_at, zone)}: “{words}” → {titles}")
    return fit("\n".join(lines))


def _support(item: ListedItem) -> str:
    people = "person" if item.reactors == 1 else "people"
    replies = "1 reply" if item.replies == 1 else f"{item.replies} replies"
    return f"*{item.support} support* ({item.reactors} {people} reacted, {replies}) · "


def _themes(themes: Sequence[ThemeCount]) -> str:
    lines = [f"• {escape(t.label)}: *{t.count}* ({_change(t.change)})" for t in themes]
    return fit("*By theme*\n" + "\n".join(lines))


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=fit(text)))


def summary_message(summary: VoiceSummary, zone: ZoneInfo) -> Message:
    """The officers' summary: themes with change, most supported, and unanswered, with links."""
    period = f"{_day(summary.start, zone)} to {_day(summary.end, zone)}"
    waiting = max(summary.unanswered_total, len(summary.unanswered))
    blocks: list[Block] = [HeaderBlock(text=clip(f"Provider voice: {period}", HEADER_LIMIT))]
    if summary.total == 0:
        blocks.append(
            _section(
                "Nothing was raised in the provider-voice channel this period "
                f"(the period before: {summary.previous_total})."
            )
        )
    else:
        blocks.append(
            _section(
                f"*{summary.total}* raised this period "
                f"({_change(summary.total - summary.previous_total)} on the "
                f"{summary.previous_total} the period before)."
            )
        )
        if summary.themes:
            blocks.append(_section(_themes(summary.themes)))
    if summary.supported:
        blocks += [DividerBlock(), _section("*Most supported*")]
        blocks += [
            _item_block(item, zone, _support(item)) for item in summary.supported[:SUPPORTED_SHOWN]
        ]
    blocks.append(DividerBlock())
    if waiting == 0:
        blocks.append(_section("No provider's item has waited two working days for an answer."))
    else:
        blocks.append(_section(f"*No officer's answer after two working days: {waiting}*"))
    shown = summary.unanswered[:UNANSWERED_SHOWN]
    blocks += [_item_block(item, zone, "") for item in shown]
    if waiting > len(shown):
        more = f"…and {waiting - len(shown)} more waiting for an answer in the channel."
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]))
    if summary.in_actions:
        blocks += [DividerBlock(), _section(_in_actions(summary.in_actions, zone))]
    return Message(
        text=f"Provider voice, {period}: {summary.total} raised, {waiting} waiting for an answer",
        blocks=blocks,
    )
