"""What officers and providers see of actions, and the week's changes for the digest."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.action_views import (
    PublicAction,
    list_actions,
    provider_view,
    week_of_actions,
)
from relbot.domain.actions import Answer, add_answers, update_action, voice_items_in_actions
from relbot.models import ActionStatus, TargetKind
from tests.actions.council import ADMIN_EDITOR, NOW, TODAY, add, council, voice_item

DAY = timedelta(days=1)


def _three(sessions: SessionFactory, folder: Path) -> tuple[int, int, int, int]:
    """Three actions: one answering a provider's item, one due Saturday 6 March, one dropped;
    and the voice item's id."""
    with sessions.begin() as session:
        council(session, folder)
        item = voice_item(session).id
        paid = add(
            session,
            "Pay every invoice within 14 days",
            (TargetKind.VOICE, str(item)),
            (TargetKind.CATEGORY, "Payments and finance"),
            (TargetKind.DIMENSION, "trust"),
            due=date(2027, 3, 31),
        ).id
        contacts = add(
            session,
            "Publish a contact list",
            (TargetKind.DEPARTMENT, "Sourcing and Placements"),
            (TargetKind.DIMENSION, "roles"),
            owner="UOFFI0003",
            due=date(2027, 3, 6),
        ).id
        dropped = add(session, "A forum nobody wanted", due=date(2027, 3, 2)).id
        update_action(
            session=session,
            editor=ADMIN_EDITOR,
            action_id=paid,
            status=ActionStatus.IN_PROGRESS,
            note="Weekly payment runs from April",
            now=NOW + DAY,
        )
        update_action(
            session=session,
            editor=ADMIN_EDITOR,
            action_id=dropped,
            status=ActionStatus.DROPPED,
            note="No provider asked for it",
            now=NOW + DAY,
        )
    return paid, contacts, dropped, item


def test_providers_see_what_was_heard_in_aggregate_and_the_owner_only_if_allowed(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    paid, contacts, _, _ = _three(sessions, tmp_path)
    with sessions.begin() as session:
        hidden = provider_view(session=session, today=TODAY + DAY, show_owner=False)
        shown = provider_view(session=session, today=date(2027, 3, 9), show_owner=True)
    assert hidden == [
        PublicAction(
            id=contacts,
            title="Publish a contact list",
            answers=("Sourcing and Placements", "Understanding of roles and responsibilities"),
            department="Safeguarding",
            owner=None,
            status=ActionStatus.PLANNED,
            due_on=date(2027, 3, 6),
            overdue=False,
            latest_update=None,
            latest_update_at=None,
        ),
        PublicAction(
            id=paid,
            title="Pay every invoice within 14 days",
            answers=("something providers raised", "Payments and finance", "Trust"),
            department="Finance",
            owner=None,
            status=ActionStatus.IN_PROGRESS,
            due_on=date(2027, 3, 31),
            overdue=False,
            latest_update="Weekly payment runs from April",
            latest_update_at=NOW + DAY,
        ),
    ]  # the dropped one is not shown, and nothing says who raised the item
    assert [(a.owner, a.overdue) for a in shown] == [("Sian Shah", True), ("Olu Okafor", False)]
    assert "Priya" not in repr(hidden + shown)


def test_officers_list_every_action_open_first_with_overdue_by_the_calendar(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    paid, contacts, dropped, item = _three(sessions, tmp_path)
    calendar = Settings(_env_file=None).working_calendar(range(2026, 2029))
    with sessions.begin() as session:
        every = list_actions(session=session, today=date(2027, 3, 8))
        views = list_actions(session=session, today=date(2027, 3, 8), calendar=calendar)
        later = list_actions(session=session, today=date(2027, 3, 9), calendar=calendar)
        still_open = list_actions(session=session, today=date(2027, 3, 9), open_only=True)
    assert [v.id for v in every] == [contacts, paid, dropped]
    # Due on Saturday: by the plain date overdue on Monday, by the working week from Tuesday.
    assert [v.overdue for v in every] == [True, False, False]
    assert [v.overdue for v in views] == [False, False, False]
    assert [v.overdue for v in later] == [True, False, False]
    assert [v.id for v in still_open] == [contacts, paid]
    first = every[1]
    assert (first.owner, first.owner_slack_id, first.department) == (
        "Olu Okafor",
        "UOFFI0001",
        "Finance",
    )
    assert [(t.kind, t.label) for t in first.targets] == [
        (TargetKind.VOICE, f"provider-voice item {item}"),
        (TargetKind.CATEGORY, "Payments and finance"),
        (TargetKind.DIMENSION, "Trust"),
    ]


def test_the_week_says_what_started_was_updated_finished_and_is_overdue(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    paid, contacts, dropped, _ = _three(sessions, tmp_path)
    week = (
        datetime(2027, 3, 8, 0, 0, tzinfo=NOW.tzinfo),
        datetime(2027, 3, 15, 0, 0, tzinfo=NOW.tzinfo),
    )
    with sessions.begin() as session:
        first = week_of_actions(session=session, start=NOW - DAY, end=NOW + 7 * DAY, today=TODAY)
        update_action(
            session=session,
            editor=ADMIN_EDITOR,
            action_id=paid,
            status=ActionStatus.DONE,
            note="Every invoice paid within 14 days since April",
            now=week[0] + DAY,
        )
        update_action(
            session=session,
            editor=ADMIN_EDITOR,
            action_id=dropped,
            status=ActionStatus.DROPPED,
            note="Asked again: still no one wants it",
            now=week[0] + DAY,
        )
        second = week_of_actions(
            session=session, start=week[0], end=week[1], today=date(2027, 3, 15)
        )
    assert [v.id for v in first.started] == [paid]
    assert [v.id for v in first.updated] == [dropped]  # dropped, with a note
    assert (first.done, first.overdue) == ((), ())
    assert (second.started, [v.id for v in second.done]) == ((), [paid])
    assert [v.id for v in second.updated] == [dropped]
    assert [v.id for v in second.overdue] == [contacts]


def test_items_made_part_of_actions_say_which(sessions: SessionFactory, tmp_path: Path) -> None:
    paid, contacts, _, item = _three(sessions, tmp_path)
    with sessions.begin() as session:
        add_answers(
            session=session,
            editor=ADMIN_EDITOR,
            action_id=contacts,
            answers=[Answer(TargetKind.VOICE, str(item)), Answer(TargetKind.DIMENSION, "roles")],
            now=NOW + 2 * DAY,
        )
        found = voice_items_in_actions(session=session, item_ids=[item, item + 1])
        kinds = [t.kind for t in list_actions(session=session, today=TODAY)[0].targets]
        linked = voice_item(session).action_linked_at
    assert found == {item: [paid, contacts]}
    assert kinds == [TargetKind.DEPARTMENT, TargetKind.DIMENSION, TargetKind.VOICE]
    assert linked == NOW  # the first action it became part of
