"""Must Haves in Slack: confirmations, refusals, the list, the modal, the admins' review."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from relbot.domain.musthaves.entries import TEXT_LIMIT, Entry, Outcome, Problem
from relbot.models.musthaves import MUST_HAVES_PER_PERSON
from relbot.slack.ids import Action, Callback
from relbot.slack.messages import Message, text_message
from relbot.slack.metadata import MustHaveMetadata
from relbot.slack.text import clip, escape, escape_within

USAGE = (
    "*/musthave* records what you most need from the council-provider relationship, "
    f"up to {MUST_HAVES_PER_PERSON} per round.\n"
    "• `/musthave &lt;text&gt;` adds one\n"
    "• `/musthave` opens a form with all three\n"
    "• `/musthave list` shows yours\n"
    "• `/musthave remove 2` removes the second"
)
ADMIN_USAGE = (
    "Admins: `/musthave open-round &lt;name&gt;` opens a named round (and closes the current one), "
    "`/musthave close-round` closes it, `/musthave review` re-categorises."
)
REVIEW_LIMIT = 20  # items per review message: two blocks each, within Slack's 50
SELECT_TEXT_LIMIT = 75  # a static select option's text


ENTRY_LIMIT = 800  # three of them, escaped, and the words around them fit one section


def _numbered(entries: Sequence[Entry]) -> str:
    return "\n".join(
        f"{entry.number}. {escape_within(entry.text, ENTRY_LIMIT)} _({escape(entry.category)})_"
        for entry in entries
    )


def _round(outcome: Outcome) -> str:
    return f"*{escape(outcome.collection.name)}*"


def added_message(outcome: Outcome) -> Message:
    """The confirmation: the text, its category, and how many of three are used."""
    assert outcome.entry is not None
    entry, used = outcome.entry, len(outcome.entries)
    left = MUST_HAVES_PER_PERSON - used
    more = f"You can add {left} more." if left else "That's all three; `/musthave` edits them."
    text = (
        f":white_check_mark: Must Have {entry.number} of {MUST_HAVES_PER_PERSON} recorded "
        f"for {_round(outcome)}:\n>{escape_within(entry.text, ENTRY_LIMIT)}\n"
        f"Category: *{escape(entry.category)}*. {used} of {MUST_HAVES_PER_PERSON} used. {more}"
    )
    return text_message(text)


def refused_message(outcome: Outcome, number: int | None = None) -> Message:
    """Why it was not recorded, and what to do instead."""
    problem = outcome.problem
    if problem is Problem.EMPTY:
        return text_message("Please write your Must Have after the command.\n\n" + USAGE)
    if problem is Problem.TOO_LONG:
        return text_message(
            f"That is longer than {TEXT_LIMIT} characters. Please keep a Must Have short; "
            "one clear statement works best."
        )
    if problem is Problem.DUPLICATE:
        return text_message("You already have that one:\n" + _numbered(outcome.entries))
    if problem is Problem.FULL:
        return text_message(
            f"You already have {MUST_HAVES_PER_PERSON} Must Haves for {_round(outcome)}:\n"
            f"{_numbered(outcome.entries)}\n\n"
            "To replace one, remove it first with `/musthave remove N` (N is its number "
            "above) and then add the new one, or type `/musthave` to edit all three."
        )
    if problem is Problem.NO_SUCH:
        have = len(outcome.entries)
        choices = f"choose 1 to {have}" if have else "you have none yet"
        asked = f"{number}" if number is not None else "that number"
        return text_message(f"There is no Must Have {asked} to remove; {choices}.")
    raise ValueError(f"no message for {problem}")


def list_message(outcome: Outcome) -> Message:
    """The person's Must Haves, numbered."""
    if not outcome.entries:
        return text_message(
            f"You have no Must Haves for {_round(outcome)} yet. Add one with `/musthave &lt;text&gt;`."
        )
    return text_message(
        f"Your Must Haves for {_round(outcome)} ({len(outcome.entries)} of "
        f"{MUST_HAVES_PER_PERSON}):\n{_numbered(outcome.entries)}"
    )


def removed_message(outcome: Outcome) -> Message:
    """What was removed, and what is left."""
    assert outcome.entry is not None
    rest = f"\nNow:\n{_numbered(outcome.entries)}" if outcome.entries else ""
    return text_message(f"Removed: {escape_within(outcome.entry.text, ENTRY_LIMIT)}{rest}")


def saved_message(outcome: Outcome) -> Message:
    """After the form: the whole list as it now stands."""
    if not outcome.entries:
        return text_message(f"Your Must Haves for {_round(outcome)} are cleared.")
    return text_message(
        f":white_check_mark: Saved your Must Haves for {_round(outcome)}:\n"
        + _numbered(outcome.entries)
    )


def no_round_message() -> Message:
    """No round is open."""
    return text_message(
        "No Must Haves round is open at the moment, so nothing was recorded. "
        "An admin can open one with `/musthave open-round &lt;name&gt;`."
    )


def musthave_modal(metadata: MustHaveMetadata, name: str, entries: Sequence[Entry]) -> View:
    """Three fields, pre-filled with the current ones; empty ones are dropped on save."""
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"What do you most need from the relationship? Round: *{escape(name)}*"
            )
        )
    ]
    for number in range(1, MUST_HAVES_PER_PERSON + 1):
        current = entries[number - 1].text if number <= len(entries) else None
        blocks.append(
            InputBlock(
                block_id=f"must_have_{number}",
                label=f"Must Have {number}",
                optional=True,
                element=PlainTextInputElement(
                    action_id=Action.MUST_HAVE_INPUT.value,
                    initial_value=current,
                    max_length=TEXT_LIMIT,
                    multiline=True,
                ),
            )
        )
    return View(
        type="modal",
        callback_id=Callback.MUST_HAVE_MODAL.value,
        title="Your Must Haves",
        submit="Save",
        close="Cancel",
        private_metadata=metadata.dump(),
        blocks=blocks,
    )


def round_message(name: str, opened: bool) -> Message:
    """For the admin who opened or closed a round."""
    if opened:
        return text_message(f"Must Haves round *{escape(name)}* is open; new ones go into it.")
    return text_message(f"Closed the Must Haves round *{escape(name)}*.")


def review_message(
    name: str,
    items: Sequence[tuple[int, str, str, bool]],
    categories: Sequence[tuple[str, str]],
    remaining: int,
) -> Message:
    """Each Must Have with a category menu; choosing one moves it and teaches the guesser."""
    if not items:
        return text_message(f"No Must Haves in *{escape(name)}* yet.")
    options = [Option(value=key, text=clip(label, SELECT_TEXT_LIMIT)) for key, label in categories]
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*Must Haves in {escape(name)}*: pick the best-fit category where "
                "the guess is wrong. Later guesses learn from your choices."
            )
        )
    ]
    for must_have_id, text, key, corrected in items[:REVIEW_LIMIT]:
        chosen = next((o for o in options if o.value == key), None)
        mark = " :heavy_check_mark:" if corrected else ""
        blocks.append(
            SectionBlock(
                block_id=f"must_have_{must_have_id}",
                text=MarkdownTextObject(text=escape_within(text, 2900) + mark),
                accessory=StaticSelectElement(
                    action_id=Action.MUST_HAVE_CATEGORY.value,
                    placeholder="Category",
                    options=options,
                    initial_option=chosen,
                ),
            )
        )
    if remaining:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=f"{remaining} more after these.")])
        )
    return Message(text=f"Must Haves in {escape(name)}", blocks=blocks)
