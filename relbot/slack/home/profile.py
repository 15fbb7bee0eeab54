"""Opening the profile modal, shared by `/relbot profile` and the App Home button."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from relbot.db import read_scope
from relbot.domain.profile import Profile, get_profile
from relbot.slack.deps import Deps
from relbot.slack.errors import not_in_directory_message
from relbot.slack.home.profile_blocks import profile_modal
from relbot.slack.viewcache import kept_views

MODALS_KEPT, _keep_modal = kept_views(1024)


def open_profile_modal(client: WebClient, deps: Deps, slack_user_id: str, trigger_id: str) -> bool:
    """Open the modal; return False when the person is not in the directory."""
    with read_scope(deps.sessions) as session:
        profile = get_profile(session=session, slack_user_id=slack_user_id)
    if profile is None:
        return False
    client.views_open(trigger_id=trigger_id, view=_modal_payload(profile))
    return True


@_keep_modal
def _modal_payload(profile: Profile) -> dict[str, Any]:
    """The modal in Slack's form: a pure function of the profile, kept for those who open it
    again. Not to be changed: it is shared."""
    return profile_modal(profile).to_dict()


def not_in_directory_payload(deps: Deps) -> dict[str, Any]:
    """The ephemeral reply for someone relbot does not know."""
    return not_in_directory_message(deps.settings.admins).payload()
