"""The help message: every command with a one-line example."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from relbot.slack.messages import Message
from relbot.slack.text import clip, escape


@dataclass(frozen=True)
class CommandHelp:
    usage: str
    summary: str
    example: str


COMMANDS: tuple[CommandHelp, ...] = (
    CommandHelp("/relbot help", "Show this list.", "/relbot help"),
    CommandHelp(
        "/relbot contacts [department]",
        "Who to contact in each council department, decision makers first.",
        "/relbot contacts finance",
    ),
    CommandHelp(
        "/relbot pulse",
        "Answer (or change your answer to) the open pulse survey.",
        "/relbot pulse",
    ),
    CommandHelp(
        "/relbot digest",
        "Preview this week's relationship-health digest (officers; only you see it).",
        "/relbot digest",
    ),
    CommandHelp(
        "/query <department> <question>",
        "Ask a council department; it goes to their queue and the wait is tracked.",
        "/query finance When will invoice 123 be paid?",
    ),
    CommandHelp("/query", "The same, choosing the department from a list.", "/query"),
    CommandHelp("/query list", "Your open queries.", "/query list"),
    CommandHelp(
        "/musthave <text>",
        "Record one of your three Must Haves for the relationship.",
        "/musthave Pay invoices within 30 days",
    ),
    CommandHelp(
        "/musthave list | remove N",
        "Your Must Haves, or remove one; `/musthave` alone edits all three.",
        "/musthave remove 2",
    ),
    CommandHelp(
        "/voice <what you want to raise>",
        "Providers: post in the provider-voice channel without your name.",
        "/voice Invoices take too long to be paid",
    ),
    CommandHelp(
        "/relbot voice",
        "Officers: the provider-voice summary for the last seven days.",
        "/relbot voice",
    ),
    CommandHelp(
        "/relbot action [list]",
        "Officers: record what the council will do about what it heard, or list the open ones.",
        "/relbot action list",
    ),
    CommandHelp(
        "/relbot profile",
        "See and correct your own details (area, service type…).",
        "/relbot profile",
    ),
)

INTRO = (
    "relbot keeps the relationship between the council and its care providers healthy, "
    "week by week."
)


def help_message(unknown: str | None = None) -> Message:
    """The list of commands; `unknown` is a subcommand the person tried that does not exist."""
    # Usages hold placeholders such as <department>: literal, so escaped as mrkdwn needs.
    lines = [f"*`{escape(c.usage)}`*  {c.summary}\n      e.g. `{c.example}`" for c in COMMANDS]
    blocks: list[Block] = [HeaderBlock(text="relbot commands")]
    if unknown:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"I don't know `{_code_safe(unknown)}`. Here is what I can do:"
                )
            )
        )
    blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(lines))))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=INTRO)]))
    usages = ", ".join(escape(c.usage) for c in COMMANDS)
    return Message(text=f"relbot commands: {usages}", blocks=blocks)


def _code_safe(text: str) -> str:
    return escape(clip(text.replace("`", "'"), 60))
