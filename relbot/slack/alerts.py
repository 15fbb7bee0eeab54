"""The messages of closing the loop's alerts: a sharp drop, and an overdue action."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, MarkdownTextObject, SectionBlock

from relbot.domain.actions import ReminderDue
from relbot.domain.pulse.drops import DropNotice
from relbot.models import DropKind
from relbot.slack.ids import Action
from relbot.slack.messages import Message
from relbot.slack.text import escape

OPEN_AN_ACTION = "Open an action"
UPDATE_IT = "Update it"


def _day(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def drop_message(notice: DropNotice) -> Message:
    """A sharp drop, for the officers' channel and the department's decision makers."""
    if notice.kind is DropKind.DIMENSION:
        what = f"*{escape(notice.label)}* (providers and officers together)"
    else:
        what = f"*{escape(notice.label)}*'s index, as providers rated it,"
    fall = notice.before - notice.after
    text = (
        f":chart_with_downwards_trend: {what} fell by {fall:.2f}: from {notice.before:.2f} "
        f"in the round of {_day(notice.previous_round)} to {notice.after:.2f} in the round "
        f"of {_day(notice.this_round)} (1 to 4)."
    )
    prompt = "What will the council do about it? Open an action so providers can see it."
    return Message(
        text=text,
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=f"{text}\n{prompt}")),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text=OPEN_AN_ACTION,
                        action_id=Action.ACTION_NEW,
                        value=notice.answers,
                        style="primary",
                    )
                ]
            ),
        ],
    )


def overdue_message(reminder: ReminderDue, today: date) -> Message:
    """The owner's reminder of an action due today, or overdue."""
    late = (today - reminder.due_on).days
    when = (
        "is due today"
        if late <= 0
        else f"was due on {_day(reminder.due_on)}: {late} day{'' if late == 1 else 's'} overdue"
    )
    text = f":alarm_clock: Your action *{escape(reminder.title)}* {when}."
    prompt = "Say where it stands for providers to read, or mark it done or dropped."
    return Message(
        text=text,
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=f"{text}\n{prompt}")),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text=UPDATE_IT,
                        action_id=Action.ACTION_UPDATE,
                        value=str(reminder.action_id),
                    )
                ]
            ),
        ],
    )
