"""Publishing App Home, shared by the event and by anything that changes what Home shows."""

from __future__ import annotations

from slack_sdk import WebClient

from relbot.db import session_scope
from relbot.domain.home import pending_for
from relbot.domain.profile import get_profile, person_by_slack_id
from relbot.slack.blocks.home import home_view, stranger_home_view
from relbot.slack.deps import Deps


def publish_home(client: WebClient, deps: Deps, slack_user_id: str) -> None:
    """Build the person's Home from the database and publish it."""
    with session_scope(deps.sessions) as session:
        person = person_by_slack_id(session=session, slack_user_id=slack_user_id)
        if person is None:
            view = stranger_home_view(deps.settings.admins)
        else:
            profile = get_profile(session=session, slack_user_id=slack_user_id)
            assert profile is not None
            view = home_view(
                profile, pending_for(session=session, person=person), deps.settings.zone
            )
    client.views_publish(user_id=slack_user_id, view=view.to_dict())
