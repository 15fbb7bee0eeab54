"""A form or button checks, when it is used, that the person may do what it does, and still
may: a crafted payload from a colleague, another organisation or a stranger does nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select, update

from relbot.models import Department, Person, QueryTicket
from relbot.models.enums import Side
from relbot.slack.ids import Action, Callback
from relbot.slack.metadata import QueryMetadata
from standin.connect import BOT_USER_ID
from standin.harness import Harness
from standin.signing import block_action, view_submission
from standin.slack_api import TEAM_ID
from tests.directory_data import OFFICER, PROVIDER, STRANGER
from tests.queries.test_relay import SHARED, _ask, provider, settings

__all__ = ["provider", "settings"]
COLLEAGUE = "UPROV0002"  # of the asker's own organisation
OUTSIDER = "UOUTSIDE1"  # a provider of another organisation, in the directory
OFFICERS_CHANNEL = "C0OFFICERS"


@pytest.fixture
def people(provider: Harness) -> Harness:
    with provider.sessions.begin() as session:
        asker = session.scalars(select(Person).where(Person.slack_user_id == PROVIDER)).one()
        session.add(
            Person(
                slack_user_id=COLLEAGUE,
                name="Pat Colleague",
                side=Side.PROVIDER,
                organisation_id=asker.organisation_id,
            )
        )
        session.add(Person(slack_user_id=OUTSIDER, name="Otto Outside", side=Side.PROVIDER))
    return provider


def _reassign(harness: Harness, user: str, ticket_id: int) -> Any:
    """The reassign form as `user` would submit it, with metadata made for themselves."""
    with harness.sessions.begin() as session:
        safeguarding = session.scalars(
            select(Department.id).where(Department.name == "Safeguarding")
        ).one()
    view = {
        "id": "VCRAFT1",
        "type": "modal",
        "callback_id": Callback.QUERY_REASSIGN.value,
        "private_metadata": QueryMetadata(slack_user_id=user, ticket_id=ticket_id).dump(),
        "blocks": [],
    }
    values = {
        "department": {
            "query_input": {
                "type": "static_select",
                "selected_option": {"value": str(safeguarding)},
            }
        }
    }
    reply = harness.interact(view_submission(user_id=user, view=view, values=values))
    harness.settle()
    return reply.json() if reply.body else None


def _queue(harness: Harness) -> str | None:
    with harness.sessions.begin() as session:
        return session.scalars(select(QueryTicket.queue_channel)).one()


@pytest.mark.parametrize("attacker", [COLLEAGUE, OUTSIDER, STRANGER])
def test_a_crafted_reassign_form_of_someone_elses_query_changes_nothing(
    people: Harness, attacker: str
) -> None:
    ticket = _ask(people)
    people.slack.reset()
    answer = _reassign(people, attacker, ticket.id)
    assert answer["response_action"] == "errors"
    assert "Only the person who asked" in answer["errors"]["department"]
    assert _queue(people) == "C0FINANCE"
    assert people.slack.calls_to("chat.postMessage") == []  # not reposted, no one told
    assert people.slack.calls_to("chat.update") == []


def test_an_officer_removed_after_opening_the_form_may_no_longer_reassign(
    people: Harness,
) -> None:
    ticket = _ask(people)
    with people.sessions.begin() as session:
        session.execute(update(Person).where(Person.slack_user_id == OFFICER).values(active=False))
    people.slack.reset()
    answer = _reassign(people, OFFICER, ticket.id)
    assert answer["response_action"] == "errors"
    assert _queue(people) == "C0FINANCE"


def test_an_officer_still_reassigns(people: Harness) -> None:
    ticket = _ask(people)
    assert _reassign(people, OFFICER, ticket.id) is None
    assert _queue(people) == "C0SAFEGRD"


def _log_button(harness: Harness, user: str, channel: str, ts: str) -> None:
    press = block_action(
        user_id=user,
        action_id=Action.QUERY_LOG_REACTED.value,
        value=json.dumps({"c": channel, "t": ts}),
        team_id=harness.slack.connect.team_of(user) or TEAM_ID,
    )
    press["response_url"] = harness.slack.response_url()
    assert harness.interact(press).status == 200
    harness.settle()


@pytest.mark.parametrize("presser", [PROVIDER, COLLEAGUE, STRANGER])
def test_log_as_a_query_is_for_officers_only_whatever_the_button_says(
    people: Harness, presser: str
) -> None:
    people.slack.wrote(OFFICERS_CHANNEL, "1700000900.000100", OFFICER, "Internal: fees freeze")
    people.slack.wrote(SHARED, "1700000901.000100", PROVIDER, "Invoice 12 is late")
    people.slack.reset()
    _log_button(people, presser, OFFICERS_CHANNEL, "1700000900.000100")
    _log_button(people, presser, SHARED, "1700000901.000100")
    # Nothing was read on their behalf, and no form opened.
    assert people.slack.calls_to("conversations.history") == []
    assert people.slack.calls_to("conversations.replies") == []
    assert people.slack.calls_to("views.open") == []
    said = [c.params["text"] for c in people.slack.calls_to("response_url")]
    assert len(said) == 2 and all("Only council officers and admins" in s for s in said)


def test_an_officer_logs_only_a_providers_message_in_a_shared_channel(people: Harness) -> None:
    people.slack.connect.join(SHARED, PROVIDER, OFFICER, BOT_USER_ID)
    people.slack.wrote(OFFICERS_CHANNEL, "1700000900.000100", OFFICER, "Internal: fees freeze")
    people.slack.wrote(SHARED, "1700000902.000100", OFFICER, "An officer's own words")
    people.slack.wrote(SHARED, "1700000901.000100", PROVIDER, "Invoice 12 is late")
    people.slack.reset()
    _log_button(people, OFFICER, OFFICERS_CHANNEL, "1700000900.000100")
    assert people.slack.calls_to("conversations.history") == []
    _log_button(people, OFFICER, SHARED, "1700000902.000100")
    assert people.slack.calls_to("views.open") == []
    _log_button(people, OFFICER, SHARED, "1700000901.000100")
    [opened] = people.slack.calls_to("views.open")
    assert "Invoice 12 is late" in json.dumps(opened.params["view"])
