"""The three steps of the pulse form: the eight scores, the departments, their ratings.

`OwnForm` has checked each submission first (see `listeners.register`): `metadata` is the
form's own and `person` the submitter.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from relbot.domain.pulse.answers import AnswerError, save_departments, save_overall, saved_answers
from relbot.domain.pulse.follow_ups import FollowUpQuestion, round_follow_ups, save_follow_ups
from relbot.domain.pulse.questions import questions
from relbot.domain.pulse.rounds import current_round
from relbot.models import Person
from relbot.models.enums import Side
from relbot.models.pulse import Dimension
from relbot.slack.deps import Deps
from relbot.slack.ids import PulseBlock
from relbot.slack.lookups import departments_by_id
from relbot.slack.metadata import FORM_EXPIRED, PulseMetadata
from relbot.slack.pulse.blocks import (
    departments_modal,
    follow_up_block_id,
    rating_block_id,
    ratings_modal,
)
from relbot.slack.pulse.flow import finish_answer
from relbot.slack.views import as_id, input_values, scores_from

CHOOSE_ONE = "Please choose one."


def pulse_overall(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    metadata: PulseMetadata,
    person: Person,
) -> None:
    """Step 1: store the eight scores (and a provider's answers about done actions);
    providers go on to choose departments."""
    values = input_values(view)
    scores, missing = scores_from(values, {d.value: d for d in Dimension})
    provider = person.side is Side.PROVIDER
    with deps.sessions.begin() as session:
        asked = round_follow_ups(session=session, round_id=metadata.round_id) if provider else []
        follow_ups = _follow_up_scores(values, asked)
        missing += [follow_up_block_id(q.id) for q in asked if q.id not in follow_ups]
        if missing:
            ack(response_action="errors", errors=dict.fromkeys(missing, CHOOSE_ONE))
            return
        now = datetime.now(UTC)
        try:
            save_overall(
                session=session,
                round_id=metadata.round_id,
                person=person,
                now=now,
                scores=scores,
                comment=values.get(PulseBlock.COMMENT.value),
            )
            if asked:
                save_follow_ups(
                    session=session,
                    round_id=metadata.round_id,
                    person=person,
                    now=now,
                    scores=follow_ups,
                )
        except AnswerError as refused:
            ack(response_action="errors", errors={PulseBlock.COMMENT.value: str(refused)})
            return
        saved = saved_answers(session=session, round_id=metadata.round_id, person=person)
    if provider:
        chosen = list(saved.departments)
        step = departments_modal(metadata, departments_by_id(deps), chosen)
        ack(response_action="update", view=step.to_dict())
        return
    ack()
    finish_answer(client, deps, metadata)


def pulse_departments(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    metadata: PulseMetadata,
    person: Person,
) -> None:
    """Step 2 (providers): choose departments, then rate them, or finish with none."""
    field = PulseBlock.DEPARTMENTS.value
    raw = input_values(view).get(field) or ""
    names = departments_by_id(deps)
    picked = (as_id(v) for v in raw.split(","))
    chosen = tuple(dict.fromkeys(i for i in picked if i is not None and i in names))
    with deps.sessions.begin() as session:
        pulse = current_round(session=session)
        if pulse is None or pulse.id != metadata.round_id:
            ack(response_action="errors", errors={field: "This survey round has closed."})
            return
        if not chosen and not _ratings_saved(ack, session, pulse.id, person, {}, field):
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


def pulse_ratings(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    metadata: PulseMetadata,
    person: Person,
) -> None:
    """Step 3 (providers): store the ratings of the departments chosen in step 2."""
    if not metadata.departments:
        ack(response_action="errors", errors={rating_block_id(0, Dimension.TRUST): FORM_EXPIRED})
        return
    values = input_values(view)
    ratings: dict[int, dict[Dimension, int]] = {}
    missing: list[str] = []
    for department_id in metadata.departments:
        blocks = {rating_block_id(department_id, d): d for d in Dimension}
        ratings[department_id], gaps = scores_from(values, blocks)
        missing += gaps
    if missing:
        ack(response_action="errors", errors=dict.fromkeys(missing, CHOOSE_ONE))
        return
    first = rating_block_id(metadata.departments[0], Dimension.TRUST)
    with deps.sessions.begin() as session:
        if not _ratings_saved(ack, session, metadata.round_id, person, ratings, first):
            return
    ack()
    finish_answer(client, deps, metadata)


def _ratings_saved(
    ack: Ack,
    session: Session,
    round_id: int,
    person: Person,
    ratings: dict[int, dict[Dimension, int]],
    field: str,
) -> bool:
    """Store the department ratings (none, when none were chosen); a refusal is shown at
    `field` and the form stays open."""
    try:
        save_departments(
            session=session,
            round_id=round_id,
            person=person,
            now=datetime.now(UTC),
            ratings=ratings,
        )
    except AnswerError as refused:
        ack(response_action="errors", errors={field: str(refused)})
        return False
    return True


def _follow_up_scores(
    values: dict[str, str | None], asked: list[FollowUpQuestion]
) -> dict[int, int]:
    """The answers given to the round's follow-up questions, by follow-up id."""
    given = {q.id: values.get(follow_up_block_id(q.id)) for q in asked}
    return {i: int(raw) for i, raw in given.items() if raw is not None and raw.isdecimal()}
