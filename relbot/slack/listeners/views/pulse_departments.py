"""Step 2 of the pulse modal (providers): choose departments, then rate them, or finish."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from relbot.db import session_scope
from relbot.domain.profile import person_by_slack_id
from relbot.domain.pulse.answers import AnswerError, save_departments, saved_answers
from relbot.domain.pulse.questions import questions
from relbot.domain.pulse.rounds import current_round
from relbot.slack.blocks.pulse import ratings_modal
from relbot.slack.deps import Deps
from relbot.slack.ids import Callback, PulseBlock
from relbot.slack.listeners.lookups import departments_by_id
from relbot.slack.listeners.pulse import finish_answer
from relbot.slack.metadata import FORM_EXPIRED, PulseMetadata
from relbot.slack.views import as_id, input_values


def register(app: App, deps: Deps) -> None:
    @app.view(Callback.PULSE_DEPARTMENTS.value)
    def pulse_departments(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        metadata = PulseMetadata.from_view(view)
        if metadata is None:
            ack(response_action="errors", errors={PulseBlock.DEPARTMENTS.value: FORM_EXPIRED})
            return
        raw = input_values(view).get(PulseBlock.DEPARTMENTS.value) or ""
        names = departments_by_id(deps)
        picked = (as_id(v) for v in raw.split(","))
        chosen = tuple(dict.fromkeys(i for i in picked if i is not None and i in names))
        if metadata.slack_user_id != body["user"]["id"]:
            ack(
                response_action="errors",
                errors={PulseBlock.DEPARTMENTS.value: "This form belongs to someone else."},
            )
            return
        with session_scope(deps.sessions) as session:
            person = person_by_slack_id(session=session, slack_user_id=metadata.slack_user_id)
            pulse = current_round(session=session)
            if person is None:
                ack(
                    response_action="errors",
                    errors={
                        PulseBlock.DEPARTMENTS.value: "You are no longer in relbot's directory."
                    },
                )
                return
            if pulse is None or pulse.id != metadata.round_id:
                ack(
                    response_action="errors",
                    errors={PulseBlock.DEPARTMENTS.value: "This survey round has closed."},
                )
                return
            if not chosen:
                try:
                    save_departments(
                        session=session,
                        round_id=pulse.id,
                        person=person,
                        now=datetime.now(UTC),
                        ratings={},
                    )
                except AnswerError as refused:
                    ack(
                        response_action="errors",
                        errors={PulseBlock.DEPARTMENTS.value: str(refused)},
                    )
                    return
            saved = saved_answers(session=session, round_id=pulse.id, person=person)
            bank = questions(pulse.question_version)
        if chosen:
            step = PulseMetadata(
                round_id=metadata.round_id, slack_user_id=metadata.slack_user_id, departments=chosen
            )
            ack(response_action="update", view=ratings_modal(step, names, bank, saved).to_dict())
            return
        ack()
        finish_answer(client, deps, metadata)
