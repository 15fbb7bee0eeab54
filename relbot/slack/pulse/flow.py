"""Opening the pulse modal and finishing an answer: shared by the DM, Home and `/relbot pulse`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient

from relbot.domain.profile import person_by_slack_id
from relbot.domain.pulse.answers import invitation_dm, saved_answers
from relbot.domain.pulse.follow_ups import round_follow_ups, saved_follow_ups
from relbot.domain.pulse.questions import questions
from relbot.domain.pulse.rounds import current_round
from relbot.models.enums import Side
from relbot.slack.deps import Deps
from relbot.slack.errors import not_in_directory_message
from relbot.slack.home.publish import refresh_home
from relbot.slack.metadata import PulseMetadata
from relbot.slack.pulse.blocks import answered_message, no_open_round_message, overall_modal


def pulse_modal_or_reason(deps: Deps, slack_user_id: str) -> dict[str, Any]:
    """The step-1 view for this person, or {"message": payload} saying why there is none."""
    with deps.sessions.begin() as session:
        person = person_by_slack_id(session=session, slack_user_id=slack_user_id)
        if person is None:
            return {"message": not_in_directory_message(deps.settings.admins).payload()}
        pulse = current_round(session=session)
        if pulse is None or pulse.closes_at <= datetime.now(UTC):
            return {"message": no_open_round_message().payload()}
        saved = saved_answers(session=session, round_id=pulse.id, person=person)
        metadata = PulseMetadata(round_id=pulse.id, slack_user_id=slack_user_id)
        provider = person.side is Side.PROVIDER
        view = overall_modal(
            metadata,
            questions(pulse.question_version),
            saved,
            provider=provider,
            min_group=deps.settings.min_group_size,
            # Providers only: officers are not asked whether their own actions helped.
            follow_ups=round_follow_ups(session=session, round_id=pulse.id) if provider else (),
            follow_up_answers=(
                saved_follow_ups(session=session, round_id=pulse.id, person=person)
                if provider
                else None
            ),
        )
    return {"view": view.to_dict()}


def finish_answer(client: WebClient, deps: Deps, metadata: PulseMetadata) -> None:
    """Once an answer is stored: turn the DM into a thank-you and refresh Home."""
    with deps.sessions.begin() as session:
        person = person_by_slack_id(session=session, slack_user_id=metadata.slack_user_id)
        pulse = current_round(session=session)
        dm = None
        if person is not None and pulse is not None and pulse.id == metadata.round_id:
            dm = invitation_dm(session=session, round_id=pulse.id, person=person)
            closes_at = pulse.closes_at
    if dm is not None:
        client.chat_update(
            channel=dm.channel,
            ts=dm.ts,
            **answered_message(closes_at, deps.settings.zone).payload(),
        )
    refresh_home(client, deps, metadata.slack_user_id)
