"""Queries in Slack: the queue message with its buttons, replies to the asker, the modals."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from relbot.models.pulse import DeliveryStatus
from relbot.models.queries import QueryStatus
from relbot.slack.ids import Action, Callback, QueryBlock
from relbot.slack.messages import Message, text_message
from relbot.slack.metadata import QueryMetadata
from relbot.slack.text import SECTION_TEXT_LIMIT, channel, clip, days, escape, fit
from relbot.slack.text import user as mention

RELAYED_HERE = (
    ":incoming_envelope: The asker follows this query in their DMs with relbot: each reply "
    "here reaches them (:outbox_tray: once sent), and theirs appear here. Start a reply with "
    "`note:` to keep it inside the council (:lock:). Text is passed on; files and later edits "
    "are not."
)
PROVIDER_SIDE = (
    "Replies from {department} appear in this thread; reply in the thread to answer them. "
    "Only you and {department} see this conversation. Text is passed on; files and later "
    "edits are not."
)
# Slack truncates a message's text beyond 40,000 characters
# (https://docs.slack.dev/reference/methods/chat.postMessage, "Truncating content").
RELAY_TEXT_LIMIT = 39_000
# Every special mention but a date (which notifies no one), in any case Slack accepts:
# <!here>, <!channel>, <!everyone>, the legacy <!group>, <!subteam^ID|label>.
SPECIAL = re.compile(r"<!(?!date\^)([^>|]*)(?:\|([^>]*))?>", re.IGNORECASE)

STATUS = {
    QueryStatus.OPEN: ":hourglass: waiting for a first response",
    QueryStatus.RESPONDED: ":speech_balloon: answered, not yet resolved",
    QueryStatus.RESOLVED: ":white_check_mark: resolved",
}


@dataclass(frozen=True)
class TicketView:
    """What the builders need to show one query."""

    ticket_id: int
    asker: str | None  # Slack user id; None once the asker is no longer in the directory
    department: str
    target_days: float
    text: str
    status: QueryStatus
    created_at: datetime
    permalink: str | None = None
    # True when the asker follows the query in their DMs with relbot (a provider), so the
    # queue thread's replies are relayed to them.
    conversation: bool = False


def queue_message(ticket: TicketView, zone: ZoneInfo) -> Message:
    """The query as its department's queue channel shows it, with Respond/Resolved/Reassign."""
    asked = ticket.created_at.astimezone(zone).strftime("%a %-d %b %H:%M")
    quoted = ">" + escape(ticket.text).replace("\n", "\n>")
    body = fit(quoted, SECTION_TEXT_LIMIT - 300)  # room for the heading line
    source = f" · <{ticket.permalink}|original message>" if ticket.permalink else ""
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*Query #{ticket.ticket_id} for {escape(ticket.department)}* from "
                f"{mention(ticket.asker) if ticket.asker else 'someone no longer listed'}\n{body}"
            )
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"{STATUS[ticket.status]} · asked {asked} · first response within "
                    f"{days(ticket.target_days)}{source} · reply in this thread to answer"
                )
            ]
        ),
    ]
    if ticket.conversation:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=RELAYED_HERE)]))
    if ticket.status is not QueryStatus.RESOLVED:
        value = str(ticket.ticket_id)
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(text="Respond", action_id=Action.QUERY_RESPOND, value=value),
                    ButtonElement(
                        text="Resolved",
                        style="primary",
                        action_id=Action.QUERY_RESOLVE,
                        value=value,
                    ),
                    ButtonElement(text="Reassign", action_id=Action.QUERY_REASSIGN, value=value),
                ]
            )
        )
    return Message(
        text=f"Query #{ticket.ticket_id} for {escape(ticket.department)}: "
        f"{escape(clip(ticket.text, 200))}",
        blocks=blocks,
    )


def logged_message(ticket: TicketView, queue: str, permalink: str | None) -> Message:
    """The confirmation to the asker, with a link to the query in the queue (or, for a
    provider, where its replies will come)."""
    if ticket.conversation:
        return text_message(
            f":inbox_tray: Query #{ticket.ticket_id} is with *{escape(ticket.department)}*. "
            f"They aim to respond within {days(ticket.target_days)}. Their replies come in a "
            "thread in your direct messages with relbot, where you can answer them; only you "
            "and the department see it."
        )
    # A link's label is plain text: a channel link inside it would break both.
    where = f"in {channel(queue)}" + (f" (<{permalink}|open it>)" if permalink else "")
    text = (
        f":inbox_tray: Query #{ticket.ticket_id} is with *{escape(ticket.department)}* "
        f"{where}. They aim to respond within {days(ticket.target_days)}; replies come "
        "in its thread. `/query list` shows your open queries."
    )
    return text_message(text)


