"""Closing the loop: officers' actions on what they heard, their updates and reminders.

Only officers and admins change actions; providers see them through `provider_view`,
which names what an action answers in aggregate words and never who raised it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from relbot.analysis.worktime import WorkingCalendar
from relbot.domain.audit import record_admin_action
from relbot.domain.directory import find_department
from relbot.models import (
    Action,
    ActionStatus,
    ActionTarget,
    ActionUpdate,
    Department,
    MustHaveCategory,
    Person,
    TargetKind,
    VoiceItem,
)
from relbot.models.actions import CLOSED_STATUSES, TITLE_MAX
from relbot.models.enums import Side
from relbot.models.pulse import Dimension

REMIND_EVERY_DAYS = 7
RAISED_BY_PROVIDERS = "something providers raised"


class ActionError(ValueError):
    """An action cannot be made or changed as asked; the message says why in plain words."""


@dataclass(frozen=True)
class Editor:
    """Who changes an action: a Slack user id (or `cli...`) and their directory row, if any."""

    by: str
    person_id: int | None = None


@dataclass(frozen=True)
class Answer:
    """What an action answers, as someone named it: `dimension:trust`, `department:Finance`."""

    kind: TargetKind
    value: str


def parse_answer(text: str) -> Answer:
    """`KIND:VALUE` read into an Answer; ActionError naming the kinds when it is not one."""
    kind, colon, value = text.partition(":")
    kinds = ", ".join(k.value for k in TargetKind)
    if not colon or not value.strip():
        raise ActionError(f"{text!r} is not KIND:VALUE (KIND one of {kinds}).")
    try:
        return Answer(TargetKind(kind.strip().lower()), value.strip())
    except ValueError:
        raise ActionError(
            f"{kind.strip()!r} is not a kind of answer; use one of {kinds}."
        ) from None


def editor_for(*, session: Session, slack_user_id: str, admins: Collection[str]) -> Editor:
    """The Slack user as an editor of actions; ActionError unless an officer or an admin."""
    person = session.scalar(select(Person).where(Person.slack_user_id == slack_user_id))
    officer = person is not None and person.active and person.side is Side.OFFICER
    if not officer and slack_user_id not in admins:
        raise ActionError("Only council officers and relbot admins can change actions.")
    return Editor(slack_user_id, person.id if person is not None else None)


def create_action(
    *,
    session: Session,
    editor: Editor,
    title: str,
    owner: str,
    due: date,
    answers: Sequence[Answer],
    today: date,
    now: datetime,
    department: str | None = None,
) -> Action:
    """A new planned action owned by an active officer (by Slack id); the department is the
    owner's unless one is named. Checks everything before writing; flushes."""
    title = " ".join(title.split())
    if not 1 <= len(title) <= TITLE_MAX:
        raise ActionError(f"Give the action a title of 1 to {TITLE_MAX} characters.")
    person = _officer(session, owner)
    if due < today:
        raise ActionError(f"The due date {due:%Y-%m-%d} has passed; choose today or later.")
    if not answers:
        raise ActionError(
            "Say what the action answers: a dimension, a department, a category "
            "or a provider-voice item."
        )
    chosen = person.department_id
    if department is not None:
        found = find_department(session=session, text=department)
        if found is None:
            raise ActionError(_unknown_department(session, department))
        chosen = found.id
    targets = {(kind, value): None for kind, value in _resolved(session, answers)}
    action = Action(
        title=title,
        owner_id=person.id,
        department_id=chosen,
        due_on=due,
        status=ActionStatus.PLANNED,
        created_at=now,
        created_by=editor.by,
    )
    action.targets = [ActionTarget(kind=kind, value=value) for kind, value in targets]
    action.updates = [ActionUpdate(at=now, status=ActionStatus.PLANNED, author_id=editor.person_id)]
    session.add(action)
    session.flush()
    _link_voice(session, action, now)
    record_admin_action(
        session=session, actor=editor.by, action="action.create", detail={"action": action.id}
    )
    session.flush()
    return action


