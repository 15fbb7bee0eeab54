"""Step 1 of the pulse modal: store the eight scores; providers go on to departments."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from relbot.db import session_scope
from relbot.domain.profile import person_by_slack_id
from relbot.domain.pulse.answers import AnswerError, save_overall, saved_answers
from relbot.models.enums import Side
from relbot.models.pulse import Dimension
from relbot.slack.blocks.pulse import departments_modal
from relbot.slack.deps import Deps
from relbot.slack.ids import Callback, PulseBlock
from relbot.slack.listeners.lookups import departments_by_id
from relbot.slack.listeners.pulse import finish_answer
from relbot.slack.metadata import FORM_EXPIRED, PulseMetadata
from relbot.slack.views import input_values, scores_from


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.PULSE_OVERALL.value)
    def pulse_overall(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        metadata = PulseMetadata.from_view(view)
        if metadata is None:
            ack(response_action="errors", errors={Dimension.TRUST.value: FORM_EXPIRED})
            return
        values = input_values(view)
        scores, missing = scores_from(values, {d.value: d for d in Dimension})
        if metadata.slack_user_id != body["user"]["id"]:
            ack(
                response_action="errors",
                errors={Dimension.TRUST.value: "This form belongs to someone else."},
            )
            return
        if missing:
            ack(response_action="errors", errors=dict.fromkeys(missing, "Please choose one."))
            return
        with session_scope(deps.sessions) as session:
            person = person_by_slack_id(session=session, slack_user_id=metadata.slack_user_id)
            if person is None:
                ack(
                    response_action="errors",
                    errors={Dimension.TRUST.value: "You are no longer in relbot's directory."},
                )
                return
            try:
                save_overall(
                    session=session,
                    round_id=metadata.round_id,
                    person=person,
                    now=datetime.now(UTC),
                    scores=scores,
                    comment=values.get(PulseBlock.COMMENT.value),
                )
            except AnswerError as refused:
                ack(response_action="errors", errors={PulseBlock.COMMENT.value: str(refused)})
                return
            provider = person.side is Side.PROVIDER
            chosen = list(
                saved_answers(
                    session=session, round_id=metadata.round_id, person=person
                ).departments
            )
        if provider:
            ack(
                response_action="update",
                view=departments_modal(metadata, departments_by_id(deps), chosen).to_dict(),
            )
            return
        ack()
        finish_answer(client, deps, metadata)