def logged_for_message(asker: str, ticket_id: int, department: str, queue: str) -> Message:
    """To an officer who logged a provider's message: whose query it now is, where it went."""
    return text_message(
        f":inbox_tray: Query #{ticket_id} is with *{escape(department)}* in {channel(queue)}, as "
        f"{mention(asker)}'s query: they follow it in their DMs with relbot, and replies in its "
        "thread reach them."
    )


def unknown_department(asked: str, known: Sequence[str]) -> Message:
    listed = ", ".join(f"*{escape(name)}*" for name in known) or "none yet"
    return text_message(
        fit(
            f"I don't know a department called “{escape(clip(asked, 60))}”. Start your query with "
            f"one of: {listed}. For example `/query finance When will invoice 123 be paid?`, or "
            "type `/query` alone to choose from a list."
        )
    )


def own_queries_message(tickets: Sequence[TicketView], zone: ZoneInfo) -> Message:
    """`/query list`: the asker's open queries, oldest first."""
    if not tickets:
        return text_message(
            "You have no open queries. Log one with `/query &lt;department&gt; &lt;your question&gt;`."
        )
    lines = [f"*Your open queries ({len(tickets)})*"]
    for t in tickets[:20]:
        link = f"<{t.permalink}|#{t.ticket_id}>" if t.permalink else f"#{t.ticket_id}"
        lines.append(
            f"• {link} {escape(t.department)}: {escape(clip(t.text, 80))} — "
            f"{STATUS[t.status]}, asked "
            f"{t.created_at.astimezone(zone):%-d %b}"
        )
    return text_message(fit("\n".join(lines)))


def reminder_message(
    threshold: int, department: str, target_days: float, people: Sequence[str]
) -> Message:
    """An overdue nudge in the query's thread."""
    who = " ".join(mention(p) for p in people) or f"{escape(department)}"
    if threshold >= 200:
        text = (
            f":rotating_light: {who}: this query has waited twice its target of "
            f"{days(target_days)} without a first response. Could a decision maker "
            "make sure someone picks it up?"
        )
    elif threshold >= 100:
        text = (
            f":alarm_clock: {who}: this query has now passed its target of "
            f"{days(target_days)} without a first response."
        )
    else:
        text = (
            f":hourglass_flowing_sand: {who}: this query has used {threshold}% of its "
            f"{days(target_days)} target. A quick first response helps a lot."
        )
    return text_message(text)


def _department_select(departments: Mapping[int, str], chosen: int | None) -> StaticSelectElement:
    options = [Option(value=str(i), text=clip(n, 75)) for i, n in departments.items()][:100]
    initial = next((o for o in options if chosen is not None and o.value == str(chosen)), None)
    return StaticSelectElement(
        action_id=Action.QUERY_INPUT,
        placeholder="Choose a department",
        options=options,
        initial_option=initial,
    )


def query_modal(metadata: QueryMetadata, departments: Mapping[int, str], text: str = "") -> View:
    """`/query` alone, or the message shortcut: choose a department and write the query."""
    return View(
        type="modal",
        callback_id=Callback.QUERY_MODAL,
        title="Log a query",
        submit="Send",
        close="Cancel",
        private_metadata=metadata.dump(),
        blocks=[
            InputBlock(
                block_id=QueryBlock.DEPARTMENT,
                label="Department",
                element=_department_select(departments, None),
            ),
            InputBlock(
                block_id=QueryBlock.TEXT,
                label="Your query",
                element=PlainTextInputElement(
                    action_id=Action.QUERY_INPUT,
                    multiline=True,
                    max_length=3000,
                    initial_value=clip(text, 3000) or None,
                ),
            ),
        ],
    )


def reassign_modal(metadata: QueryMetadata, departments: Mapping[int, str], current: int) -> View:
    """Choose the department a query should go to instead."""
    others = {i: n for i, n in departments.items() if i != current}
    return View(
        type="modal",
        callback_id=Callback.QUERY_REASSIGN,
        title="Reassign query",
        submit="Reassign",
        close="Cancel",
        private_metadata=metadata.dump(),
        blocks=[
            InputBlock(
                block_id=QueryBlock.DEPARTMENT,
                label="New department",
                element=_department_select(others, None),
            )
        ],
    )


def provider_thread_message(ticket: TicketView) -> Message:
    """The first message of a provider's DM thread for one query, kept current."""
    department = escape(ticket.department)
    quoted = ">" + escape(ticket.text).replace("\n", "\n>")
    body = fit(quoted, SECTION_TEXT_LIMIT - 300)
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*Your query #{ticket.ticket_id} to {department}*\n{body}"
            )
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"{STATUS[ticket.status]} · they aim to respond within "
                    f"{days(ticket.target_days)} · " + PROVIDER_SIDE.format(department=department)
                )
            ]
        ),
    ]
    if ticket.status is not QueryStatus.RESOLVED:
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Mark resolved",
                        action_id=Action.QUERY_THREAD_RESOLVE,
                        value=str(ticket.ticket_id),
                    )
                ]
            )
        )
    return Message(
        text=f"Your query #{ticket.ticket_id} to {department}: {escape(clip(ticket.text, 200))}",
        blocks=blocks,
    )


