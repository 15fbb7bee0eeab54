"""Saving the profile modal; refused fields are shown inside the modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from relbot.db import session_scope
from relbot.domain.profile import ProfileError, update_profile
from relbot.slack.deps import Deps
from relbot.slack.ids import Callback, ProfileBlock
from relbot.slack.listeners.home import publish_home
from relbot.slack.metadata import FORM_EXPIRED, ProfileMetadata
from relbot.slack.views import input_values


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.PROFILE.value)
    def profile_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        user_id = body["user"]["id"]
        metadata = ProfileMetadata.from_view(view)
        if metadata is None:
            ack(response_action="errors", errors={ProfileBlock.NAME.value: FORM_EXPIRED})
            return
        if metadata.slack_user_id != user_id:
            ack(
                response_action="errors",
                errors={ProfileBlock.NAME.value: "This form belongs to someone else."},
            )
            return
        changes = input_values(view)
        try:
            with session_scope(deps.sessions) as session:
                update_profile(session=session, slack_user_id=user_id, changes=changes)
        except ProfileError as refused:
            ack(response_action="errors", errors=refused.errors)
            return
        except LookupError:
            ack(
                response_action="errors",
                errors={ProfileBlock.NAME.value: "You are no longer in relbot's directory."},
            )
            return
        ack()
        publish_home(client, deps, user_id)
