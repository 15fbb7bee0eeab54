"""Small reads several listeners share."""

from __future__ import annotations

from sqlalchemy import select

from relbot.db import session_scope
from relbot.models import Department
from relbot.slack.deps import Deps


def departments_by_id(deps: Deps) -> dict[int, str]:
    """Active departments for a select menu, alphabetically."""
    with session_scope(deps.sessions) as session:
        rows = session.execute(
            select(Department.id, Department.name)
            .where(Department.active)
            .order_by(Department.name_key)
        )
        return dict(rows.all())
