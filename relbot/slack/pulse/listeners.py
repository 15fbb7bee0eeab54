"""The survey button (in the DM and on App Home) and the three steps of the pulse form."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from relbot.models.pulse import Dimension
from relbot.slack.deps import Deps
from relbot.slack.forms import OwnForm
from relbot.slack.ids import Action, Callback, PulseBlock
from relbot.slack.metadata import PulseMetadata
from relbot.slack.pulse.blocks import rating_block_id
from relbot.slack.pulse.flow import pulse_modal_or_reason
from relbot.slack.pulse.forms import pulse_departments, pulse_overall, pulse_ratings


def register(app: App) -> None:
    """Attach this feature's listeners."""
    app.action(Action.OPEN_PULSE.value)(open_pulse)
    steps = (
        (Callback.PULSE_OVERALL, Dimension.TRUST.value, pulse_overall),
        (Callback.PULSE_DEPARTMENTS, PulseBlock.DEPARTMENTS.value, pulse_departments),
        (Callback.PULSE_RATINGS, _first_rating, pulse_ratings),
    )
    for callback, field, listener in steps:
        app.view(callback.value, middleware=[OwnForm(PulseMetadata, field)])(listener)


def _first_rating(metadata: PulseMetadata | None) -> str:
    """The ratings step shows a refusal at its first department's first rating."""
    first = metadata.departments[0] if metadata is not None and metadata.departments else 0
    return rating_block_id(first, Dimension.TRUST)


def open_pulse(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """Open the pulse form, or say why there is none to answer."""
    ack()
    user_id = body["user"]["id"]
    outcome = pulse_modal_or_reason(deps, user_id)
    if "view" in outcome:
        client.views_open(trigger_id=body["trigger_id"], view=outcome["view"])
    elif body.get("response_url"):
        respond(response_type="ephemeral", replace_original=False, **outcome["message"])
    else:
        client.chat_postMessage(channel=user_id, **outcome["message"])
