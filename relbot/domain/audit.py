"""The audit log: every admin action leaves a row."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from relbot.models import AuditEntry


def record_admin_action(
    *, session: Session, actor: str, action: str, detail: dict[str, Any]
) -> None:
    """Write one audit entry in the caller's transaction."""
    session.add(AuditEntry(actor=actor, action=action, detail=detail))
