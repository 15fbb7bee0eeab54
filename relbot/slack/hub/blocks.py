"""The hub message and what its buttons answer with: data in, blocks out."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from relbot.domain.voice.items import MAX_TEXT
from relbot.slack.ids import Action, Callback
from relbot.slack.messages import Message
from relbot.slack.metadata import Metadata

# The buttons, labelled as the council's providers are told they are, in this order.
BUTTONS = (
    (Action.HUB_PULSE, "Answer the pulse"),
    (Action.HUB_ASK, "Ask the council"),
    (Action.HUB_MUST_HAVES, "My Must Haves"),
    (Action.HUB_RAISE, "Raise anonymously"),
    (Action.HUB_CONTACTS, "Council contacts"),
    (Action.HUB_SAID_DID, "You said, we did"),
    (Action.HUB_DETAILS, "My details"),
)
INTRO = (
    ":wave: *Working with the council, from here*\n"
    "Answer the relationship pulse, ask a council department a question, keep your three "
    "Must Haves, raise something without your name, find whom to contact, and see what the "
    "council did about what providers said."
)
PRIVATE = (
    "What you do with these buttons is seen only by you; a question is seen by you and the "
    "department that answers it."
)
RAISE_BLOCK = "raise_text"


def hub_message() -> Message:
    """The hub: what it is for, its buttons, and who sees what they do."""
    return Message(
        text="Working with the council: answer the pulse, ask a question, and more.",
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=INTRO)),
            ActionsBlock(
                elements=[
                    ButtonElement(text=label, action_id=action, value=action)
                    for action, label in BUTTONS
                ]
            ),
            ContextBlock(elements=[MarkdownTextObject(text=PRIVATE)]),
        ],
    )


def raise_modal(metadata: Metadata) -> View:
    """What `Raise anonymously` opens: the text to post in the provider-voice channel."""
    return View(
        type="modal",
        callback_id=Callback.HUB_RAISE,
        private_metadata=metadata.dump(),
        title="Raise anonymously",
        submit="Post it",
        close="Cancel",
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text="relbot posts this in the provider-voice channel as itself. Your name "
                    "is not kept anywhere, not even by relbot."
                )
            ),
            InputBlock(
                block_id=RAISE_BLOCK,
                label="What do you want to raise?",
                element=PlainTextInputElement(
                    action_id=Action.HUB_TEXT, multiline=True, max_length=MAX_TEXT
                ),
            ),
        ],
    )


POSTING = "Posting it in the provider-voice channel…"


def raise_result_view(reply: Message | None) -> View:
    """The raise form's closing view: posting, then what became of the post. Said in the
    form, which Slack does not keep, rather than in a message that stays in the person's DMs
    beside the post's time."""
    blocks = (
        list(reply.blocks)
        if reply is not None
        else [SectionBlock(text=MarkdownTextObject(text=POSTING))]
    )
    return View(type="modal", title="Raise anonymously", close="Done", blocks=blocks)
