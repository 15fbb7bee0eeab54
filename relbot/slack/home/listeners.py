"""App Home's event, its "Edit profile" button and the profile form."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from relbot.domain.profile import ProfileError, update_profile
from relbot.slack.deps import Deps
from relbot.slack.forms import NO_LONGER_KNOWN, OwnForm
from relbot.slack.home.profile import not_in_directory_payload, open_profile_modal
from relbot.slack.home.publish import publish_home, refresh_home
from relbot.slack.ids import Action, Callback, ProfileBlock
from relbot.slack.metadata import ProfileMetadata
from relbot.slack.views import input_values


def register(app: App) -> None:
    """Attach this feature's listeners."""
    app.event("app_home_opened")(app_home_opened)
    app.action(Action.OPEN_PROFILE.value)(open_profile)
    form = OwnForm(ProfileMetadata, ProfileBlock.NAME.value)
    app.view(Callback.PROFILE.value, middleware=[form])(profile_submission)


def app_home_opened(event: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """Show the person their profile and what is waiting for them."""
    if event.get("tab", "home") != "home":
        return
    # Slack sends the Home the person sees; an unchanged one is not published again.
    publish_home(client, deps, event["user"], shown=event.get("view"))


def open_profile(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """The "Edit profile" button on App Home opens the profile modal."""
    ack()
    user_id = body["user"]["id"]
    if open_profile_modal(client, deps, user_id, body["trigger_id"]):
        return
    if body.get("response_url"):
        respond(response_type="ephemeral", replace_original=False, **not_in_directory_payload(deps))
    else:
        client.chat_postMessage(channel=user_id, **not_in_directory_payload(deps))


def profile_submission(
    ack: Ack, view: dict[str, Any], client: WebClient, deps: Deps, metadata: ProfileMetadata
) -> None:
    """Save the profile; refused fields are shown inside the modal."""
    user_id = metadata.slack_user_id
    try:
        with deps.sessions.begin() as session:
            update_profile(session=session, slack_user_id=user_id, changes=input_values(view))
    except ProfileError as refused:
        ack(response_action="errors", errors=refused.errors)
        return
    except LookupError:  # forgotten since the form was checked
        ack(response_action="errors", errors={ProfileBlock.NAME.value: NO_LONGER_KNOWN})
        return
    ack()
    refresh_home(client, deps, user_id)
