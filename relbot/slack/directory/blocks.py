"""The contact list: each department's officers, decision makers first."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from relbot.domain.directory import Contact, DepartmentContacts
from relbot.models.enums import label
from relbot.slack.messages import Message
from relbot.slack.text import (
    MESSAGE_BLOCK_LIMIT,
    SECTION_TEXT_LIMIT,
    channel,
    clip,
    days,
    escape,
    fit,
)
from relbot.slack.text import user as mention

# Header, closing context, and room for the "more departments" note.
FIXED_BLOCKS = 3


def contacts_message(departments: Sequence[DepartmentContacts]) -> Message:
    """One section per department; past Slack's block limit, the rest are named in a note."""
    if not departments:
        return Message(
            text="No departments yet.",
            blocks=[
                SectionBlock(
                    text=MarkdownTextObject(
                        text="No departments yet. An admin adds them with `relbot departments import`."
                    )
                )
            ],
        )
    blocks: list[Block] = [HeaderBlock(text="Council contacts")]
    room = (MESSAGE_BLOCK_LIMIT - FIXED_BLOCKS) // 2
    shown, hidden = departments[:room], departments[room:]
    for department in shown:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=_department_text(department))))
        blocks.append(DividerBlock())
    if hidden:
        names = ", ".join(escape(d.name) for d in hidden)
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=fit(
                        f"And {len(hidden)} more: {names}. Ask for one with `/relbot contacts &lt;department&gt;`."
                    )
                )
            )
        )
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=":star: marks decision makers. Correct your own details with `/relbot profile`."
                )
            ]
        )
    )
    summary = "; ".join(f"{escape(d.name)}: {len(d.contacts)} contacts" for d in departments)
    return Message(text=f"Council contacts. {summary}", blocks=blocks)


def unknown_department_message(asked: str, known: Sequence[str]) -> Message:
    """Say the department is unknown and list the ones that exist."""
    listed = ", ".join(f"*{escape(name)}*" for name in known) or "none yet"
    text = fit(
        f"I don't know a department called “{escape(clip(asked, 80))}”. Known departments: "
        f"{listed}.\nTry `/relbot contacts &lt;department&gt;` with one of those, or "
        "`/relbot contacts` for all of them."
    )
    return Message(
        text=f"Unknown department: {escape(clip(asked, 80))}",
        blocks=[SectionBlock(text=MarkdownTextObject(text=text))],
    )


def _department_text(department: DepartmentContacts) -> str:
    title = f"*{escape(department.name)}*"
    if department.description:
        title += f" — {escape(department.description)}"
    facts = [f"First response within {days(department.response_target_days)}"]
    if department.queue_channel:
        facts.insert(0, f"Queries go to {channel(department.queue_channel)}")
    lines = [title, " · ".join(facts)]
    if department.contacts:
        lines.extend(_contact_line(contact) for contact in department.contacts)
    else:
        lines.append("_No named contacts yet._")
    return _fit(lines)


def _contact_line(contact: Contact) -> str:
    star = ":star: " if contact.decision_maker else "• "
    role = f", {label(contact.position)}" if contact.position else ""
    maker = " (decision maker)" if contact.decision_maker else ""
    return f"{star}{mention(contact.slack_user_id)}{role}{maker}"


def _fit(lines: list[str]) -> str:
    """Join lines, dropping whole contact lines (with a count) rather than cutting one in half."""
    text = "\n".join(lines)
    kept = list(lines)
    while len(text) > SECTION_TEXT_LIMIT and len(kept) > 2:
        kept.pop()
        more = len(lines) - len(kept)
        text = "\n".join([*kept, f"…and {more} more"])
    return fit(text)
