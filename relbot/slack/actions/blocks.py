"""Actions in Slack: the forms officers use, and `You said, we did` as providers read it.
Data in, blocks out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticMultiSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from relbot.domain.action_views import ActionView, PublicAction, WeekOfActions
from relbot.domain.actions import label
from relbot.models.actions import TITLE_MAX, ActionStatus
from relbot.slack.ids import Action, Callback
from relbot.slack.messages import Message
from relbot.slack.metadata import ActionMetadata
from relbot.slack.text import clip, escape, fit

NOTE_MAX = 1000
SHOWN = 8  # actions listed in a message or on Home; more are a command away
STATUS_ICON = {
    ActionStatus.PLANNED: ":spiral_calendar_pad:",
    ActionStatus.IN_PROGRESS: ":hammer_and_wrench:",
    ActionStatus.DONE: ":white_check_mark:",
    ActionStatus.DROPPED: ":heavy_multiplication_x:",
}
NOTHING_YET = (
    "Nothing yet. When the council acts on what providers have raised, what it did is listed here."
)


class ActionBlock(StrEnum):
    """The input blocks of the two action forms."""

    TITLE = "title"
    DIMENSIONS = "dimensions"
    DEPARTMENTS = "departments"
    CATEGORIES = "categories"
    OWNER = "owner"
    DUE = "due"
    STATUS = "status"
    NOTE = "note"


def _options(choices: Mapping[str, str]) -> list[Option]:
    """At most the 100 options Slack allows in a select."""
    return [Option(value=value, label=clip(text, 75)) for value, text in choices.items()][:100]


def _multi(
    block: ActionBlock, label_text: str, choices: Mapping[str, str], chosen: Sequence[str]
) -> InputBlock:
    options = _options(choices)
    initial = [o for o in options if o.value in chosen]
    return InputBlock(
        block_id=block,
        label=label_text,
        optional=True,
        element=StaticMultiSelectElement(
            action_id="a",
            placeholder="Choose any",
            options=options,
            initial_options=initial or None,
        ),
    )


def action_modal(
    metadata: ActionMetadata,
    *,
    dimensions: Mapping[str, str],
    departments: Mapping[str, str],
    categories: Mapping[str, str],
    chosen: Mapping[ActionBlock, Sequence[str]],
    owner: str | None,
    due: date,
    voice_texts: Sequence[str] = (),
) -> View:
    """The new-action form: what it answers (preset from the button that opened it), who owns
    it, when it is due."""
    blocks: list[Block] = [
        InputBlock(
            block_id=ActionBlock.TITLE,
            label="What will the council do?",
            element=PlainTextInputElement(
                action_id="a", max_length=TITLE_MAX, placeholder="Pay invoices within 14 days"
            ),
        ),
    ]
    if voice_texts:
        quoted = "\n".join(">" + escape(clip(t, 300)).replace("\n", " ") for t in voice_texts)
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=fit(f"*It answers what a provider raised:*\n{quoted}"))
            )
        )
    blocks += [
        _multi(
            ActionBlock.DIMENSIONS,
            "Relationship dimensions it answers",
            dimensions,
            chosen.get(ActionBlock.DIMENSIONS, ()),
        ),
        _multi(
            ActionBlock.DEPARTMENTS,
            "Departments it answers",
            departments,
            chosen.get(ActionBlock.DEPARTMENTS, ()),
        ),
        _multi(
            ActionBlock.CATEGORIES,
            "Must Have categories it answers",
            categories,
            chosen.get(ActionBlock.CATEGORIES, ()),
        ),
        InputBlock(
            block_id=ActionBlock.OWNER,
            label="Owner (a council officer)",
            element=UserSelectElement(action_id="a", initial_user=owner),
        ),
        InputBlock(
            block_id=ActionBlock.DUE,
            label="Due",
            element=DatePickerElement(action_id="a", initial_date=due.isoformat()),
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Providers see the action, what it answers in general words, the "
                    "department, its status and its public updates; never who raised what."
                )
            ]
        ),
    ]
    return View(
        type="modal",
        callback_id=Callback.ACTION_MODAL,
        private_metadata=metadata.dump(),
        title="New action",
        submit="Save",
        close="Cancel",
        blocks=blocks,
    )


def update_modal(metadata: ActionMetadata, action: ActionView) -> View:
    """The update form of one action: its status and a public note."""
    options = [Option(value=s.value, label=label(s).capitalize()) for s in ActionStatus]
    current = next(o for o in options if o.value == action.status.value)
    return View(
        type="modal",
        callback_id=Callback.ACTION_UPDATE_MODAL,
        private_metadata=metadata.dump(),
        title=f"Action {action.id}"[:24],
        submit="Save",
        close="Cancel",
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=_officer_line(action))),
            InputBlock(
                block_id=ActionBlock.STATUS,
                label="Status",
                element=RadioButtonsElement(action_id="a", options=options, initial_option=current),
            ),
            InputBlock(
                block_id=ActionBlock.NOTE,
                label="Public update (providers see it)",
                optional=True,
                element=PlainTextInputElement(action_id="a", multiline=True, max_length=NOTE_MAX),
            ),
        ],
    )


def said_we_did_message(actions: Sequence[PublicAction], zone: ZoneInfo) -> Message:
    """`You said, we did`: what the council is doing about what it heard."""
    if not actions:
        return Message(
            text=NOTHING_YET, blocks=[SectionBlock(text=MarkdownTextObject(text=NOTHING_YET))]
        )
    blocks: list[Block] = [
        HeaderBlock(text="You said, we did"),
        SectionBlock(
            text=MarkdownTextObject(
                text="What the council is doing about what providers and officers told it."
            )
        ),
    ]
    for action in actions[:SHOWN]:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=public_line(action, zone))))
    if len(actions) > SHOWN:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=f"And {len(actions) - SHOWN} more.")])
        )
    return Message(text=f"You said, we did: {len(actions)} actions", blocks=blocks)


def public_line(action: PublicAction, zone: ZoneInfo) -> str:
    """One action as providers read it."""
    who = escape(action.department or "The council")
    if action.owner:
        who += f" ({escape(action.owner)})"
    state = label(action.status)
    if action.status is not ActionStatus.DONE:
        state += f", due {action.due_on:%-d %b %Y}"
        if action.overdue:
            state += " — *overdue*"
    heard = "; ".join(escape(a) for a in action.answers) or "what providers raised"
    lines = [
        f"{STATUS_ICON[action.status]} *{escape(action.title)}*",
        f"You said: {clip(heard, 1000)}. Doing it: {who}. {state[:1].upper()}{state[1:]}.",
    ]
    if action.latest_update and action.latest_update_at:
        when = action.latest_update_at.astimezone(zone)
        lines.append(f"_Latest, {when:%-d %b}:_ {escape(clip(action.latest_update, 300))}")
    return fit("\n".join(lines))


def _officer_line(action: ActionView) -> str:
    owner = f" · owner {escape(action.owner)}" if action.owner else ""
    answers = "; ".join(escape(t.label) for t in action.targets)
    overdue = " · *overdue*" if action.overdue else ""
    return fit(
        f"{STATUS_ICON[action.status]} *{escape(action.title)}* (#{action.id})\n"
        f"{label(action.status).capitalize()} · due {action.due_on:%-d %b %Y}{overdue}{owner}"
        + (f"\nAnswers: {answers}" if answers else "")
    )


def officer_home_blocks(actions: Sequence[ActionView]) -> list[Block]:
    """App Home for officers: the open actions, each with its update button, and a new one."""
    blocks: list[Block] = [DividerBlock(), HeaderBlock(text="Actions: you said, we did")]
    if not actions:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="No open actions.")))
    for action in actions[:SHOWN]:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=_officer_line(action)),
                accessory=ButtonElement(
                    text="Update", action_id=Action.ACTION_UPDATE, value=str(action.id)
                ),
            )
        )
    blocks.append(
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="New action", style="primary", action_id=Action.ACTION_NEW, value="home"
                )
            ]
        )
    )
    return blocks


def provider_home_blocks(actions: Sequence[PublicAction], zone: ZoneInfo) -> list[Block]:
    """App Home for providers: `You said, we did`, the latest first."""
    blocks: list[Block] = [DividerBlock(), HeaderBlock(text="You said, we did")]
    if not actions:
        return [*blocks, SectionBlock(text=MarkdownTextObject(text=NOTHING_YET))]
    return blocks + [
        SectionBlock(text=MarkdownTextObject(text=public_line(a, zone))) for a in actions[:SHOWN]
    ]


def digest_lines(week: WeekOfActions) -> list[str]:
    """The digest's short section: actions started, updated, done and overdue this week."""
    parts = [
        ("Started", week.started),
        ("Updated", week.updated),
        ("Done", week.done),
        ("Overdue", week.overdue),
    ]
    lines = []
    for name, views in parts:
        if views:
            titles = ", ".join(escape(clip(v.title, 60)) for v in views[:3])
            more = f" and {len(views) - 3} more" if len(views) > 3 else ""
            lines.append(f"{name}: *{len(views)}* ({titles}{more})")
    return lines or ["No action started, changed or fell due this week."]


def officer_list_message(actions: Sequence[ActionView]) -> Message:
    """`/relbot action list`: the open actions, for officers."""
    if not actions:
        text = "No open actions. `/relbot action` opens a new one."
        return Message(text=text, blocks=[SectionBlock(text=MarkdownTextObject(text=text))])
    return Message(
        text=f"{len(actions)} open actions",
        blocks=officer_home_blocks(actions)[1:],
    )
