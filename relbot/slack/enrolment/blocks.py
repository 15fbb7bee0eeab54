"""What enrolment shows: the details form, what the person is told, and the admins' request.
Data in, blocks out; whatever a person typed is escaped."""

from __future__ import annotations

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

from relbot.domain.enrolment import BY_ORGANISATIONS_FILE, NAME_LIMIT, RequestView
from relbot.models import RequestStatus
from relbot.models.enums import Area, Side, label, positions_for
from relbot.slack.ids import Action, Callback, EnrolBlock
from relbot.slack.messages import Message, text_message
from relbot.slack.metadata import EnrolmentMetadata
from relbot.slack.text import escape, user

WAITING = (
    ":hourglass: Your request to join relbot is waiting for the council's admins. You will get "
    "a message from relbot when they have decided; until then the hub's buttons cannot do "
    "anything for you."
)
REFUSED = (
    "The council's admins did not approve your request to join relbot. If you think this is a "
    "mistake, ask your contact at the council."
)
ONLY_ADMINS = "Only relbot's admins can approve or refuse requests to join."


def details_modal(metadata: EnrolmentMetadata) -> View:
    """'Your details': asked of someone relbot does not know, before any hub button works."""
    if metadata.organisation is not None:
        intro = (
            "Before you use relbot, please tell the council who you are. You will join as "
            f"staff of *{escape(metadata.organisation)}*."
        )
    else:
        intro = (
            "Before you use relbot, please tell the council who you are. Your workspace is not "
            "on the council's list yet, so an admin will check your request first."
        )
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=intro)),
        _text(EnrolBlock.NAME, "Your name", NAME_LIMIT),
        _select(
            EnrolBlock.POSITION,
            "Your position",
            [(p.value, label(p)) for p in positions_for(Side.PROVIDER)],
        ),
        _select(EnrolBlock.AREA, "Area you cover", [(a.value, label(a)) for a in Area]),
    ]
    if metadata.organisation is None:
        blocks.append(_text(EnrolBlock.ORGANISATION, "Your organisation's name", NAME_LIMIT))
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Your answers to surveys are only ever reported in groups. "
                    "You can see and correct your details later with My details."
                )
            ]
        )
    )
    return View(
        type="modal",
        callback_id=Callback.ENROL_DETAILS,
        private_metadata=metadata.dump(),
        title="Your details",
        submit="Join",
        close="Cancel",
        blocks=blocks,
    )


def _text(block: EnrolBlock, title: str, limit: int) -> InputBlock:
    element = PlainTextInputElement(action_id=Action.ENROL_INPUT, max_length=limit)
    return InputBlock(block_id=block, label=title, element=element)


def _select(block: EnrolBlock, title: str, options: list[tuple[str, str]]) -> InputBlock:
    element = StaticSelectElement(
        action_id=Action.ENROL_INPUT,
        placeholder="Choose",
        options=[Option(value=value, text=text) for value, text in options],
    )
    return InputBlock(block_id=block, label=title, element=element)


def _done(title: str, text: str) -> View:
    return View(
        type="modal",
        title=title,
        close="Close",
        blocks=[SectionBlock(text=MarkdownTextObject(text=text))],
    )


def joined_text(organisation: str) -> str:
    return (
        "You are in relbot's directory as staff of "
        f"*{escape(organisation)}*. Press any button on the hub to use it."
    )


def joined_view(organisation: str) -> View:
    """The form, once someone from a listed team has joined."""
    return _done("You have joined", ":white_check_mark: " + joined_text(organisation))


def waiting_view() -> View:
    """The form, once someone's request is held for the admins."""
    return _done("Request sent", WAITING)


def known_view() -> View:
    return _done("Already joined", "You are already in relbot's directory. Press the button again.")


def refused_view() -> View:
    return _done("Not approved", REFUSED)


def waiting_message() -> Message:
    return text_message(WAITING)


def refused_message() -> Message:
    return text_message(REFUSED)


NAMED_LISTED = (
    ":warning: *{organisation}* is on the organisations list with workspaces of its own, and "
    "this workspace is not one of them. Check they really work there before approving."
)


def only_admins_message() -> Message:
    return text_message(ONLY_ADMINS)


def _facts(request: RequestView) -> str:
    lines = [
        f"*Name:* {escape(request.name)}",
        f"*Organisation (as they gave it):* {escape(request.organisation)}",
        f"*Position:* {label(request.position) if request.position else 'not given'}",
        f"*Area:* {label(request.area) if request.area else 'not given'}",
        f"*Slack:* {user(request.slack_user_id)}, of workspace "
        f"`{escape(request.team_id or 'unknown')}`",
    ]
    if request.named_listed:
        lines.append(NAMED_LISTED.format(organisation=escape(request.organisation)))
    return "\n".join(lines)


def request_message(request: RequestView) -> Message:
    """To each admin: someone from an unlisted workspace asks to join, with the buttons."""
    intro = (
        "*Someone asks to join relbot as a provider.* Their workspace is not on the "
        "organisations list, so they wait for an admin. Approving makes them staff of the "
        "organisation they named (added if relbot does not know it)."
    )
    return Message(
        text=f"{escape(request.name)} asks to join relbot as a provider",
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=intro)),
            SectionBlock(text=MarkdownTextObject(text=_facts(request))),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Approve",
                        action_id=Action.ENROL_APPROVE,
                        value=request.slack_user_id,
                        style="primary",
                    ),
                    ButtonElement(
                        text="Refuse",
                        action_id=Action.ENROL_REFUSE,
                        value=request.slack_user_id,
                        style="danger",
                    ),
                ]
            ),
        ],
    )


def decided_message(request: RequestView, *, made_now: bool) -> Message:
    """To the admin who decided: what became of the request."""
    verb = "approved" if request.status is RequestStatus.APPROVED else "refused"
    who = "an admin at the command line"
    if request.decided_by == BY_ORGANISATIONS_FILE:
        who = "the organisations file, which lists their workspace now"
    elif request.decided_by and not request.decided_by.startswith("cli"):
        who = user(request.decided_by)
    when = f" on {request.decided_at:%d %b %Y at %H:%M} UTC" if request.decided_at else ""
    whose = f"{escape(request.name)} ({user(request.slack_user_id)})"
    if made_now:
        return text_message(f"You {verb} the request of {whose} to join relbot.")
    return text_message(
        f"The request of {whose} was already {verb} by {who}{when}. Nothing was changed."
    )


def approved_message(organisation: str) -> Message:
    """To the person: an admin approved them."""
    return text_message(
        ":white_check_mark: The council's admins approved your request. "
        + joined_text(organisation)
    )
