"""App Home: the person's profile and what is waiting for them."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from relbot.domain.home import Pending
from relbot.domain.profile import Profile
from relbot.models.enums import Side, label
from relbot.slack.actions.blocks import officer_home_blocks, provider_home_blocks
from relbot.slack.directory.help import INTRO
from relbot.slack.home.profile_blocks import FIELD_LABELS
from relbot.slack.ids import Action, ProfileBlock
from relbot.slack.text import clip, escape, fit
from relbot.slack.text import user as mention


def home_view(profile: Profile, pending: Pending, zone: ZoneInfo) -> View:
    """Home for someone in the directory."""
    blocks: list[Block] = [
        HeaderBlock(text=f"Hello, {profile.name}"[:150]),
        SectionBlock(text=MarkdownTextObject(text=INTRO)),
        HeaderBlock(text="Waiting for you"),
        SectionBlock(text=MarkdownTextObject(text=_pending_text(pending, zone))),
        *([home_survey_button()] if pending.survey_closes_at is not None else []),
        *_queue_blocks(pending, zone),
        *(
            officer_home_blocks(pending.actions)
            if profile.side is Side.OFFICER
            else provider_home_blocks(pending.said_we_did, zone)
        ),
        DividerBlock(),
        HeaderBlock(text="Your profile"),
        SectionBlock(fields=[MarkdownTextObject(text=f) for f in _profile_fields(profile)]),
        ActionsBlock(
            elements=[
                ButtonElement(text="Edit profile", action_id=Action.OPEN_PROFILE, value="open")
            ]
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(text="Type `/relbot help` in any channel to see every command.")
            ]
        ),
    ]
    return View(type="home", blocks=blocks)


def stranger_home_view(admins: Sequence[str]) -> View:
    """Home for someone relbot does not know yet: what it is and whom to ask."""
    ask = ", ".join(mention(a) for a in admins) if admins else "your relbot admin"
    return View(
        type="home",
        blocks=[
            HeaderBlock(text="Welcome to relbot"),
            SectionBlock(text=MarkdownTextObject(text=INTRO)),
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"You are not in relbot's directory yet. Ask {ask} to add you to the roster."
                )
            ),
        ],
    )


def _pending_text(pending: Pending, zone: ZoneInfo) -> str:
    if pending.empty:
        return "Nothing is waiting for you right now. :white_check_mark:"
    lines = []
    if pending.survey_closes_at is not None:
        closes = pending.survey_closes_at.astimezone(zone).strftime("%A %-d %B, %H:%M")
        lines.append(f"• The pulse survey is open until {closes}: it takes two minutes.")
    if pending.own_open_queries:
        n = pending.own_open_queries
        lines.append(f"• {n} of your queries {'is' if n == 1 else 'are'} still open.")
    if pending.department_open_queries and pending.department:
        n = pending.department_open_queries
        lines.append(
            f"• {n} provider {'query is' if n == 1 else 'queries are'} waiting for a "
            f"first response from {escape(pending.department)}."
        )
    return "\n".join(lines)


def _profile_fields(profile: Profile) -> list[str]:
    facts = [("Name", escape(profile.name)), ("Side", label(profile.side))]
    if profile.organisation:
        facts.append(("Organisation", escape(profile.organisation)))
    if profile.department:
        facts.append(("Department", escape(profile.department)))
    for field in profile.editable[2:]:
        value = getattr(profile, field)
        shown = label(value) if value is not None else "—"
        facts.append((FIELD_LABELS[ProfileBlock(field)], shown))
    if profile.email:
        facts.append(("Email", escape(profile.email)))
    return [f"*{name}*\n{value}" for name, value in facts[:10]]


def _queue_blocks(pending: Pending, zone: ZoneInfo) -> list[Block]:
    """An officer's department queue, oldest first."""
    if not pending.queue or not pending.department:
        return []
    lines = [f"*{escape(pending.department)}: open queries, oldest first*"]
    for entry in pending.queue:
        state = "answered, not resolved" if entry.answered else "*waiting for a first response*"
        asked = entry.created_at.astimezone(zone).strftime("%-d %b %H:%M")
        lines.append(f"• #{entry.ticket_id} ({asked}) {escape(clip(entry.text, 90))} — {state}")
    return [SectionBlock(text=MarkdownTextObject(text=fit("\n".join(lines))))]


def home_survey_button() -> ActionsBlock:
    """The App Home shortcut to the same modal as the DM."""
    return ActionsBlock(
        elements=[
            ButtonElement(
                text="Answer the pulse survey",
                style="primary",
                action_id=Action.OPEN_PULSE,
                value="home",
            )
        ]
    )