def quiet(text: str) -> str:
    """Slack-formatted text with its @here, @channel, @everyone and group mentions made
    plain, so a relayed message notifies no one but the person it is for."""
    return SPECIAL.sub(_plain_mention, text)


def _plain_mention(match: re.Match[str]) -> str:
    name, label = match.group(1), match.group(2)
    if name.lower().startswith("subteam"):
        return label or "@group"
    return "@" + name.lower()


def relayed_text(author: str, where: str, text: str, files: int, *, to_provider: bool) -> str:
    """One relayed message as the other side reads it. `text` is Slack's own formatting of
    what was written (already escaped), so links and formatting carry over."""
    who = f"*{escape(author)}*" + (f" ({escape(where)})" if where else "")
    icon = ":speech_balloon:" if to_provider else ":incoming_envelope:"
    lines = [f"{icon} {who}:", quiet(text)] if text.strip() else [f"{icon} {who}:"]
    if files:
        noun = "a file" if files == 1 else f"{files} files"
        lines.append(
            f"_({noun} attached in Slack, not passed on: ask for another way to share it)_"
        )
    return fit("\n".join(lines), RELAY_TEXT_LIMIT)


def provider_notice(kind: str, department: str, actor: str) -> str:
    """What the provider's thread is told when the department acts on the query."""
    department, actor = escape(department), escape(actor)
    if kind == "resolved":
        return (
            f":white_check_mark: {actor} ({department}) marked your query resolved. If it is "
            "not, reply in this thread and it reopens."
        )
    if kind == "resolved_by_you":
        return ":white_check_mark: You marked this query resolved. Reply here to reopen it."
    if kind == "reassigned":
        return f":arrows_counterclockwise: Your query is now with *{department}*."
    return f":eyes: {actor} ({department}) is looking into your query."


def unreachable_notice(asker: str, reason: str) -> str:
    """Said in the queue thread when relbot cannot give the asker their side of the query."""
    return (
        f":warning: relbot could not open this query's thread in {mention(asker)}'s DMs "
        f"({escape(reason)}), so replies here may not reach them. Please contact them "
        "another way."
    )


def log_reacted_message(author: str, where: str, text: str, value: str) -> Message:
    """To the officer who reacted on a provider's message: log it as their query?"""
    quoted = fit(">" + text.replace("\n", "\n>"), SECTION_TEXT_LIMIT - 400)
    return Message(
        text="Log this provider's message as a query?",
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"Log this message from {mention(author)} in {channel(where)} as "
                    f"their query? They will follow it in their DMs with relbot.\n{quiet(quoted)}"
                )
            ),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Log as a query",
                        style="primary",
                        action_id=Action.QUERY_LOG_REACTED,
                        value=value,
                    )
                ]
            ),
        ],
    )


def held_reply_message(value: str) -> Message:
    """To an officer whose reply in a provider's query thread looked like an internal note:
    it was held; does it go to the provider?"""
    return Message(
        text="Your reply looks like an internal note, so it has not gone to the provider.",
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=":warning: Your reply looks like it may be an *internal note*, so "
                    "relbot has *not* passed it on to the provider. Start a note with "
                    "`note:` to keep it internal without being asked."
                )
            ),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Send it to the provider",
                        action_id=Action.QUERY_HELD_SEND,
                        value=value,
                    ),
                    ButtonElement(
                        text="Keep it internal",
                        style="primary",
                        action_id=Action.QUERY_HELD_KEEP,
                        value=value,
                    ),
                ]
            ),
        ],
    )


HELD_OUTCOME = {
    DeliveryStatus.SENT: ":outbox_tray: Sent to the provider.",
    DeliveryStatus.PENDING: ":hourglass: Slack asked relbot to wait: it goes to the provider "
    "shortly.",
    DeliveryStatus.SENDING: ":warning: Slack did not say whether it took it, so it is not sent "
    "again: the provider may not have it.",
    DeliveryStatus.FAILED: ":warning: Slack did not take it, so the provider does not have it.",
}
HELD_NO_LONGER = "Only council officers and admins can send a reply to a provider."
HELD_NO_THREAD = (
    "relbot cannot reach this provider's DMs, so nothing was sent: please contact them another way."
)
HELD_KEPT = ":lock: Kept in the queue thread as an internal note."
HELD_NOT_YOURS = "Only the officer who wrote that reply can decide where it goes."
HELD_GONE = "That reply is no longer there (deleted, or the query moved), so nothing was sent."
