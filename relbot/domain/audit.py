"""The audit log: every admin action leaves a row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relbot.models import AuditEntry, JobRun


def record_admin_action(
    *, session: Session, actor: str, action: str, detail: dict[str, Any]
) -> None:
    """Write one audit entry in the caller's transaction."""
    session.add(AuditEntry(actor=actor, action=action, detail=detail))


def claim_job_run(*, session: Session, job: str, slot: str) -> bool:
    """Record that `job` ran for `slot`; False when it already had (by any process)."""
    try:
        with session.begin_nested():
            session.add(JobRun(job=job, slot=slot))
            session.flush()
    except IntegrityError:
        return False
    return True


def release_job_run(*, session: Session, job: str, slot: str) -> None:
    """Withdraw the claim on `job` for `slot`, whose work surely did not happen, so that a
    later run can do it."""
    session.execute(delete(JobRun).where(JobRun.job == job, JobRun.slot == slot))


def job_ran(*, session: Session, job: str, slot: str) -> bool:
    """Whether `job` has already been claimed for `slot` (by any process)."""
    query = select(JobRun.id).where(JobRun.job == job, JobRun.slot == slot)
    return session.scalar(query) is not None
