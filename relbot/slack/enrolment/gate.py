"""The gate before every hub button: someone relbot does not know gives their details first.

It is one listener, registered before the buttons' own for all of them, whose middleware
goes on only for someone not (or no longer) in the directory. For anyone else the
middleware returns without calling next(), which Bolt takes as "this listener is not for
the request" and tries the next: the button's own listener.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import Ack, App, BoltRequest, BoltResponse, Respond
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient

from relbot.db import read_scope
from relbot.domain.enrolment import Gate, Standing, gate
from relbot.slack.deps import DEPS, Deps
from relbot.slack.enrolment.blocks import details_modal, refused_message, waiting_message
from relbot.slack.metadata import EnrolmentMetadata

# The context key (and the listener's argument) with where the person stands.
ENROLMENT = "enrolment"


def team_of(body: dict[str, Any]) -> str | None:
    """The person's own Slack team, not the council's: block_actions and view_submission
    payloads give it as `user.team_id` (an Enterprise organisation's E… id on Enterprise
    Grid). https://docs.slack.dev/reference/interaction-payloads/block_actions-payload and
    https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload"""
    user = body.get("user")
    team = user.get("team_id") if isinstance(user, dict) else None
    return team.upper() if isinstance(team, str) and team else None


class NotYetEnrolled(Middleware):
    """Goes on only for someone who is not an active person in the directory."""

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        user = req.body.get("user") or {}
        deps: Deps = req.context[DEPS]
        with read_scope(deps.sessions) as session:
            found = gate(
                session=session, slack_user_id=str(user.get("id", "")), team_id=team_of(req.body)
            )
        if found.standing is Standing.KNOWN:
            return None  # the button's own listener runs
        req.context[ENROLMENT] = found
        return next()


def register_gate(app: App, actions: Iterable[str]) -> None:
    """Put the gate before these buttons; call it before registering their listeners."""
    pattern = re.compile("^(?:" + "|".join(re.escape(a) for a in actions) + ")$")
    app.action(pattern, middleware=[NotYetEnrolled()])(ask_details)


def ask_details(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, enrolment: Gate
) -> None:
    """Open "Your details", or say plainly that their request waits or was refused."""
    ack()
    if enrolment.standing is Standing.WAITING:
        message = waiting_message()
    elif enrolment.standing is Standing.REFUSED:
        message = refused_message()
    else:
        metadata = EnrolmentMetadata(
            slack_user_id=body["user"]["id"], organisation=enrolment.organisation
        )
        client.views_open(trigger_id=body["trigger_id"], view=details_modal(metadata).to_dict())
        return
    respond(response_type="ephemeral", replace_original=False, **message.payload())
