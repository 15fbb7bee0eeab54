"""Profile modal submissions and App Home, through signed requests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from relbot.models import Person, PulseInvitation, PulseResponse, PulseRound
from relbot.models.enums import Area, OrgSize
from relbot.models.pulse import DeliveryStatus, RoundStatus
from standin.harness import Harness
from standin.signing import block_action, view_submission
from tests.directory_data import OFFICER, PROVIDER, STRANGER
from tests.slack.blocktext import block_text


def _opened_modal(harness: Harness, user_id: str) -> dict[str, Any]:
    harness.command("profile", user_id=user_id)
    view: dict[str, Any] = harness.slack.wait_for("views.open")[0].params["view"]
    harness.slack.reset()
    return view


def _state(view: dict[str, Any], **changes: str | None) -> dict[str, dict[str, dict[str, Any]]]:
    """What Slack sends back: each input's current value, with `changes` applied."""
    state: dict[str, dict[str, dict[str, Any]]] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        key = block["block_id"]
        if element["type"] == "plain_text_input":
            value = changes.get(key, element.get("initial_value"))
            state[key] = {element["action_id"]: {"type": "plain_text_input", "value": value}}
        else:
            chosen = changes.get(key, (element.get("initial_option") or {}).get("value"))
            option = next((o for o in element["options"] if o["value"] == chosen), None)
            state[key] = {
                element["action_id"]: {"type": "static_select", "selected_option": option}
            }
    return state


def test_saving_the_profile_updates_the_person_and_home(council: Harness) -> None:
    view = _opened_modal(council, PROVIDER)
    reply = council.interact(
        view_submission(
            user_id=PROVIDER,
            view=view,
            values=_state(view, area="west", org_size="medium", email="priya.p@oak.example.org"),
        )
    )
    assert (reply.status, reply.body) == (200, b"")
    with council.sessions.begin() as session:
        priya = session.scalars(select(Person).where(Person.slack_user_id == PROVIDER)).one()
        assert (priya.area, priya.org_size, priya.email) == (
            Area.WEST,
            OrgSize.MEDIUM,
            "priya.p@oak.example.org",
        )
    [publish] = council.slack.wait_for("views.publish")
    assert publish.params["user_id"] == PROVIDER
    assert "*Area you cover*\nWest" in block_text(publish.params["view"]["blocks"])


def test_invalid_values_are_shown_inside_the_modal_and_nothing_changes(council: Harness) -> None:
    view = _opened_modal(council, PROVIDER)
    reply = council.interact(
        view_submission(
            user_id=PROVIDER,
            view=view,
            values=_state(view, name="  ", email="not-an-email", area="west"),
        )
    )
    assert reply.status == 200
    assert reply.json() == {
        "response_action": "errors",
        "errors": {
            "name": "Please give your name.",
            "email": "That doesn't look like an email address (name@example.org).",
        },
    }
    with council.sessions.begin() as session:
        priya = session.scalars(select(Person).where(Person.slack_user_id == PROVIDER)).one()
        assert (priya.name, priya.area) == ("Priya Patel", Area.NORTH)
    assert council.slack.calls == []


def test_a_provider_position_cannot_be_given_to_an_officer(council: Harness) -> None:
    view = _opened_modal(council, OFFICER)
    values = _state(view)
    values["position"]["profile_input"]["selected_option"] = {
        "value": "owner",
        "text": {"type": "plain_text", "text": "Owner"},
    }
    reply = council.interact(view_submission(user_id=OFFICER, view=view, values=values))
    assert reply.json()["errors"] == {"position": "Please choose one of the options."}


def test_someone_elses_modal_cannot_be_submitted(council: Harness) -> None:
    view = _opened_modal(council, PROVIDER)
    reply = council.interact(
        view_submission(user_id=OFFICER, view=view, values=_state(view, name="Mallory"))
    )
    assert reply.json()["response_action"] == "errors"
    with council.sessions.begin() as session:
        names = set(session.scalars(select(Person.name)))
    assert "Mallory" not in names


