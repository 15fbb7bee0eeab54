"""Every command, action, block and callback id relbot uses; never a bare string elsewhere."""

from __future__ import annotations

import re
from enum import StrEnum


class Command(StrEnum):
    RELBOT = "/relbot"
    MUSTHAVE = "/musthave"
    QUERY = "/query"
    VOICE = "/voice"


class Callback(StrEnum):
    PROFILE = "profile_modal"
    PULSE_OVERALL = "pulse_overall"
    PULSE_DEPARTMENTS = "pulse_departments"
    PULSE_RATINGS = "pulse_department_ratings"
    QUERY_MODAL = "query_modal"
    QUERY_REASSIGN = "query_reassign_modal"
    MUST_HAVE_MODAL = "must_have_modal"
    LOG_QUERY_SHORTCUT = "log_provider_query"
    HUB_RAISE = "hub_raise_modal"
    ENROL_DETAILS = "enrol_details_modal"
    ACTION_MODAL = "action_modal"
    ACTION_UPDATE_MODAL = "action_update_modal"


class Action(StrEnum):
    OPEN_PROFILE = "open_profile"
    PROFILE_INPUT = "profile_input"
    OPEN_PULSE = "open_pulse"
    PULSE_SCORE = "pulse_score"
    PULSE_COMMENT = "pulse_comment"
    PULSE_DEPARTMENTS = "pulse_departments"
    QUERY_RESPOND = "query_respond"
    QUERY_RESOLVE = "query_resolve"
    QUERY_REASSIGN = "query_reassign"
    QUERY_INPUT = "query_input"
    MUST_HAVE_INPUT = "must_have_input"
    MUST_HAVE_CATEGORY = "must_have_category"
    HUB_PULSE = "hub_pulse"
    HUB_ASK = "hub_ask"
    HUB_MUST_HAVES = "hub_must_haves"
    HUB_RAISE = "hub_raise"
    HUB_CONTACTS = "hub_contacts"
    HUB_SAID_DID = "hub_said_did"
    HUB_DETAILS = "hub_details"
    HUB_TEXT = "hub_text"
    QUERY_THREAD_RESOLVE = "query_thread_resolve"
    QUERY_LOG_REACTED = "query_log_reacted"
    # An officer's reply that looked like a note, held: send it to the provider, or keep it.
    QUERY_HELD_SEND = "query_held_send"
    QUERY_HELD_KEEP = "query_held_keep"
    # Open the new-action form; the button's value may name what it answers, "KIND:VALUE".
    ACTION_NEW = "action_new"
    # Open the update form of one action; the value is the action's id.
    ACTION_UPDATE = "action_update"
    ENROL_INPUT = "enrol_input"
    ENROL_APPROVE = "enrol_approve"
    ENROL_REFUSE = "enrol_refuse"


class ProfileBlock(StrEnum):
    """One input block per editable profile field; the value is the field's name."""

    NAME = "name"
    EMAIL = "email"
    POSITION = "position"
    AREA = "area"
    SERVICE_TYPE = "service_type"
    ORG_SIZE = "org_size"
    COUNCIL_SHARE = "council_share"


class PulseBlock(StrEnum):
    """Input blocks of the pulse modal besides one per dimension (whose id is the dimension)."""

    COMMENT = "comment"
    DEPARTMENTS = "departments"


class QueryBlock(StrEnum):
    DEPARTMENT = "department"
    TEXT = "text"


class EnrolBlock(StrEnum):
    """The "Your details" form's input blocks; each is the field's name in the domain."""

    NAME = "name"
    POSITION = "position"
    AREA = "area"
    ORGANISATION = "organisation"


def one_of(action: Action, key: str) -> str:
    """`action`'s id for one of several buttons in a block, told apart by `key`: Slack
    refuses a block whose action_ids repeat ("Should be unique among all other action_ids
    in the containing block", docs.slack.dev, Block Kit element reference)."""
    return f"{action.value}.{key}"


def any_of(action: Action) -> re.Pattern[str]:
    """Matches `action`'s id alone or as `one_of` made it, for registering its listener."""
    return re.compile(rf"^{re.escape(action.value)}(?:\..+)?$")
