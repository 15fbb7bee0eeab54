"""What people see of actions: officers' list, providers' `You said, we did`, the week's
changes for the digest. Plain data; no Slack, no rendering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from relbot.analysis.worktime import WorkingCalendar
from relbot.domain.actions import RAISED_BY_PROVIDERS, is_overdue
from relbot.domain.pulse.questions import TITLES
from relbot.models import (
    Action,
    ActionStatus,
    ActionTarget,
    ActionUpdate,
    Department,
    MustHaveCategory,
    Person,
    TargetKind,
)
from relbot.models.actions import CLOSED_STATUSES
from relbot.models.pulse import Dimension

# Open ones first, those done next, dropped last.
_ORDER = {
    ActionStatus.IN_PROGRESS: 0,
    ActionStatus.PLANNED: 0,
    ActionStatus.DONE: 1,
    ActionStatus.DROPPED: 2,
}


@dataclass(frozen=True)
class TargetView:
    """One thing an action answers: its kind, stored value, and words for officers."""

    kind: TargetKind
    value: str
    label: str


@dataclass(frozen=True)
class UpdateView:
    at: datetime
    status: ActionStatus
    note: str


@dataclass(frozen=True)
class ActionView:
    """An action as officers see it."""

    id: int
    title: str
    status: ActionStatus
    due_on: date
    overdue: bool
    owner: str | None
    owner_slack_id: str | None
    department: str | None
    targets: tuple[TargetView, ...]
    created_at: datetime
    started_at: datetime | None
    closed_at: datetime | None
    latest_update: UpdateView | None  # the latest with a public note


@dataclass(frozen=True)
class PublicAction:
    """An action as providers see it: what was heard in aggregate words, never who said it."""

    id: int
    title: str
    answers: tuple[str, ...]
    department: str | None
    owner: str | None  # only when the council lets providers see it
    status: ActionStatus
    due_on: date
    overdue: bool
    latest_update: str | None
    latest_update_at: datetime | None


@dataclass(frozen=True)
class WeekOfActions:
    """The digest's section: actions started, updated, done and overdue in a week."""

    started: tuple[ActionView, ...]
    updated: tuple[ActionView, ...]
    done: tuple[ActionView, ...]
    overdue: tuple[ActionView, ...]


def list_actions(
    *,
    session: Session,
    today: date,
    open_only: bool = False,
    calendar: WorkingCalendar | None = None,
) -> list[ActionView]:
    """Every action (or the open ones): open first by due date, then done, then dropped."""
    query = select(Action).options(selectinload(Action.targets), selectinload(Action.updates))
    if open_only:
        query = query.where(Action.status.not_in(CLOSED_STATUSES))
    actions = list(session.scalars(query))
    labels = _Labels(session)
    views = [_view(action, labels, today, calendar) for action in actions]
    return sorted(views, key=lambda v: (_ORDER[v.status], v.due_on, v.id))


def provider_view(
    *,
    session: Session,
    today: date,
    show_owner: bool,
    calendar: WorkingCalendar | None = None,
) -> list[PublicAction]:
    """`You said, we did`: every action but the dropped, in the words providers see."""
    shown = []
    for view in list_actions(session=session, today=today, calendar=calendar):
        if view.status is ActionStatus.DROPPED:
            continue
        answers = tuple(
            dict.fromkeys(
                RAISED_BY_PROVIDERS if t.kind is TargetKind.VOICE else t.label for t in view.targets
            )
        )
        latest = view.latest_update
        shown.append(
            PublicAction(
                id=view.id,
                title=view.title,
                answers=answers,
                department=view.department,
                owner=view.owner if show_owner else None,
                status=view.status,
                due_on=view.due_on,
                overdue=view.overdue,
                latest_update=latest.note if latest else None,
                latest_update_at=latest.at if latest else None,
            )
        )
    return shown


def week_of_actions(
    *,
    session: Session,
    start: datetime,
    end: datetime,
    today: date,
    calendar: WorkingCalendar | None = None,
) -> WeekOfActions:
    """Actions started, done, otherwise updated (a status or a note) in [start, end), and
    those overdue on `today`."""
    views = {v.id: v for v in list_actions(session=session, today=today, calendar=calendar)}
    changed = set(
        session.scalars(
            select(ActionUpdate.action_id)
            .join(Action)
            .where(
                ActionUpdate.at >= start, ActionUpdate.at < end, ActionUpdate.at > Action.created_at
            )
        )
    )

    def within(moment: datetime | None) -> bool:
        return moment is not None and start <= moment < end

    started = [v for v in views.values() if within(v.started_at)]
    done = [v for v in views.values() if v.status is ActionStatus.DONE and within(v.closed_at)]
    named = {v.id for v in started + done}
    updated = [v for i, v in views.items() if i in changed and i not in named]
    overdue = [v for v in views.values() if v.overdue]
    return WeekOfActions(tuple(started), tuple(updated), tuple(done), tuple(overdue))


class _Labels:
    """Words for what actions answer, read once per listing."""

    def __init__(self, session: Session) -> None:
        self.departments = {
            str(i): n for i, n in session.execute(select(Department.id, Department.name))
        }
        self.categories = {
            str(i): label
            for i, label in session.execute(select(MustHaveCategory.id, MustHaveCategory.label))
        }
        self.people = {
            i: (name, sid)
            for i, name, sid in session.execute(
                select(Person.id, Person.name, Person.slack_user_id)
            )
        }

    def target(self, target: ActionTarget) -> str:
        if target.kind is TargetKind.DIMENSION:
            return TITLES.get(Dimension(target.value), target.value)
        if target.kind is TargetKind.DEPARTMENT:
            return self.departments.get(target.value, "a former department")
        if target.kind is TargetKind.CATEGORY:
            return self.categories.get(target.value, "a former category")
        return f"provider-voice item {target.value}"

    def department(self, department_id: int | None) -> str | None:
        return self.departments.get(str(department_id)) if department_id is not None else None


def _view(
    action: Action, labels: _Labels, today: date, calendar: WorkingCalendar | None
) -> ActionView:
    owner, owner_sid = (
        labels.people.get(action.owner_id, (None, None)) if action.owner_id else (None, None)
    )
    noted = [u for u in action.updates if u.note]
    latest = max(noted, key=lambda u: (u.at, u.id)) if noted else None
    return ActionView(
        id=action.id,
        title=action.title,
        status=action.status,
        due_on=action.due_on,
        overdue=is_overdue(action, today, calendar),
        owner=owner,
        owner_slack_id=owner_sid,
        department=labels.department(action.department_id),
        targets=tuple(TargetView(t.kind, t.value, labels.target(t)) for t in action.targets),
        created_at=action.created_at,
        started_at=action.started_at,
        closed_at=action.closed_at,
        latest_update=UpdateView(latest.at, latest.status, latest.note) if latest else None,
    )
