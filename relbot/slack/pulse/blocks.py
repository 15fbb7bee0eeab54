"""The pulse survey in Slack: the invitation DM, its reminder, and the three modal steps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticMultiSelectElement,
)
from slack_sdk.models.views import View

from relbot.domain.pulse.answers import MAX_COMMENT, MAX_DEPARTMENTS, SavedAnswers
from relbot.domain.pulse.follow_ups import FollowUpQuestion
from relbot.domain.pulse.questions import Question
from relbot.models.pulse import Dimension
from relbot.slack.ids import Action, Callback, PulseBlock
from relbot.slack.messages import Message, text_message
from relbot.slack.metadata import PulseMetadata
from relbot.slack.text import clip

SCORE_LABELS = {4: "4 · strong", 3: "3", 2: "2", 1: "1 · poor", 0: "No contact"}
FOLLOW_UP_LABELS = {
    4: "4 · much better",
    3: "3 · a little better",
    2: "2 · a little worse",
    1: "1 · much worse",
    0: "Not noticed",
}
FOLLOW_UP_INTRO = (
    "*You said, we did: did it make a difference?* The council finished "
    + "{what} a while ago. Has it changed things for you?"
)
ANONYMITY = (
    "Your answers are only ever shown in groups of {n} or more people, and never with your name."
)


def when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%A %-d %B at %H:%M")


def invitation_message(
    closes_at: datetime, zone: ZoneInfo, min_group: int, *, reminder: bool = False
) -> Message:
    """The DM asking someone to answer (or, once, reminding them)."""
    opening = (
        "A gentle reminder: the pulse survey closes soon."
        if reminder
        else "It's pulse survey time: how is the partnership between the council and "
        "providers going?"
    )
    text = f"{opening} Eight quick questions, two minutes. Open until {when(closes_at, zone)}."
    return Message(
        text=text,
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=text)),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Answer the survey",
                        style="primary",
                        action_id=Action.OPEN_PULSE,
                        value="open",
                    )
                ]
            ),
            ContextBlock(elements=[MarkdownTextObject(text=ANONYMITY.format(n=min_group))]),
        ],
    )


ANSWER_THE_PULSE = "Answer the pulse"  # the hub's label for the same button


def _pulse_button(text: str, min_group: int) -> list[Block]:
    """A message whose one button (the hub's `Answer the pulse`) opens the pulse form."""
    return [
        SectionBlock(text=MarkdownTextObject(text=text)),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text=ANSWER_THE_PULSE,
                    style="primary",
                    action_id=Action.HUB_PULSE,
                    value=Action.HUB_PULSE,
                )
            ]
        ),
        ContextBlock(elements=[MarkdownTextObject(text=ANONYMITY.format(n=min_group))]),
    ]


def announcement_message(closes_at: datetime, zone: ZoneInfo, min_group: int) -> Message:
    """The round's announcement in a provider channel: everyone there can answer from it."""
    text = (
        ":bar_chart: *The relationship pulse is open.* How is the partnership between the "
        "council and providers going? Eight quick questions, two minutes, open until "
        f"{when(closes_at, zone)}. Only you see your answers."
    )
    return Message(text=text, blocks=_pulse_button(text, min_group))


def channel_reminder_message(closes_at: datetime, zone: ZoneInfo, min_group: int) -> Message:
    """The reminder only its reader sees, in a provider channel, for whom no DM can reach."""
    text = (
        "A gentle reminder, just for you: the relationship pulse closes on "
        f"{when(closes_at, zone)} and we would value your answer. Eight quick questions."
    )
    return Message(text=text, blocks=_pulse_button(text, min_group))


def answered_message(closes_at: datetime, zone: ZoneInfo) -> Message:
    """What the invitation DM becomes once the answer is in."""
    text = (
        f":white_check_mark: Thank you, your answer is in. You can change it until "
        f"{when(closes_at, zone)}."
    )
    return Message(
        text=text,
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=text)),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Change my answer", action_id=Action.OPEN_PULSE, value="change"
                    )
                ]
            ),
        ],
    )


def no_open_round_message() -> Message:
    text = "No pulse survey is open right now. The next one will come to you as a DM."
    return text_message(text)


def _score_input(block_id: str, question: Question, current: int | None) -> InputBlock:
    options = [Option(value=str(score), text=label) for score, label in SCORE_LABELS.items()]
    chosen = next((o for o in options if current is not None and o.value == str(current)), None)
    return InputBlock(
        block_id=block_id,
        label=question.title,
        hint=clip(f"4 = {question.high}  1 = {question.low}", 2000),
        element=RadioButtonsElement(
            action_id=Action.PULSE_SCORE, options=options, initial_option=chosen
        ),
    )