def add_answers(
    *, session: Session, editor: Editor, action_id: int, answers: Sequence[Answer], now: datetime
) -> Action:
    """Link more of what an action answers (a provider-voice item from the summary, say);
    those it already answers are left as they are. Flushes."""
    action = get_action(session=session, action_id=action_id)
    held = {(t.kind, t.value) for t in action.targets}
    for kind, value in _resolved(session, answers):
        if (kind, value) not in held:
            held.add((kind, value))
            action.targets.append(ActionTarget(kind=kind, value=value))
    session.flush()
    _link_voice(session, action, now)
    record_admin_action(
        session=session, actor=editor.by, action="action.answers", detail={"action": action.id}
    )
    session.flush()
    return action


def update_action(
    *,
    session: Session,
    editor: Editor,
    action_id: int,
    status: ActionStatus,
    note: str = "",
    now: datetime,
) -> ActionUpdate:
    """Move an action to `status` with an optional public note, written as one update.

    Done or dropped closes it; back to planned or in progress reopens it; in progress marks
    it started, once. The same status with a note is an update on progress. Flushes."""
    action = get_action(session=session, action_id=action_id)
    note = note.strip()
    if status is action.status and not note:
        raise ActionError(
            f"Action {action.id} is already {label(status)}; add a note to update it."
        )
    if status in CLOSED_STATUSES:
        if status is not action.status or action.closed_at is None:
            action.closed_at = now  # closed now, or done after being dropped
    else:
        action.closed_at = None
    if status is ActionStatus.IN_PROGRESS and action.started_at is None:
        action.started_at = now
    action.status = status
    entry = ActionUpdate(at=now, status=status, note=note, author_id=editor.person_id)
    action.updates.append(entry)
    record_admin_action(
        session=session,
        actor=editor.by,
        action="action.update",
        detail={"action": action.id, "status": status.value},
    )
    session.flush()
    return entry


def get_action(*, session: Session, action_id: int) -> Action:
    """The action with this id; ActionError when there is none."""
    action = session.get(Action, action_id) if 0 < action_id < 2**31 else None
    if action is None:
        raise ActionError(f"There is no action {action_id}.")
    return action


def parse_status(text: str) -> ActionStatus:
    """A status as typed (`in progress`, `In_Progress`); ActionError listing them otherwise."""
    try:
        return ActionStatus("_".join(text.strip().lower().replace("-", " ").split()))
    except ValueError:
        statuses = ", ".join(s.value for s in ActionStatus)
        raise ActionError(f"{text!r} is not a status; use one of {statuses}.") from None


def label(status: ActionStatus) -> str:
    """`in_progress` as people read it: `in progress`."""
    return status.value.replace("_", " ")


def is_overdue(action: Action, today: date, calendar: WorkingCalendar | None = None) -> bool:
    """Open and past its due date; with a calendar, a due date on a day off moves to the
    next working day."""
    if action.status in CLOSED_STATUSES:
        return False
    due = action.due_on
    if calendar is not None:
        while not calendar.is_working_day(due):
            due += timedelta(days=1)
    return due < today


