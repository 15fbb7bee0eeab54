"""The "Your details" form submitted, and the admins' Approve and Refuse buttons."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.models.views import View

from relbot.domain.enrolment import (
    DetailsError,
    Enrolment,
    NoRequestError,
    Result,
    check_details,
    decide,
    enrol,
)
from relbot.slack.deps import Deps
from relbot.slack.enrolment.blocks import (
    decided_message,
    joined_view,
    known_view,
    only_admins_message,
    refused_view,
    waiting_view,
)
from relbot.slack.enrolment.gate import team_of
from relbot.slack.enrolment.notify import tell_admins, tell_person
from relbot.slack.forms import OwnForm
from relbot.slack.ids import Action, Callback, EnrolBlock
from relbot.slack.messages import Message, text_message
from relbot.slack.metadata import EnrolmentMetadata
from relbot.slack.views import input_values

# The form opened without the organisation's name (the team was listed) and the team is
# no longer listed: the form cannot show the error beside a field it does not have.
NO_LONGER_LISTED = (
    "Your workspace is no longer on the council's list; please close this form and press "
    "the button again."
)


def register(app: App) -> None:
    """Attach this feature's listeners (the gate itself goes with the hub's buttons)."""
    form = OwnForm(EnrolmentMetadata, EnrolBlock.NAME.value, person=False)
    app.view(Callback.ENROL_DETAILS.value, middleware=[form])(details_submission)
    app.action(Action.ENROL_APPROVE.value)(approve)
    app.action(Action.ENROL_REFUSE.value)(refuse)


def details_submission(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    deps: Deps,
    metadata: EnrolmentMetadata,
) -> None:
    """Enrol them at once, or hold their request and ask the admins; the form says which."""
    values = input_values(view)
    try:
        details = check_details(
            name=values.get(EnrolBlock.NAME),
            position=values.get(EnrolBlock.POSITION),
            area=values.get(EnrolBlock.AREA),
            organisation=values.get(EnrolBlock.ORGANISATION),
        )
        with deps.sessions.begin() as session:
            done = enrol(
                session=session,
                slack_user_id=metadata.slack_user_id,
                team_id=team_of(body),
                details=details,
                now=datetime.now(UTC),
            )
    except DetailsError as refused:
        errors = dict(refused.errors)
        if EnrolBlock.ORGANISATION in errors and metadata.organisation is not None:
            errors = {EnrolBlock.NAME.value: NO_LONGER_LISTED}
        ack(response_action="errors", errors=errors)
        return
    ack(response_action="update", view=_shown(done).to_dict())
    if done.result is Result.HELD and done.request is not None:
        tell_admins(client, deps.settings.admins, done.request)


def _shown(done: Enrolment) -> View:
    if done.result is Result.ENROLLED:
        return joined_view(done.organisation or "")
    if done.result is Result.KNOWN:
        return known_view()
    if done.result is Result.REFUSED:
        return refused_view()
    return waiting_view()


def approve(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """An admin's Approve: enrol the person and tell them, unless already decided."""
    _decide(ack, body, client, respond, deps, approve=True)


def refuse(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps) -> None:
    """An admin's Refuse: tell the person, unless already decided."""
    _decide(ack, body, client, respond, deps, approve=False)


def _decide(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    deps: Deps,
    *,
    approve: bool,
) -> None:
    ack()
    admin = body["user"]["id"]
    if admin not in deps.settings.admins:
        _private(respond, only_admins_message())
        return
    who = str(body["actions"][0].get("value") or "")
    try:
        with deps.sessions.begin() as session:
            decision = decide(
                session=session,
                slack_user_id=who,
                approve=approve,
                by=admin,
                now=datetime.now(UTC),
            )
    except NoRequestError:
        _private(respond, text_message("There is no request to join from that person."))
        return
    if not decision.made_now:
        _private(respond, decided_message(decision.request, made_now=False))
        return
    respond(replace_original=True, **decided_message(decision.request, made_now=True).payload())
    if tell_person(client, decision) is not None:
        _private(
            respond,
            text_message(
                "Slack would not deliver relbot's message to them (they may have left the "
                "shared channels); the decision stands."
            ),
        )


def _private(respond: Respond, message: Message) -> None:
    respond(response_type="ephemeral", replace_original=False, **message.payload())
