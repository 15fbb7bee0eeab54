"""Queries in Slack: the queue message with its buttons, replies to the asker, the modals."""

from __future__ import annotations

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

from relbot.models.queries import QueryStatus
from relbot.slack.ids import Action, Callback, QueryBlock
from relbot.slack.messages import Message, text_message
from relbot.slack.metadata import QueryMetadata
from relbot.slack.text import SECTION_TEXT_LIMIT, channel, clip, days, escape
from relbot.slack.text import user as mention

STATUS = {
    QueryStatus.OPEN: ":hourglass: waiting for a first response",
    QueryStatus.RESPONDED: ":speech_balloon: answered, not yet resolved",
    QueryStatus.RESOLVED: ":white_check_mark: resolved",
}


@dataclass(frozen=True)
class TicketView:
    """What the builders need to show one query."""

    ticket_id: int
    asker: str  # Slack user id
    department: str
    target_days: float
    text: str
    status: QueryStatus
    created_at: datetime
    permalink: str | None = None


def queue_message(ticket: TicketView, zone: ZoneInfo) -> Message:
    """The query as its department's queue channel shows it, with Respond/Resolved/Reassign."""
    asked = ticket.created_at.astimezone(zone).strftime("%a %-d %b %H:%M")
    quoted = ">" + escape(ticket.text).replace("\n", "\n>")
    body = clip(quoted, SECTION_TEXT_LIMIT - 300)  # room for the heading line
    source = f" · <{ticket.permalink}|original message>" if ticket.permalink else ""
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*Query #{ticket.ticket_id} for {escape(ticket.department)}* from "
                f"{mention(ticket.asker)}\n{body}"
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
    """The confirmation to the asker, with a link to the query in the queue."""
    where = f"<{permalink}|in {channel(queue)}>" if permalink else f"in {channel(queue)}"
    text = (
        f":inbox_tray: Query #{ticket.ticket_id} is with *{escape(ticket.department)}* "
        f"{where}. They aim to respond within {days(ticket.target_days)}; replies come "
        "in its thread. `/query list` shows your open queries."
    )
    return text_message(text)


def unknown_department(asked: str, known: Sequence[str]) -> Message:
    listed = ", ".join(f"*{escape(name)}*" for name in known) or "none yet"
    return text_message(
        clip(
            f"I don't know a department called “{escape(clip(asked, 60))}”. Start your query with "
            f"one of: {listed}. For example `/query finance When will invoice 123 be paid?`, or "
            "type `/query` alone to choose from a list.",
            SECTION_TEXT_LIMIT,
        )
    )


def own_queries_message(tickets: Sequence[TicketView], zone: ZoneInfo) -> Message:
    """`/query list`: the asker's open queries, oldest first."""
    if not tickets:
        return text_message(
            "You have no open queries. Log one with `/query <department> <your question>`."
        )
    lines = [f"*Your open queries ({len(tickets)})*"]
    for t in tickets[:20]:
        link = f"<{t.permalink}|#{t.ticket_id}>" if t.permalink else f"#{t.ticket_id}"
        lines.append(
            f"• {link} {escape(t.department)}: {escape(clip(t.text, 80))} — "
            f"{STATUS[t.status]}, asked "
            f"{t.created_at.astimezone(zone):%-d %b}"
        )
    return text_message(clip("\n".join(lines), SECTION_TEXT_LIMIT))


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
