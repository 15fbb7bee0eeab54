"""Enrolment from the provider hub end to end: people of other workspaces give their details
at the first button they press, join at once when their workspace is listed, and otherwise
wait for an admin's Approve or Refuse (or `relbot participants approve|refuse`)."""

from __future__ import annotations

import csv
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from relbot.cli import main
from relbot.config import Settings
from relbot.domain.organisations import import_organisations, read_organisations
from relbot.models import AuditEntry, EnrolmentRequest, Person, RequestStatus
from relbot.models.enums import Area, CouncilShare, OrgSize, Position, ServiceType, Side
from relbot.slack.ids import Action, Callback
from standin.connect import BOT_USER_ID
from standin.harness import Harness
from standin.signing import block_action, view_submission
from tests.conftest import ADMIN
from tests.directory_data import OFFICER, STRANGER
from tests.slack.blocktext import block_text
from tests.slack.test_profile_and_home import _state

SHARED = ("C0PROVA01", "C0PROVB01")
SECOND_ADMIN = "UADMIN002"
BIRCH_TEAM = "TBIRCH001"
ELM_TEAM = "TELMCARE1"
BIRCH_PERSON = "UBIRCH001"
ELM_PERSON = "UELMCARE1"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Two admins, and two channels shared with providers."""
    update = {
        "provider_voice_channel": "C0VOICE01",
        "provider_channels": SHARED,
        "admins": (ADMIN, SECOND_ADMIN),
    }
    return settings.model_copy(update=update)


@pytest.fixture
def connect(council: Harness, tmp_path: Path) -> Harness:
    """Birch Care listed with its workspace; a person of Birch and one of Elm (unlisted) in a
    channel shared with relbot."""
    path = tmp_path / "organisations.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "slack_team_ids", "service_type", "org_size", "council_share"])
        writer.writerow(
            ["Birch Care", f"{BIRCH_TEAM};E0BIRCHGRID", "residential", "large", "75-100"]
        )
    with council.sessions.begin() as session:
        import_organisations(session=session, records=read_organisations(path), actor="test")
    council.slack.connect.external(BIRCH_PERSON, BIRCH_TEAM, "Bea Birch")
    council.slack.connect.external(ELM_PERSON, ELM_TEAM, "Eli Elm")
    council.slack.connect.join(SHARED[0], BIRCH_PERSON, ELM_PERSON, BOT_USER_ID)
    return council


def _team(harness: Harness, user: str) -> str:
    return harness.slack.connect.team_of(user) or "T0COUNCIL"


def _press(harness: Harness, user: str, action: Action, value: str | None = None) -> None:
    payload = block_action(
        user_id=user,
        action_id=action.value,
        value=value or action.value,
        team_id=_team(harness, user),
    )
    payload["channel"] = {"id": SHARED[0], "name": "provider-a"}
    payload["container"] = {"type": "message", "channel_id": SHARED[0], "message_ts": "1.000100"}
    payload["response_url"] = harness.slack.response_url()
    harness.slack.reset()
    assert harness.interact(payload).status == 200
    harness.settle()


def _opened(harness: Harness) -> dict[str, Any]:
    [opened] = harness.slack.calls_to("views.open")
    view: dict[str, Any] = opened.params["view"]
    return view


def _said(harness: Harness) -> list[str]:
    """What the person who pressed was told privately."""
    calls = harness.slack.calls_to("response_url")
    assert all(c.params.get("response_type") == "ephemeral" for c in calls)
    return [block_text(c.params["blocks"]) for c in calls]


def _submit(harness: Harness, user: str, view: dict[str, Any], **values: str) -> Any:
    state = _state(view, **values)
    harness.slack.reset()
    reply = harness.interact(
        view_submission(user_id=user, view=view, values=state, team_id=_team(harness, user))
    )
    assert reply.status == 200
    harness.settle()
    return reply.json() if reply.body else None


def _person(harness: Harness, user: str) -> Person | None:
    with harness.sessions.begin() as session:
        found = session.scalars(select(Person).where(Person.slack_user_id == user)).one_or_none()
        if found is not None:
            session.expunge(found)
        return found


def _organisation_of(harness: Harness, user: str) -> str | None:
    with harness.sessions.begin() as session:
        person = session.scalars(select(Person).where(Person.slack_user_id == user)).one()
        return person.organisation.name if person.organisation else None


def _dms(harness: Harness, user: str) -> list[str]:
    return [
        block_text(c.params["blocks"])
        for c in harness.slack.calls_to("chat.postMessage")
        if c.params["channel"] == user and c.status == 200
    ]


DETAILS = {"name": "Bea <b>Birch</b>", "position": "care_manager", "area": "south"}


def test_someone_of_a_listed_workspace_joins_at_once_with_the_organisations_segments(
    connect: Harness,
) -> None:
    _press(connect, BIRCH_PERSON, Action.HUB_ASK)
    view = _opened(connect)
    assert view["callback_id"] == Callback.ENROL_DETAILS
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == [
        "name",
        "position",
        "area",
    ]
    assert "*Birch Care*" in block_text(view["blocks"])

    answer = _submit(connect, BIRCH_PERSON, view, **DETAILS)

    assert answer["response_action"] == "update"
    shown = block_text(answer["view"]["blocks"])
    assert "You are in relbot's directory as staff of *Birch Care*" in shown
    person = _person(connect, BIRCH_PERSON)
    assert person is not None and person.active and person.side is Side.PROVIDER
    assert person.name == "Bea <b>Birch</b>"
    assert (person.position, person.area) == (Position.CARE_MANAGER, Area.SOUTH)
    assert (person.service_type, person.org_size, person.council_share) == (
        ServiceType.RESIDENTIAL,
        OrgSize.LARGE,
        CouncilShare.FROM_75_TO_100,
    )
    assert _organisation_of(connect, BIRCH_PERSON) == "Birch Care"
    assert connect.slack.calls_to("chat.postMessage") == []  # no admin was troubled

    _press(connect, BIRCH_PERSON, Action.HUB_ASK)  # now the button does what it does
    assert _opened(connect)["callback_id"] == Callback.QUERY_MODAL


def test_details_are_checked_and_nothing_is_kept_until_they_are_right(connect: Harness) -> None:
    _press(connect, BIRCH_PERSON, Action.HUB_DETAILS)
    view = _opened(connect)
    answer = _submit(connect, BIRCH_PERSON, view, name="  ", position=None, area="north")  # type: ignore[arg-type]
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"name", "position"}
    assert _person(connect, BIRCH_PERSON) is None


def _ask_to_join(harness: Harness, organisation: str = "Elm <Care> & Co") -> dict[str, Any]:
    _press(harness, ELM_PERSON, Action.HUB_PULSE)
    view = _opened(harness)
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"][-1] == "organisation"
    answer = _submit(
        harness,
        ELM_PERSON,
        view,
        name="Eli Elm",
        position="owner",
        area="west",
        organisation=organisation,
    )
    assert answer["response_action"] == "update"
    assert "waiting for the council's admins" in block_text(answer["view"]["blocks"])
    return answer


def _request_sent_to(harness: Harness, admin: str) -> dict[str, Any]:
    [call] = [c for c in harness.slack.calls_to("chat.postMessage") if c.params["channel"] == admin]
    message: dict[str, Any] = call.params
    return message


def test_an_unlisted_workspace_waits_and_an_admin_approves_by_button(connect: Harness) -> None:
    _ask_to_join(connect)
    assert _person(connect, ELM_PERSON) is None
    for admin in (ADMIN, SECOND_ADMIN):
        request = _request_sent_to(connect, admin)
        text = block_text(request["blocks"])
        assert "Elm &lt;Care&gt; &amp; Co" in text and "Eli Elm" in text and ELM_TEAM in text
        buttons = [e for b in request["blocks"] if b["type"] == "actions" for e in b["elements"]]
        assert [(b["text"]["text"], b["value"]) for b in buttons] == [
            ("Approve", ELM_PERSON),
            ("Refuse", ELM_PERSON),
        ]

    _press(connect, ELM_PERSON, Action.HUB_ASK)  # waiting: told so, not asked again
    assert connect.slack.calls_to("views.open") == []
    [waiting] = _said(connect)
    assert "waiting for the council's admins" in waiting

    _press(connect, ADMIN, Action.ENROL_APPROVE, ELM_PERSON)
    [replaced] = connect.slack.calls_to("response_url")
    assert replaced.params["replace_original"] is True
    assert "You approved the request of Eli Elm" in block_text(replaced.params["blocks"])
    [told] = _dms(connect, ELM_PERSON)
    assert "approved your request" in told and "*Elm &lt;Care&gt; &amp; Co*" in told
    person = _person(connect, ELM_PERSON)
    assert person is not None and person.active and person.side is Side.PROVIDER
    assert (person.position, person.area) == (Position.OWNER, Area.WEST)
    assert _organisation_of(connect, ELM_PERSON) == "Elm <Care> & Co"

    _press(connect, ELM_PERSON, Action.HUB_PULSE)  # in the directory: the button works
    assert _said(connect) == [
        "No pulse survey is open right now. The next one will come to you as a DM."
    ]

    _press(connect, SECOND_ADMIN, Action.ENROL_APPROVE, ELM_PERSON)  # too late
    [late] = _said(connect)
    assert f"already approved by <@{ADMIN}>" in late and "Nothing was changed" in late
    assert _dms(connect, ELM_PERSON) == []


def test_a_refusal_is_told_and_sticks(connect: Harness) -> None:
    _ask_to_join(connect)
    _press(connect, SECOND_ADMIN, Action.ENROL_REFUSE, ELM_PERSON)
    [told] = _dms(connect, ELM_PERSON)
    assert "did not approve your request" in told
    assert _person(connect, ELM_PERSON) is None

    _press(connect, ELM_PERSON, Action.HUB_CONTACTS)
    assert connect.slack.calls_to("views.open") == []
    [refused] = _said(connect)
    assert "did not approve" in refused
    _press(connect, ADMIN, Action.ENROL_APPROVE, ELM_PERSON)
    [late] = _said(connect)
    assert f"already refused by <@{SECOND_ADMIN}>" in late
    assert _person(connect, ELM_PERSON) is None


def test_only_admins_may_approve(connect: Harness) -> None:
    _ask_to_join(connect)
    _press(connect, OFFICER, Action.ENROL_APPROVE, ELM_PERSON)
    [refused] = _said(connect)
    assert refused == "Only relbot's admins can approve or refuse requests to join."
    assert _dms(connect, ELM_PERSON) == []
    with connect.sessions.begin() as session:
        status = session.scalar(select(EnrolmentRequest.status))
    assert status is RequestStatus.PENDING


def test_two_admins_approving_at_once_decide_once(connect: Harness) -> None:
    _ask_to_join(connect)
    connect.slack.reset()
    payloads = []
    for admin in (ADMIN, SECOND_ADMIN):
        payload = block_action(user_id=admin, action_id=Action.ENROL_APPROVE, value=ELM_PERSON)
        payload["response_url"] = connect.slack.response_url(admin)
        payloads.append(payload)
    threads = [threading.Thread(target=connect.interact, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    connect.settle()
    assert len(_dms(connect, ELM_PERSON)) == 1
    answers = [block_text(c.params["blocks"]) for c in connect.slack.calls_to("response_url")]
    assert sorted("already approved" in a for a in answers) == [False, True]
    with connect.sessions.begin() as session:
        approvals = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "enrolment.approved")
        ).all()
        people = session.scalars(select(Person).where(Person.slack_user_id == ELM_PERSON)).all()
    assert len(approvals) == 1 and len(people) == 1


def test_a_council_member_not_in_the_directory_asks_too(connect: Harness) -> None:
    """A guest in the council's own workspace: unlisted, so an admin decides."""
    _press(connect, STRANGER, Action.HUB_SAID_DID)
    view = _opened(connect)
    assert view["callback_id"] == Callback.ENROL_DETAILS
    answer = _submit(
        connect, STRANGER, view, name="Sam Guest", position="director", area="mid", organisation=""
    )
    assert answer == {
        "response_action": "errors",
        "errors": {"organisation": "Please give the name of your organisation."},
    }
    assert connect.slack.calls_to("chat.postMessage") == []


