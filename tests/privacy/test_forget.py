"""`relbot forget` and `relbot export-user` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from relbot.analysis.pulse import RoundReport
from relbot.analysis.timings import DepartmentTimes
from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.audit import record_admin_action
from relbot.domain.privacy import REDACTED, forget_person
from relbot.domain.pulse.report import round_report
from relbot.domain.queries.report import response_table
from relbot.models import (
    Action,
    ActionUpdate,
    AuditEntry,
    Base,
    EnrolmentRequest,
    MustHave,
    Person,
    PulseResponse,
    PulseRound,
    QueryRelay,
    QueryTicket,
    VoiceReaction,
)
from relbot.models.enrolment import RequestStatus
from relbot.models.pulse import DeliveryStatus
from tests.directory_data import OFFICER, PROVIDER
from tests.privacy.activity import EMAIL, NAME, START, create_activity
from tests.test_cli import relbot

SECRETS = (PROVIDER, NAME, EMAIL)


def _everything(engine: Engine) -> dict[str, list[str]]:
    """Every row of every table, stringified."""
    with engine.connect() as connection:
        return {
            table.name: [str(tuple(row)) for row in connection.execute(select(table))]
            for table in Base.metadata.sorted_tables
        }


def _figures(session: Session) -> tuple[RoundReport, list[DepartmentTimes]]:
    pulse = session.scalars(select(PulseRound)).one()
    settings = Settings(_env_file=None)
    table = response_table(
        session=session,
        start=START - timedelta(days=1),
        end=START + timedelta(days=30),
        calendar=settings.working_calendar(range(2025, 2028)),
    )
    return round_report(session=session, round_id=pulse.id, min_group=5), table


def _env(engine: Engine) -> dict[str, str]:
    return {"RELBOT_DATABASE_URL": engine.url.render_as_string(hide_password=False)}


def test_forget_leaves_no_trace_and_keeps_the_figures(
    engine: Engine, sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        create_activity(session, tmp_path)
    before = _everything(engine)
    assert all(rows for rows in before.values()), [t for t, rows in before.items() if not rows]
    everywhere = " ".join(row for rows in before.values() for row in rows)
    assert all(secret in everywhere for secret in SECRETS)
    with sessions.begin() as session:
        figures = _figures(session)

    done = relbot("forget", PROVIDER, "--yes", env=_env(engine))

    assert done.returncode == 0, done.stderr
    assert f"Erased {PROVIDER}:" in done.stdout
    after = _everything(engine)
    for table, rows in after.items():
        for row in rows:
            for secret in SECRETS:
                assert secret not in row, f"{secret!r} left in {table}: {row}"
    with sessions.begin() as session:
        assert _figures(session) == figures
        ticket = session.scalars(select(QueryTicket).order_by(QueryTicket.id)).first()
        assert ticket is not None and ticket.text == REDACTED and ticket.asker_id is None
        assert ticket.first_response_working_minutes == 180
        relays = session.scalars(select(QueryRelay).order_by(QueryRelay.id)).all()
        # Their DM with relbot is named nowhere (its id leads back to them); a peer's stays.
        everywhere_after = " ".join(row for rows in after.values() for row in rows)
        assert "D0QDM0" not in everywhere_after and "D0QDM1" in everywhere_after
        assert ticket.dm_channel is None and ticket.dm_status is DeliveryStatus.FAILED
        assert (relays[0].text, relays[0].status.value) == ("", "failed")  # never posted
        assert relays[1].text == "Peer Provider 1 here, still waiting"
        erasure = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "privacy.forget")
        ).one()
        assert erasure.actor.startswith("cli")
        assert erasure.detail["rows"]["must_have"] == 3  # two removed, one naming her
        assert session.scalars(select(MustHave.text)).all() == ["Thanks to [name removed]"]
        assert erasure.detail["rows"]["voice_reaction"] == 1
        assert erasure.detail["rows"]["enrolment_request"] == 1
        assert session.scalars(select(EnrolmentRequest)).all() == []
        assert erasure.detail["erasure"] in done.stdout
        assert session.scalar(select(Person).where(Person.name == NAME)) is None
        notes = session.scalars(select(ActionUpdate.note).order_by(ActionUpdate.id)).all()
        assert notes == ["", "Weekly payment runs started; thanks to [name removed] for raising it"]


def test_an_owner_forgotten_leaves_the_action_and_the_text_of_their_updates(
    engine: Engine, sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        create_activity(session, tmp_path)
        olus = Action.title == "Pay every invoice within 14 days"
        department_id = session.scalars(select(Action.department_id).where(olus)).one()
    note = f"Weekly payment runs started; thanks to {NAME} for raising it"

    exported = relbot("export-user", OFFICER, env=_env(engine))
    done = relbot("forget", OFFICER, "--yes", env=_env(engine))

    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    [owned] = data["actions_owned_or_created"]
    assert (owned["title"], owned["status"], owned["created_by"]) == (
        "Pay every invoice within 14 days",
        "in_progress",
        OFFICER,
    )
    assert [a["kind"] for a in owned["answers"]] == ["dimension", "voice"]
    assert [(u["status"], u["note"]) for u in data["action_updates_written"]] == [
        ("planned", ""),
        ("in_progress", note),
    ]
    [told] = data["drop_alerts_sent_to_them"]
    assert (told["channel"], told["alert"]["label"]) == (OFFICER, "Finance")
    assert done.returncode == 0, done.stderr
    with sessions.begin() as session:
        action = session.scalars(select(Action).where(olus)).one()
        assert action.owner_id is None and action.department_id == department_id
        assert action.title == "Pay every invoice within 14 days"
        assert action.created_by.startswith("erased-")
        assert [(u.note, u.author_id) for u in action.updates] == [("", None), (note, None)]
        erasure = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "privacy.forget")
        ).one()
        assert (erasure.detail["rows"]["action"], erasure.detail["rows"]["action_update"]) == (
            1 + 1,  # the owner removed, and the id of who created it
            2,
        )
    for table, rows in _everything(engine).items():
        assert not [row for row in rows if "Olu Okafor" in row or OFFICER in row], table


def test_export_user_writes_every_kind_of_data(
    engine: Engine, sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        create_activity(session, tmp_path)
    before = _everything(engine)

    printed = relbot("export-user", PROVIDER, env=_env(engine))
    written = relbot("export-user", PROVIDER, "-o", str(tmp_path / "me.json"), env=_env(engine))

    assert printed.returncode == 0, printed.stderr
    assert written.returncode == 0, written.stderr
    data = json.loads(printed.stdout)
    assert (
        json.loads((tmp_path / "me.json").read_text(encoding="utf-8"))["person"] == data["person"]
    )
    assert data["person"]["name"] == NAME and data["person"]["email"] == EMAIL
    assert data["organisation"] == "Oak Home Care"
    assert len(data["pulse_invitations"]) == 1
    [response] = data["pulse_responses"]
    assert NAME in response["comment"] and len(response["answers"]) == 8
    assert response["department_answers"]
    assert [a["score"] for a in response["follow_up_answers"]] == [0]  # "not noticed"
    assert len(data["pulse_rounds_opened"]) == 1
    [asked] = data["queries_asked"]
    assert "Invoice 42" in asked["text"] and len(asked["events"]) == 4
    assert {e["kind"] for e in data["query_events_acted_in"]} == {"logged", "replied"}
    [relayed] = data["query_messages_relayed"]
    assert relayed["text"] == f"{NAME} here, still waiting"
    assert sorted(m["text"] for m in data["must_haves"]) == [f"Call me, {NAME}", "Pay on time"]
    assert data["must_haves"][0]["collection"] == "2026 Q1"
    assert [item["text"] for item in data["voice_items"]] == [
        f"{NAME} from Oak: late payments again"
    ]
    assert [r["name"] for r in data["voice_reactions"]] == ["+1"]
    assert {a["action"] for a in data["audit_entries"]} == {"profile.update", "directory.note"}
    [request] = data["enrolment_requests"]
    assert (request["name"], request["status"], request["organisation"]) == (
        NAME,
        "approved",
        "Oak Home Care",
    )
    assert _everything(engine) == before


def test_an_unknown_user_changes_nothing(
    engine: Engine, sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        create_activity(session, tmp_path)
    before = _everything(engine)

    forgotten = relbot("forget", "UNOBODY01", "--yes", env=_env(engine))
    exported = relbot("export-user", "UNOBODY01", env=_env(engine))
    unconfirmed = relbot("forget", PROVIDER, env=_env(engine))

    assert forgotten.returncode == exported.returncode == unconfirmed.returncode == 1
    assert "relbot holds nothing about Slack user id 'UNOBODY01'" in forgotten.stderr
    assert "nothing was changed" in forgotten.stderr
    assert "relbot holds nothing about Slack user id 'UNOBODY01'" in exported.stderr
    assert "--yes" in unconfirmed.stderr
    assert _everything(engine) == before


def test_someone_not_in_the_directory_is_exported_and_forgotten_too(
    engine: Engine, sessions: SessionFactory, tmp_path: Path
) -> None:
    """A guest who only reacted in the provider-voice channel, and was mentioned once."""
    guest = "UGUEST0042"
    with sessions.begin() as session:
        create_activity(session, tmp_path)
        session.add(
            VoiceReaction(
                channel="C0VOICE",
                ts="1772442200.000001",
                slack_user_id=guest,
                name="heart",
                changed_ts="1772442201.000009",
            )
        )
        record_admin_action(
            session=session, actor="UADMIN001", action="directory.note", detail={"user": guest}
        )
    others = {t: [r for r in rows if guest not in r] for t, rows in _everything(engine).items()}

    exported = relbot("export-user", guest, env=_env(engine))
    forgotten = relbot("forget", guest, "--yes", env=_env(engine))

    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["person"] is None and data["must_haves"] == []
    assert [r["name"] for r in data["voice_reactions"]] == ["heart"]
    assert [a["detail"] for a in data["audit_entries"]] == [{"user": guest}]
    assert forgotten.returncode == 0, forgotten.stderr
    assert f"Erased {guest}: 2 rows changed or removed" in forgotten.stdout
    after = _everything(engine)
    assert not any(guest in row for rows in after.values() for row in rows)
    for table, rows in others.items():  # no one else's rows touched, one erasure recorded
        assert set(rows) <= set(after[table]), table
    with sessions.begin() as session:
        erasure = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "privacy.forget")
        ).one()
        assert erasure.detail["rows"] == {"audit_entry": 1, "voice_reaction": 1}


def test_someone_waiting_to_join_is_exported_and_forgotten(
    engine: Engine, sessions: SessionFactory, tmp_path: Path
) -> None:
    """Their request to join holds the details they gave, their name among them."""
    waiting = "UWAITING01"
    with sessions.begin() as session:
        create_activity(session, tmp_path)
        session.add(
            EnrolmentRequest(
                slack_user_id=waiting,
                team_id="T0ELMCARE",
                name="Wendy Waite",
                organisation="Elm Care",
                status=RequestStatus.PENDING,
            )
        )
    others = {t: [r for r in rows if waiting not in r] for t, rows in _everything(engine).items()}

    exported = relbot("export-user", waiting, env=_env(engine))
    forgotten = relbot("forget", waiting, "--yes", env=_env(engine))

    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["person"] is None
    assert [(r["name"], r["status"]) for r in data["enrolment_requests"]] == [
        ("Wendy Waite", "pending")
    ]
    assert forgotten.returncode == 0, forgotten.stderr
    after = _everything(engine)
    assert not any(waiting in row or "Wendy" in row for rows in after.values() for row in rows)
    for table, rows in others.items():
        assert set(rows) <= set(after[table]), table
    with sessions.begin() as session:
        erasure = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "privacy.forget")
        ).one()
        assert erasure.detail["rows"] == {"enrolment_request": 1}


def test_a_snapshot_that_would_single_someone_out_is_dropped(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    longer = PROVIDER + "XY"  # Slack ids differ in length: one can start another
    with sessions.begin() as session:
        create_activity(session, tmp_path)
        session.add(
            VoiceReaction(
                channel="C0V", ts="1.2", slack_user_id=longer, name="+1", changed_ts="1.3"
            )
        )
        record_admin_action(session=session, actor=longer, action="profile.update", detail={})
        priya = session.scalars(select(Person).where(Person.slack_user_id == PROVIDER)).one()
        priya_id = priya.id
        forget_person(
            session=session,
            slack_user_id="UOFFI0001",
            actor="cli:test",
            min_group=5,
            now=datetime.now(UTC),
        )
        officer = session.scalars(
            select(PulseResponse).where(PulseResponse.side == "officer")
        ).one()
        assert officer.person_id is None and officer.department_id is None
        assert officer.position is None and officer.comment is None
        forget_person(
            session=session, slack_user_id=PROVIDER, actor="cli:test", min_group=5, now=START
        )
        kept = session.scalars(
            select(PulseResponse).where(
                PulseResponse.person_id.is_(None), PulseResponse.side == "provider"
            )
        ).one()
        assert kept.area is not None and kept.position is not None
        assert session.get(Person, priya_id) is not None
        assert longer in session.scalars(select(VoiceReaction.slack_user_id)).all()
        assert session.scalars(select(AuditEntry).where(AuditEntry.actor == longer)).one()
