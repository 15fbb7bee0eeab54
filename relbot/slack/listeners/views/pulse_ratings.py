"""Step 3 of the pulse modal (providers): store the department ratings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from relbot.db import session_scope
from relbot.domain.profile import person_by_slack_id
from relbot.domain.pulse.answers import AnswerError, save_departments
from relbot.models.pulse import Dimension
from relbot.slack.blocks.pulse import rating_block_id
from relbot.slack.deps import Deps
from relbot.slack.ids import Callback
from relbot.slack.listeners.pulse import finish_answer
from relbot.slack.metadata import FORM_EXPIRED, PulseMetadata
from relbot.slack.views import input_values, scores_from

# Where an error goes when the metadata does not say which departments the form shows.
FIRST = rating_block_id(0, Dimension.TRUST)


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.PULSE_RATINGS.value)
    def pulse_ratings(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        metadata = PulseMetadata.from_view(view)
        if metadata is None or not metadata.departments:
            ack(response_action="errors", errors={FIRST: FORM_EXPIRED})
            return
        values = input_values(view)
        ratings: dict[int, dict[Dimension, int]] = {}
        missing: list[str] = []
        for department_id in metadata.departments:
            blocks = {rating_block_id(department_id, d): d for d in Dimension}
            ratings[department_id], gaps = scores_from(values, blocks)
            missing += gaps
        first = rating_block_id(metadata.departments[0], Dimension.TRUST)
        if missing or metadata.slack_user_id != body["user"]["id"]:
            ack(
                response_action="errors",
                errors=dict.fromkeys(missing or [first], "Please choose one."),
            )
            return
        with session_scope(deps.sessions) as session:
            person = person_by_slack_id(session=session, slack_user_id=metadata.slack_user_id)
            try:
                if person is None:
                    raise AnswerError("You are no longer in relbot's directory.")
                save_departments(
                    session=session,
                    round_id=metadata.round_id,
                    person=person,
                    now=datetime.now(UTC),
                    ratings=ratings,
                )
            except AnswerError as refused:
                ack(response_action="errors", errors={first: str(refused)})
                return
        ack()
        finish_answer(client, deps, metadata)