@pytest.fixture
def enrol_operator(connect: Harness, operator: Path, monkeypatch: pytest.MonkeyPatch) -> Harness:
    """`relbot` as an operator runs it against the council, from the environment alone."""
    token = connect.settings.slack_bot_token
    assert token is not None
    monkeypatch.setenv("SLACK_BOT_TOKEN", token.get_secret_value())
    monkeypatch.setenv("SLACK_API_URL", connect.settings.slack_api_url)
    monkeypatch.setenv("RELBOT_DATABASE_URL", connect.settings.database_url)
    return connect


def test_the_command_line_approves_and_refuses_as_the_buttons_do(
    enrol_operator: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    council = enrol_operator
    assert main(["participants", "approve", "UNOBODY01"]) == 1
    assert "there is no request to join from UNOBODY01; nothing was changed" in (
        capsys.readouterr().err
    )

    assert main(["participants", "waiting"]) == 0
    assert capsys.readouterr().out == "Nobody is waiting to join.\n"
    _ask_to_join(council, organisation="Birch Care")  # an organisation relbot knows
    # ... and lists with a workspace of its own, which is not the one asking: both say so.
    for admin in (ADMIN, SECOND_ADMIN):
        text = block_text(_request_sent_to(council, admin)["blocks"])
        assert "*Birch Care* is on the organisations list with workspaces of its own" in text
    assert main(["participants", "waiting"]) == 0
    waiting = capsys.readouterr().out
    assert "1 waiting to join" in waiting
    assert f"{ELM_PERSON}  Eli Elm of Birch Care" in waiting and ELM_TEAM in waiting
    assert "that organisation is listed with other workspaces: check before approving" in waiting
    council.slack.reset()
    assert main(["participants", "approve", ELM_PERSON.lower()]) == 0
    said = capsys.readouterr().out
    assert f"Approved Eli Elm ({ELM_PERSON}): now staff of Birch Care in relbot." in said
    assert "They were told by a direct message from relbot." in said
    [told] = _dms(council, ELM_PERSON)
    assert "*Birch Care*" in told
    person = _person(council, ELM_PERSON)
    assert person is not None and person.service_type is ServiceType.RESIDENTIAL

    assert main(["participants", "refuse", ELM_PERSON]) == 1
    assert "was already approved by cli" in capsys.readouterr().err
    assert main(["participants", "waiting"]) == 0
    assert capsys.readouterr().out == "Nobody is waiting to join.\n"
    _press(council, ADMIN, Action.ENROL_REFUSE, ELM_PERSON)
    [late] = _said(council)
    assert "already approved by an admin at the command line" in late


def test_the_command_line_refuses(
    enrol_operator: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    council = enrol_operator
    _ask_to_join(council)
    council.slack.reset()
    council.slack.connect.leave(SHARED[0], ELM_PERSON)  # Slack will not let relbot DM them now
    assert main(["participants", "refuse", ELM_PERSON]) == 0
    said = capsys.readouterr().out
    assert f"Refused the request of Eli Elm ({ELM_PERSON})." in said
    assert "Slack would not deliver relbot's message to them (channel_not_found)" in said
    assert _person(council, ELM_PERSON) is None
    with council.sessions.begin() as session:
        request = session.scalars(select(EnrolmentRequest)).one()
        assert request.status is RequestStatus.REFUSED
        assert request.decided_by is not None and request.decided_by.startswith("cli")


def test_someone_waiting_joins_at_once_when_their_workspace_is_listed(
    connect: Harness, tmp_path: Path
) -> None:
    _ask_to_join(connect)
    path = tmp_path / "later.csv"
    path.write_text(
        "name,slack_team_ids,service_type,org_size,council_share\n"
        f"Birch Care,TBIRCH001,residential,large,75-100\n"
        f"Elm Care,{ELM_TEAM},supported_living,small,0-25\n",
        encoding="utf-8",
    )
    with connect.sessions.begin() as session:
        import_organisations(session=session, records=read_organisations(path), actor="test")

    _press(connect, ELM_PERSON, Action.HUB_MUST_HAVES)
    view = _opened(connect)
    assert "*Elm Care*" in block_text(view["blocks"])
    answer = _submit(connect, ELM_PERSON, view, name="Eli Elm", position="owner", area="west")
    assert "staff of *Elm Care*" in block_text(answer["view"]["blocks"])
    person = _person(connect, ELM_PERSON)
    assert person is not None and person.service_type is ServiceType.SUPPORTED_LIVING

    _press(connect, ADMIN, Action.ENROL_REFUSE, ELM_PERSON)  # the admin comes to it too late
    [late] = _said(connect)
    assert "already approved by the organisations file" in late
    assert _organisation_of(connect, ELM_PERSON) == "Elm Care"


def test_an_enterprise_organisation_id_lists_a_workspace_too(connect: Harness) -> None:
    """On Enterprise Grid Slack sends the organisation's E… id as the person's team."""
    connect.slack.connect.external("UGRID0001", "E0BIRCHGRID", "Gia Grid")
    connect.slack.connect.join(SHARED[1], "UGRID0001", BOT_USER_ID)
    _press(connect, "UGRID0001", Action.HUB_SAID_DID)
    view = _opened(connect)
    answer = _submit(connect, "UGRID0001", view, name="Gia Grid", position="frontline", area="mid")
    assert "staff of *Birch Care*" in block_text(answer["view"]["blocks"])
    assert _organisation_of(connect, "UGRID0001") == "Birch Care"


def test_a_refused_person_stays_refused_with_a_form_opened_before(
    connect: Harness, tmp_path: Path
) -> None:
    _press(connect, ELM_PERSON, Action.HUB_PULSE)
    stale = _opened(connect)  # a second details form, left open
    _ask_to_join(connect)
    _press(connect, ADMIN, Action.ENROL_REFUSE, ELM_PERSON)
    path = tmp_path / "later.csv"
    path.write_text(
        "name,slack_team_ids,service_type,org_size,council_share\n"
        f"Elm Care,{ELM_TEAM},supported_living,small,0-25\n",
        encoding="utf-8",
    )
    with connect.sessions.begin() as session:
        import_organisations(session=session, records=read_organisations(path), actor="test")
    answer = _submit(connect, ELM_PERSON, stale, name="Eli Elm", position="owner", area="west")
    assert "did not approve" in block_text(answer["view"]["blocks"])
    assert _person(connect, ELM_PERSON) is None
    _press(connect, ELM_PERSON, Action.HUB_PULSE)  # listed now, and still refused
    assert connect.slack.calls_to("views.open") == []
    assert "did not approve" in _said(connect)[0]


def test_a_nul_or_a_lone_surrogate_in_the_details_is_cleaned_not_a_crash(
    connect: Harness,
) -> None:
    _press(connect, BIRCH_PERSON, Action.HUB_PULSE)
    view = _opened(connect)
    answer = _submit(
        connect,
        BIRCH_PERSON,
        view,
        name="Bea\x00 Birch\udcff",
        position="care_manager",
        area="south",
    )
    assert "staff of *Birch Care*" in block_text(answer["view"]["blocks"])
    person = _person(connect, BIRCH_PERSON)
    assert person is not None and person.name == "Bea Birch\ufffd"


def test_the_command_line_prints_no_control_or_direction_characters_of_a_name(
    enrol_operator: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    _press(enrol_operator, ELM_PERSON, Action.HUB_PULSE)
    view = _opened(enrol_operator)
    _submit(
        enrol_operator,
        ELM_PERSON,
        view,
        name="Eli \u202eElm\u202c \x1b[2J",
        position="owner",
        area="west",
        organisation="Elm\u200f Care",
    )
    assert main(["participants", "waiting"]) == 0
    waiting = capsys.readouterr().out
    assert f"{ELM_PERSON}  Eli Elm [2J of Elm Care" in waiting
    assert not any(ch in waiting for ch in "\u202e\u202c\u200f\x1b")