def reminder_occasion(due_on: date, today: date) -> date | None:
    """The latest reminder occasion by `today`: the due date, then every seven days."""
    if today < due_on:
        return None
    return due_on + timedelta(days=(today - due_on).days // REMIND_EVERY_DAYS * REMIND_EVERY_DAYS)


@dataclass(frozen=True)
class ReminderDue:
    """An open action whose owner has not yet been reminded on this occasion."""

    action_id: int
    occasion: date
    title: str
    due_on: date
    owner_slack_id: str
    last_reminded_on: date | None = None  # the occasion before, to put back on a retry


def due_reminders(*, session: Session, today: date) -> list[ReminderDue]:
    """Open actions with an owner, due by `today`, whose latest occasion is not yet claimed."""
    query = (
        select(Action, Person.slack_user_id)
        .join(Person, Action.owner_id == Person.id)
        .where(Action.status.not_in(CLOSED_STATUSES), Action.due_on <= today, Person.active)
        .order_by(Action.due_on, Action.id)
    )
    found = []
    for action, slack_id in session.execute(query):
        occasion = reminder_occasion(action.due_on, today)
        if occasion is not None and (
            action.last_reminded_on is None or action.last_reminded_on < occasion
        ):
            found.append(
                ReminderDue(
                    action.id,
                    occasion,
                    action.title,
                    action.due_on,
                    slack_id,
                    action.last_reminded_on,
                )
            )
    return found


def claim_reminder(*, session: Session, action_id: int, occasion: date) -> bool:
    """Claim the occasion's reminder for this process: one conditional UPDATE, so of two
    processes claiming at once exactly one gets True. Flushes, does not commit."""
    result = session.execute(
        update(Action)
        .where(
            Action.id == action_id,
            Action.status.not_in(CLOSED_STATUSES),
            or_(Action.last_reminded_on.is_(None), Action.last_reminded_on < occasion),
        )
        .values(last_reminded_on=occasion),
        execution_options={"synchronize_session": False},
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


def release_reminder(*, session: Session, reminder: ReminderDue) -> None:
    """Slack said to try later: the occasion goes back to be claimed on the next pass (only
    if no one else has claimed it since). Flushes, does not commit."""
    session.execute(
        update(Action)
        .where(Action.id == reminder.action_id, Action.last_reminded_on == reminder.occasion)
        .values(last_reminded_on=reminder.last_reminded_on),
        execution_options={"synchronize_session": False},
    )
    session.flush()


def voice_items_in_actions(*, session: Session, item_ids: Collection[int]) -> dict[int, list[int]]:
    """For each of these provider-voice items made part of actions, those actions' ids."""
    if not item_ids:
        return {}
    rows = session.execute(
        select(ActionTarget.value, ActionTarget.action_id)
        .where(
            ActionTarget.kind == TargetKind.VOICE,
            ActionTarget.value.in_([str(i) for i in item_ids]),
        )
        .order_by(ActionTarget.action_id)
    )
    found: dict[int, list[int]] = {}
    for value, action_id in rows:
        found.setdefault(int(value), []).append(action_id)
    return found


def _officer(session: Session, slack_user_id: str) -> Person:
    person = session.scalar(select(Person).where(Person.slack_user_id == slack_user_id))
    if person is None:
        raise ActionError(f"{slack_user_id} is not in relbot's directory; import them first.")
    if person.side is not Side.OFFICER or not person.active:
        raise ActionError(
            f"{person.name} ({slack_user_id}) is not an active council officer; "
            "an action's owner must be one."
        )
    return person


def _resolved(session: Session, answers: Sequence[Answer]) -> list[tuple[TargetKind, str]]:
    return [(answer.kind, _resolve(session, answer)) for answer in answers]


def _resolve(session: Session, answer: Answer) -> str:
    """The stored value of what an answer names, or ActionError saying what is known."""
    text = answer.value
    if answer.kind is TargetKind.DIMENSION:
        key = text.lower().replace("-", "_")
        if key not in {d.value for d in Dimension}:
            keys = ", ".join(d.value for d in Dimension)
            raise ActionError(f"{text!r} is not a dimension; use one of {keys}.")
        return key
    if answer.kind is TargetKind.DEPARTMENT:
        department = find_department(session=session, text=text)
        if department is None:
            raise ActionError(_unknown_department(session, text))
        return str(department.id)
    if answer.kind is TargetKind.CATEGORY:
        wanted = " ".join(text.split()).casefold()
        categories = list(session.scalars(select(MustHaveCategory).where(MustHaveCategory.active)))
        for category in categories:
            if wanted in (category.label.casefold(), category.key.casefold()):
                return str(category.id)
        known = "; ".join(c.label for c in sorted(categories, key=lambda c: c.ordinal))
        raise ActionError(f"{text!r} is not a category; use one of: {known or 'none yet'}.")
    item = session.get(VoiceItem, int(text)) if text.isdigit() and len(text) < 10 else None
    if item is None or item.deleted_at is not None:
        raise ActionError(f"There is no provider-voice item {text}.")
    return str(item.id)


def _unknown_department(session: Session, text: str) -> str:
    names = session.scalars(
        select(Department.name).where(Department.active).order_by(Department.name_key)
    )
    return f"{text!r} is not a department; use one of: {', '.join(names) or 'none yet'}."


def _link_voice(session: Session, action: Action, now: datetime) -> None:
    """Items made part of an action count as answered by an officer from now on."""
    ids = [int(t.value) for t in action.targets if t.kind is TargetKind.VOICE]
    for item in session.scalars(select(VoiceItem).where(VoiceItem.id.in_(ids))):
        if item.action_linked_at is None:
            item.action_linked_at = now
        if item.officer_answered_at is None or item.officer_answered_at > now:
            item.officer_answered_at = now
    session.flush()
