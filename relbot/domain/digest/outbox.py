"""The digest's row: written before Slack is called, so a week's digest is posted at most once.

A row that stays SENDING was cut off mid-post: Slack may have the message, so it is never
sent again by itself. A FAILED row is one Slack refused, so nothing was posted and it may be
tried again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relbot.domain.digest.data import DigestWeek
from relbot.models import Digest
from relbot.models.pulse import DeliveryStatus

ERROR_KEY = "error"
CHART_KEY = "chart_file_id"


@dataclass(frozen=True)
class DigestRecord:
    """Where a week's digest for one channel stands."""

    digest_id: int
    status: DeliveryStatus
    message_ts: str | None
    created_at: datetime
    posted_at: datetime | None
    error: str | None


def find(*, session: Session, week: DigestWeek, channel: str) -> DigestRecord | None:
    """The week's row for this channel, if any."""
    row = session.scalars(
        select(Digest).where(
            Digest.iso_year == week.year, Digest.iso_week == week.week, Digest.channel == channel
        )
    ).one_or_none()
    return _record(row) if row is not None else None


def claim(
    *,
    session: Session,
    week: DigestWeek,
    channel: str,
    figures: dict[str, Any],
    retry: frozenset[str] | None = None,
) -> DigestRecord | None:
    """Take the week's digest for this channel (a new row, SENDING); None when another
    attempt has it. A FAILED row is taken over when `retry` is None (any refusal) or names
    its error."""
    try:
        with session.begin_nested():
            row = Digest(
                iso_year=week.year,
                iso_week=week.week,
                channel=channel,
                status=DeliveryStatus.SENDING,
                figures=figures,
            )
            session.add(row)
            session.flush()
        return _record(row)
    except IntegrityError:
        pass
    existing = find(session=session, week=week, channel=channel)
    if existing is None or existing.status is not DeliveryStatus.FAILED:
        return None
    if retry is not None and existing.error not in retry:
        return None
    taken = session.execute(
        update(Digest)
        .where(Digest.id == existing.digest_id, Digest.status == DeliveryStatus.FAILED)
        .values(status=DeliveryStatus.SENDING, figures=figures)
        .execution_options(synchronize_session=False)
    )
    if getattr(taken, "rowcount", 0) != 1:
        return None  # another process took it over first
    return find(session=session, week=week, channel=channel)


def mark_sent(*, session: Session, digest_id: int, ts: str, now: datetime) -> None:
    """Slack has the message."""
    row = session.get_one(Digest, digest_id)
    row.status, row.message_ts, row.posted_at = DeliveryStatus.SENT, ts, now


def mark_failed(*, session: Session, digest_id: int, error: str) -> None:
    """Slack refused the message: nothing was posted."""
    row = session.get_one(Digest, digest_id)
    row.status = DeliveryStatus.FAILED
    row.figures = {**row.figures, ERROR_KEY: error}


def mark_chart(*, session: Session, digest_id: int, file_id: str) -> None:
    """The chart was shared with the message."""
    row = session.get_one(Digest, digest_id)
    row.figures = {**row.figures, CHART_KEY: file_id}


def _record(row: Digest) -> DigestRecord:
    error = row.figures.get(ERROR_KEY) if row.status is DeliveryStatus.FAILED else None
    return DigestRecord(row.id, row.status, row.message_ts, row.created_at, row.posted_at, error)