def overall_modal(
    metadata: PulseMetadata,
    bank: Sequence[Question],
    saved: SavedAnswers,
    *,
    provider: bool,
    min_group: int,
    follow_ups: Sequence[FollowUpQuestion] = (),
    follow_up_answers: Mapping[int, int] | None = None,
) -> View:
    """Step 1: the eight dimensions for the relationship as a whole, providers' questions
    about the council's done actions, and a comment."""
    whom = "the council as a whole" if provider else "care providers"
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"How is the relationship with *{whom}* going? Pick 4 when the strong "
                "statement fits, 1 when the poor one does, and *No contact* if you can't say."
            )
        ),
    ]
    blocks += [_score_input(q.dimension.value, q, saved.scores.get(q.dimension)) for q in bank]
    if provider and follow_ups:
        blocks += follow_up_blocks(follow_ups, follow_up_answers or {})
    blocks.append(
        InputBlock(
            block_id=PulseBlock.COMMENT,
            label="Anything else? (optional)",
            optional=True,
            element=PlainTextInputElement(
                action_id=Action.PULSE_COMMENT,
                multiline=True,
                max_length=MAX_COMMENT,
                initial_value=saved.comment or None,
            ),
        )
    )
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=ANONYMITY.format(n=min_group))]))
    return View(
        type="modal",
        callback_id=Callback.PULSE_OVERALL,
        title="Pulse survey",
        submit="Next" if provider else "Submit",
        close="Cancel",
        private_metadata=metadata.dump(),
        blocks=blocks,
    )


def departments_modal(
    metadata: PulseMetadata, departments: Mapping[int, str], chosen: Sequence[int]
) -> View:
    """Step 2 (providers): which departments they dealt with since the last round."""
    options = [Option(value=str(i), text=clip(name, 75)) for i, name in departments.items()]
    options = options[:100]  # Slack's limit for a select
    initial = [o for o in options if int(o.value) in chosen] or None
    return View(
        type="modal",
        callback_id=Callback.PULSE_DEPARTMENTS,
        title="Pulse survey",
        submit="Next",
        close="Cancel",
        private_metadata=metadata.dump(),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text="Thank you. Which council departments did you deal with since the last "
                    f"round? You can rate up to {MAX_DEPARTMENTS}, or none."
                )
            ),
            InputBlock(
                block_id=PulseBlock.DEPARTMENTS,
                label="Departments",
                optional=True,
                element=StaticMultiSelectElement(
                    action_id=Action.PULSE_DEPARTMENTS,
                    placeholder="Choose departments",
                    options=options[:100],
                    initial_options=initial,
                    max_selected_items=MAX_DEPARTMENTS,
                ),
            ),
        ],
    )


def ratings_modal(
    metadata: PulseMetadata,
    departments: Mapping[int, str],
    bank: Sequence[Question],
    saved: SavedAnswers,
) -> View:
    """Step 3 (providers): the same eight dimensions for each chosen department."""
    blocks: list[Block] = []
    for department_id in metadata.departments:
        blocks.append(HeaderBlock(text=clip(departments[department_id], 150)))
        current = saved.departments.get(department_id, {})
        blocks += [
            _score_input(rating_block_id(department_id, q.dimension), q, current.get(q.dimension))
            for q in bank
        ]
    return View(
        type="modal",
        callback_id=Callback.PULSE_RATINGS,
        title="Rate departments",
        submit="Submit",
        close="Cancel",
        private_metadata=metadata.dump(),
        blocks=blocks,
    )


def rating_block_id(department_id: int, dimension: Dimension) -> str:
    return f"{department_id}:{dimension.value}"


def follow_up_block_id(follow_up_id: int) -> str:
    return f"follow_up:{follow_up_id}"


def follow_up_blocks(
    follow_ups: Sequence[FollowUpQuestion], answers: Mapping[int, int]
) -> list[Block]:
    """Providers' questions about done actions: one radio input each, after a short intro."""
    what = "this" if len(follow_ups) == 1 else f"these {len(follow_ups)} things"
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=FOLLOW_UP_INTRO.format(what=what)))
    ]
    for question in follow_ups:
        options = [Option(value=str(v), text=text) for v, text in FOLLOW_UP_LABELS.items()]
        current = answers.get(question.id)
        chosen = next((o for o in options if current is not None and o.value == str(current)), None)
        blocks.append(
            InputBlock(
                block_id=follow_up_block_id(question.id),
                label=clip(
                    f"Since the council did “{question.title}”, has {question.subject} got better?",
                    2000,
                ),
                element=RadioButtonsElement(
                    action_id=Action.PULSE_SCORE, options=options, initial_option=chosen
                ),
            )
        )
    return blocks
