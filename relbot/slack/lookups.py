"""Small reads several features share: the departments for a menu, and who relbot knows."""

from __future__ import annotations

from sqlalchemy import select

from relbot.domain.profile import person_by_slack_id
from relbot.models import Department
from relbot.slack.deps import Deps


def departments_by_id(deps: Deps) -> dict[int, str]:
    """Active departments for a select menu, alphabetically."""
    with deps.sessions.begin() as session:
        rows = session.execute(
            select(Department.id, Department.name)
            .where(Department.active)
            .order_by(Department.name_key)
        )
        return dict(rows.all())


def in_directory(deps: Deps, slack_user_id: str) -> bool:
    """Whether relbot knows this person, so a form is only opened for someone who can send it."""
    with deps.sessions.begin() as session:
        return person_by_slack_id(session=session, slack_user_id=slack_user_id) is not None