def test_app_home_shows_profile_and_nothing_waiting(council: Harness) -> None:
    reply = council.event(
        {"type": "app_home_opened", "user": PROVIDER, "channel": "D0PROV", "tab": "home"}
    )
    assert reply.status == 200
    [publish] = council.slack.wait_for("views.publish")
    blocks = block_text(publish.params["view"]["blocks"])
    assert publish.params["user_id"] == PROVIDER
    assert "Hello, Priya Patel" in blocks
    assert "Nothing is waiting for you right now." in blocks
    assert "*Organisation*\nOak Home Care" in blocks
    buttons = [
        e for b in publish.params["view"]["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert [(b["action_id"], b["text"]["text"]) for b in buttons] == [
        ("open_profile", "Edit profile")
    ]


def test_app_home_shows_an_open_survey_the_person_has_not_answered(council: Harness) -> None:
    closes = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    with council.sessions.begin() as session:
        priya = session.scalars(select(Person).where(Person.slack_user_id == PROVIDER)).one()
        pulse = PulseRound(
            slot="2026-11-23",
            question_version=1,
            status=RoundStatus.OPEN,
            closes_at=closes,
            opened_by="test",
            opened_at=closes - timedelta(days=5),
        )
        session.add(pulse)
        session.flush()
        officer = session.scalars(select(Person).where(Person.slack_user_id == OFFICER)).one()
        for person in (priya, officer):
            session.add(
                PulseInvitation(round_id=pulse.id, person_id=person.id, status=DeliveryStatus.SENT)
            )
        session.add(_answer(pulse, officer))  # someone else's answer changes nothing for her
    council.event({"type": "app_home_opened", "user": PROVIDER, "tab": "home"})
    blocks = block_text(council.slack.wait_for("views.publish")[0].params["view"]["blocks"])
    assert "The pulse survey is open until Friday 27 November, 17:00" in blocks
    council.slack.reset()
    with council.sessions.begin() as session:
        session.add(_answer(pulse, priya))
    council.event({"type": "app_home_opened", "user": PROVIDER, "tab": "home"}, event_id="Ev2")
    blocks = block_text(council.slack.wait_for("views.publish")[0].params["view"]["blocks"])
    assert "The pulse survey is open" not in blocks


def _answer(pulse: PulseRound, person: Person) -> PulseResponse:
    return PulseResponse(
        round_id=pulse.id, person_id=person.id, side=person.side, answer_count=0, answer_total=0
    )


def test_an_unchanged_home_is_not_published_again(council: Harness) -> None:
    opened = {"type": "app_home_opened", "user": PROVIDER, "tab": "home"}
    council.event(opened, event_id="Ev0010")
    [first] = council.slack.wait_for("views.publish")
    shown = {"id": "VHOME1", "type": "home", **first.params["view"]}
    # Slack sends the Home the person sees with every later opening.
    council.slack.reset()
    council.event({**opened, "view": shown}, event_id="Ev0011")
    council.settle()
    assert council.slack.calls_to("views.publish") == []
    # Something changes that Home shows: it is published again, and differs.
    with council.sessions.begin() as session:
        priya = session.scalars(select(Person).where(Person.slack_user_id == PROVIDER)).one()
        priya.name = "Priya Patel-Shah"
    council.event({**opened, "view": shown}, event_id="Ev0012")
    [second] = council.slack.wait_for("views.publish")
    assert "Hello, Priya Patel-Shah" in block_text(second.params["view"]["blocks"])
    assert second.params["view"]["private_metadata"] != shown["private_metadata"]
    # A Home published before fingerprints existed (or by anything else) is replaced.
    council.slack.reset()
    council.event({**opened, "view": {"id": "VOLD", "blocks": []}}, event_id="Ev0013")
    council.slack.wait_for("views.publish")


def test_app_home_for_a_stranger_says_whom_to_ask(council: Harness) -> None:
    council.event({"type": "app_home_opened", "user": STRANGER, "tab": "home"})
    blocks = block_text(council.slack.wait_for("views.publish")[0].params["view"]["blocks"])
    assert "not in relbot's directory yet" in blocks and "<@UADMIN001>" in blocks


def test_messages_tab_does_not_publish_home(council: Harness) -> None:
    council.event(
        {"type": "app_home_opened", "user": PROVIDER, "tab": "messages"}, event_id="Ev0002"
    )
    council.event({"type": "app_home_opened", "user": PROVIDER, "tab": "home"}, event_id="Ev0003")
    council.slack.wait_for("views.publish")
    assert len(council.slack.calls_to("views.publish")) == 1


def test_edit_profile_button_on_home_opens_the_modal(council: Harness) -> None:
    reply = council.interact(
        block_action(
            user_id=PROVIDER, action_id="open_profile", trigger_id="trig-home", view={"id": "VHOME"}
        )
    )
    assert reply.status == 200
    [call] = council.slack.wait_for("views.open")
    assert call.params["trigger_id"] == "trig-home"
    assert call.params["view"]["callback_id"] == "profile_modal"


def test_a_name_is_kept_on_one_line_without_formatting(council: Harness) -> None:
    view = _opened_modal(council, PROVIDER)
    name = "*Sid\n*Council Finance Director**"
    reply = council.interact(
        view_submission(user_id=PROVIDER, view=view, values=_state(view, name=name))
    )
    assert reply.status == 200
    with council.sessions.begin() as session:
        priya = session.scalars(select(Person).where(Person.slack_user_id == PROVIDER)).one()
        assert priya.name == "Sid Council Finance Director"
