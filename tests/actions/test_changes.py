"""Officers make actions and move them on; the rules hold on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from relbot.analysis.worktime import WorkingCalendar
from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.actions import (
    ActionError,
    Answer,
    Editor,
    create_action,
    editor_for,
    parse_answer,
    parse_status,
    update_action,
)
from relbot.domain.voice.items import refresh_thread
from relbot.domain.voice.summary import unanswered
from relbot.models import (
    Action,
    ActionStatus,
    ActionTarget,
    ActionUpdate,
    AuditEntry,
    Department,
    MustHaveCategory,
    Person,
    TargetKind,
)
from tests.actions.council import ADMIN_EDITOR, NOW, TODAY, VOICE, add, council, voice_item
from tests.directory_data import OFFICER, PROVIDER, STRANGER

ADMIN = "UADMIN001"


def _calendar() -> WorkingCalendar:
    return Settings(_env_file=None).working_calendar(range(2026, 2029))


def test_an_action_answers_what_it_names_and_belongs_to_its_owners_department(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        council(session, tmp_path)
        item = voice_item(session)
        action = add(
            session,
            "  Pay every   invoice within 14 days ",
            (TargetKind.DIMENSION, "Information_Sharing"),
            (TargetKind.DEPARTMENT, "payments"),  # an alias of Finance
            (TargetKind.CATEGORY, "payments AND finance"),
            (TargetKind.VOICE, str(item.id)),
            (TargetKind.DIMENSION, "information_sharing"),  # named twice, kept once
        )
        number = action.id
    with sessions.begin() as session:
        action = session.get_one(Action, number)
        finance = session.scalars(select(Department).where(Department.name == "Finance")).one()
        payments = session.scalars(
            select(MustHaveCategory).where(MustHaveCategory.label == "Payments and finance")
        ).one()
        olu = session.scalars(select(Person).where(Person.slack_user_id == OFFICER)).one()
        assert action.title == "Pay every invoice within 14 days"
        assert (action.owner_id, action.department_id) == (olu.id, finance.id)
        assert (action.status, action.due_on, action.created_by) == (
            ActionStatus.PLANNED,
            date(2027, 3, 31),
            "cli:operator",
        )
        assert [(t.kind, t.value) for t in action.targets] == [
            (TargetKind.DIMENSION, "information_sharing"),
            (TargetKind.DEPARTMENT, str(finance.id)),
            (TargetKind.CATEGORY, str(payments.id)),
            (TargetKind.VOICE, str(item.id)),
        ]
        assert [(u.status, u.note, u.at) for u in action.updates] == [
            (ActionStatus.PLANNED, "", NOW)
        ]
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert audit is not None
        assert (audit.actor, audit.action, audit.detail) == (
            "cli:operator",
            "action.create",
            {"action": number},
        )


def test_a_chosen_department_wins_over_the_owners(sessions: SessionFactory, tmp_path: Path) -> None:
    with sessions.begin() as session:
        council(session, tmp_path)
        action = create_action(
            session=session,
            editor=ADMIN_EDITOR,
            title="Name a safeguarding contact for each provider",
            owner=OFFICER,
            due=TODAY,  # today is not in the past
            answers=[Answer(TargetKind.DIMENSION, "roles")],
            today=TODAY,
            now=NOW,
            department="SAFEGUARDING",
        )
        assert action.department_id == session.scalar(
            select(Department.id).where(Department.name == "Safeguarding")
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "   "}, "Give the action a title of 1 to 200 characters."),
        ({"title": "x" * 201}, "Give the action a title of 1 to 200 characters."),
        ({"owner": STRANGER}, f"{STRANGER} is not in relbot's directory; import them first."),
        (
            {"owner": PROVIDER},
            f"Priya Patel ({PROVIDER}) is not an active council officer; an action's owner "
            "must be one.",
        ),
        ({"due": TODAY - timedelta(days=1)}, "The due date 2027-02-28 has passed"),
        ({"answers": []}, "Say what the action answers"),
        (
            {"answers": [Answer(TargetKind.DIMENSION, "happiness")]},
            "'happiness' is not a dimension; use one of trust, information_sharing, inclusion, "
            "strategic_clarity, responsiveness, managing_conflicts, roles, integrated_working.",
        ),
        (
            {"answers": [Answer(TargetKind.DEPARTMENT, "Highways")]},
            "'Highways' is not a department; use one of: Finance, Safeguarding, Sourcing and "
            "Placements.",
        ),
        (
            {"answers": [Answer(TargetKind.CATEGORY, "Parking")]},
            "'Parking' is not a category; use one of: Better cooperation and collaboration;",
        ),
        ({"answers": [Answer(TargetKind.VOICE, "999")]}, "There is no provider-voice item 999."),
        ({"answers": [Answer(TargetKind.VOICE, "99999999999")]}, "There is no provider-voice"),
        ({"department": "Highways"}, "'Highways' is not a department"),
    ],
)
def test_a_wrong_part_refuses_the_action_and_writes_nothing(
    sessions: SessionFactory, tmp_path: Path, change: dict[str, object], message: str
) -> None:
    with sessions.begin() as session:
        council(session, tmp_path)
    given: dict[str, object] = {
        "title": "Pay on time",
        "owner": OFFICER,
        "due": TODAY,
        "answers": [Answer(TargetKind.DIMENSION, "trust")],
        **change,
    }
    with sessions.begin() as session, pytest.raises(ActionError) as refused:
        create_action(session=session, editor=ADMIN_EDITOR, today=TODAY, now=NOW, **given)  # type: ignore[arg-type]
    assert str(refused.value).startswith(message)
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Action)) == 0
        assert session.scalar(select(func.count()).select_from(ActionTarget)) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "trust",
            "'trust' is not KIND:VALUE (KIND one of dimension, department, category, voice).",
        ),
        ("dimension:", "'dimension:' is not KIND:VALUE"),
        ("theme:trust", "'theme' is not a kind of answer; use one of dimension, department, "),
    ],
)
def test_an_answer_is_kind_colon_value(text: str, message: str) -> None:
    assert parse_answer(" Department : Sourcing and Placements ") == Answer(
        TargetKind.DEPARTMENT, "Sourcing and Placements"
    )
    with pytest.raises(ActionError) as refused:
        parse_answer(text)
    assert str(refused.value).startswith(message)


def test_statuses_are_read_as_people_type_them() -> None:
    assert parse_status("In progress") is ActionStatus.IN_PROGRESS
    assert parse_status("in-progress") is ActionStatus.IN_PROGRESS
    assert parse_status("DONE") is ActionStatus.DONE
    with pytest.raises(ActionError, match="'finished' is not a status; use one of planned, "):
        parse_status("finished")


def test_each_change_is_an_update_and_closing_and_reopening_keep_their_times(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    hour = timedelta(hours=1)
    with sessions.begin() as session:
        council(session, tmp_path)
        number = add(session).id
        olu = editor_for(session=session, slack_user_id=OFFICER, admins=())
        steps = [
            (ActionStatus.IN_PROGRESS, "Weekly payment runs from April"),
            (ActionStatus.IN_PROGRESS, "First weekly run went out"),  # a note, no move
            (ActionStatus.DONE, ""),
            (ActionStatus.PLANNED, "Reopened: two invoices slipped"),
            (ActionStatus.IN_PROGRESS, ""),
            (ActionStatus.DROPPED, "Replaced by a new payments system"),
            (ActionStatus.DONE, "Done after all, by the new system"),
            (ActionStatus.DONE, "Still paid on time"),
        ]
        seen = []
        for step, (status, note) in enumerate(steps, start=1):
            update_action(
                session=session,
                editor=olu,
                action_id=number,
                status=status,
                note=note,
                now=NOW + step * hour,
            )
            action = session.get_one(Action, number)
            seen.append((action.status, action.started_at, action.closed_at))
    assert seen == [
        (ActionStatus.IN_PROGRESS, NOW + hour, None),
        (ActionStatus.IN_PROGRESS, NOW + hour, None),
        (ActionStatus.DONE, NOW + hour, NOW + 3 * hour),
        (ActionStatus.PLANNED, NOW + hour, None),
        (ActionStatus.IN_PROGRESS, NOW + hour, None),  # started once
        (ActionStatus.DROPPED, NOW + hour, NOW + 6 * hour),
        (ActionStatus.DONE, NOW + hour, NOW + 7 * hour),
        (ActionStatus.DONE, NOW + hour, NOW + 7 * hour),  # a note keeps when it closed
    ]
    with sessions.begin() as session:
        updates = session.scalars(select(ActionUpdate).order_by(ActionUpdate.id)).all()
        author = session.scalar(select(Person.id).where(Person.slack_user_id == OFFICER))
        assert [(u.status, u.note) for u in updates] == [(ActionStatus.PLANNED, ""), *steps]
        assert {u.author_id for u in updates[1:]} == {author}


def test_the_same_status_without_a_note_changes_nothing(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        council(session, tmp_path)
        number = add(session).id
    with sessions.begin() as session, pytest.raises(ActionError) as refused:
        update_action(
            session=session,
            editor=ADMIN_EDITOR,
            action_id=number,
            status=ActionStatus.PLANNED,
            note="  ",
            now=NOW,
        )
    assert str(refused.value) == f"Action {number} is already planned; add a note to update it."
    with sessions.begin() as session, pytest.raises(ActionError, match=r"There is no action 77\."):
        update_action(
            session=session,
            editor=ADMIN_EDITOR,
            action_id=77,
            status=ActionStatus.DONE,
            now=NOW,
        )
    with sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(ActionUpdate)) == 1


def test_only_officers_and_admins_may_change_actions(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        council(session, tmp_path)
        olu = session.scalars(select(Person).where(Person.slack_user_id == OFFICER)).one()
        assert editor_for(session=session, slack_user_id=OFFICER, admins=()) == Editor(
            OFFICER, olu.id
        )
        assert editor_for(session=session, slack_user_id=ADMIN, admins=(ADMIN,)) == Editor(ADMIN)
        for who in (PROVIDER, STRANGER):
            with pytest.raises(ActionError) as refused:
                editor_for(session=session, slack_user_id=who, admins=(ADMIN,))
            assert str(refused.value) == (
                "Only council officers and relbot admins can change actions."
            )
        olu.active = False
        with pytest.raises(ActionError):
            editor_for(session=session, slack_user_id=OFFICER, admins=())


def test_a_voice_item_made_part_of_an_action_is_answered_and_stays_so(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    calendar = _calendar()
    with sessions.begin() as session:
        council(session, tmp_path)
        item = voice_item(session)
        start = NOW - timedelta(days=7)
        waiting = unanswered(session=session, start=start, end=NOW, calendar=calendar)
        assert [i.item_id for i in waiting] == [item.id]
        add(session, "Pay on time", (TargetKind.VOICE, str(item.id)))
        assert (item.action_linked_at, item.officer_answered_at) == (NOW, NOW)
        # A later look at the thread (a reply deleted, say) keeps it answered.
        refresh_thread(session=session, channel=VOICE, thread_ts=item.ts)
        assert item.officer_answered_at == NOW
        later = NOW + timedelta(minutes=1)
        assert unanswered(session=session, start=start, end=later, calendar=calendar) == []
