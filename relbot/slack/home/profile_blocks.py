"""The profile modal: fixed facts on top, the fields a person may correct below."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from functools import cache
from typing import Any

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

from relbot.domain.profile import Profile
from relbot.models.enums import (
    Area,
    CouncilShare,
    OrgSize,
    ServiceType,
    Side,
    label,
    positions_for,
)
from relbot.slack.ids import Action, Callback, ProfileBlock
from relbot.slack.metadata import ProfileMetadata
from relbot.slack.text import escape

FIELD_LABELS: dict[ProfileBlock, str] = {
    ProfileBlock.NAME: "Name",
    ProfileBlock.EMAIL: "Email",
    ProfileBlock.POSITION: "Position",
    ProfileBlock.AREA: "Area you cover",
    ProfileBlock.SERVICE_TYPE: "Main service type",
    ProfileBlock.ORG_SIZE: "Organisation size",
    ProfileBlock.COUNCIL_SHARE: "Service users funded by the council",
}


def profile_modal(profile: Profile) -> View:
    """The modal for viewing and correcting one's own profile."""
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=_fixed_facts(profile))),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Side, organisation, department and decision-maker status are set by an admin. "
                    "Your answers to surveys are only ever reported in groups."
                )
            ]
        ),
    ]
    for field in profile.editable:
        blocks.append(_input(ProfileBlock(field), profile))
    metadata = ProfileMetadata(slack_user_id=profile.slack_user_id, side=profile.side)
    return View(
        type="modal",
        callback_id=Callback.PROFILE,
        title="Your profile",
        submit="Save",
        close="Cancel",
        private_metadata=metadata.dump(),
        blocks=blocks,
    )


def _fixed_facts(profile: Profile) -> str:
    lines = [f"*Side:* {label(profile.side)}"]
    if profile.organisation:
        lines.append(f"*Organisation:* {escape(profile.organisation)}")
    if profile.department:
        lines.append(f"*Department:* {escape(profile.department)}")
    if profile.side.value == "officer":
        lines.append(f"*Decision maker:* {'yes' if profile.decision_maker else 'no'}")
    return "\n".join(lines)


def _input(field: ProfileBlock, profile: Profile) -> InputBlock:
    current = getattr(profile, field.value)
    if field is ProfileBlock.NAME or field is ProfileBlock.EMAIL:
        element: PlainTextInputElement | StaticSelectElement = PlainTextInputElement(
            action_id=Action.PROFILE_INPUT,
            initial_value=current or None,
            max_length=200 if field is ProfileBlock.NAME else 320,
        )
    else:
        options = _options(field, profile.side)
        chosen = next(
            (o for o in options if current is not None and o["value"] == current.value), None
        )
        element = StaticSelectElement(
            action_id=Action.PROFILE_INPUT,
            placeholder="Choose…",
            options=options,
            initial_option=chosen,
        )
    return InputBlock(
        block_id=field,
        label=FIELD_LABELS[field],
        element=element,
        optional=field is not ProfileBlock.NAME,
    )


@cache
def _options(field: ProfileBlock, side: Side) -> list[dict[str, Any]]:
    """A field's options as Slack takes them: the same for everyone on a side, so checked and
    converted once rather than for every modal."""
    choices: dict[ProfileBlock, Sequence[StrEnum]] = {
        ProfileBlock.POSITION: positions_for(side),
        ProfileBlock.AREA: list(Area),
        ProfileBlock.SERVICE_TYPE: list(ServiceType),
        ProfileBlock.ORG_SIZE: list(OrgSize),
        ProfileBlock.COUNCIL_SHARE: list(CouncilShare),
    }
    suffix = "%" if field is ProfileBlock.COUNCIL_SHARE else ""
    return [Option(value=c.value, text=label(c) + suffix).to_dict() for c in choices[field]]
