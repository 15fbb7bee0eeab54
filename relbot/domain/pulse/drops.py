"""Sharp drops between two closed rounds: found once when a round closes, told once each.

A dimension is compared on the figure of both sides together (the report's overall figure,
the one the digest ranks lowest areas by): it is the health of the relationship, and the
largest group, so the one most often shown. A department is compared on its index as
providers rated it, as the report shows departments. A fall is told only when it is both
larger than the setting and beyond its noise. Only figures the report may show
count: each round's group at or above the minimum group size, nothing suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, aliased

from relbot.analysis.cells import Cell
from relbot.analysis.change import Direction, change_between
from relbot.analysis.pulse import RoundReport
from relbot.domain.audit import claim_job_run, job_ran
from relbot.domain.pulse.questions import TITLES
from relbot.domain.pulse.report import SHOWN_ROUNDS, round_report
from relbot.models import Department, DropAlert, DropAlertPost, DropKind, Person, PulseRound
from relbot.models.enums import Side
from relbot.models.pulse import DeliveryStatus, Dimension

JOB = "pulse.drops"
# A round closed longer ago than this (relbot started, or upgraded, well after) is old news:
# it is checked but not told.
FRESH_DAYS = 14


@dataclass(frozen=True)
class Drop:
    """A fall between two rounds: `key` is the dimension's key or the department's name."""

    kind: DropKind
    key: str
    before: float
    after: float


@dataclass(frozen=True)
class DropNotice:
    """What a message about one drop says, and what its button opens an action for."""

    kind: DropKind
    label: str
    answers: str  # KIND:VALUE, as relbot.domain.actions.parse_answer reads it
    before: float
    after: float
    previous_round: date
    this_round: date


@dataclass(frozen=True)
class WaitingPost:
    post_id: int
    channel: str
    notice: DropNotice


def _fall(before: Cell, after: Cell, threshold: float) -> tuple[float, float] | None:
    """A fall larger than the setting and beyond its noise (the rule of
    `relbot.analysis.change`): a big swing in a small group is not told as a drop."""
    moved = change_between(before, after)
    if moved is None or before.value is None or after.value is None:
        return None  # suppressed (below the minimum group size) or nobody answered
    # Rounded so that a fall of exactly the setting, in floating point, is not "more than" it.
    if round(-moved.value, 6) > threshold and moved.direction is Direction.FELL:
        return before.value, after.value
    return None


def drops_between(previous: RoundReport, current: RoundReport, threshold: float) -> list[Drop]:
    """Every dimension (both sides together) and department index (as providers rated it)
    that fell by more than `threshold`, shown in both rounds."""
    found = []
    for dimension in Dimension:
        fell = _fall(
            previous.overall.dimensions[dimension],
            current.overall.dimensions[dimension],
            threshold,
        )
        if fell is not None:
            found.append(Drop(DropKind.DIMENSION, dimension.value, *fell))
    for name, figures in current.departments.items():
        earlier = previous.departments.get(name)
        if earlier is None:
            continue
        fell = _fall(earlier.measure.index, figures.measure.index, threshold)
        if fell is not None:
            found.append(Drop(DropKind.DEPARTMENT, name, *fell))
    return found


def record_drops(
    *,
    session: Session,
    now: datetime,
    min_group: int,
    threshold: float,
    officers_channel: str | None,
) -> list[DropAlert]:
    """Once per closed round, whoever else is running: compare the latest closed round with
    the one before and write each sharp drop with where it is to be told (the officers'
    channel; a department's decision makers too). Flushes, does not commit."""
    latest = session.scalar(
        select(PulseRound).where(SHOWN_ROUNDS).order_by(PulseRound.id.desc()).limit(1)
    )
    if latest is None or job_ran(session=session, job=JOB, slot=str(latest.id)):
        return []
    if not claim_job_run(session=session, job=JOB, slot=str(latest.id)):
        return []
    previous_id = session.scalar(
        select(func.max(PulseRound.id)).where(PulseRound.id < latest.id, SHOWN_ROUNDS)
    )
    closed = latest.closed_at or latest.closes_at
    if previous_id is None or closed < now - timedelta(days=FRESH_DAYS):
        return []
    found = drops_between(
        round_report(session=session, round_id=previous_id, min_group=min_group),
        round_report(session=session, round_id=latest.id, min_group=min_group),
        threshold,
    )
    alerts = []
    for drop in found:
        alert = _alert(session, drop, latest.id, previous_id, now, officers_channel)
        if alert is not None:
            session.add(alert)
            alerts.append(alert)
    session.flush()
    return alerts


def _alert(
    session: Session,
    drop: Drop,
    round_id: int,
    previous_id: int,
    now: datetime,
    officers_channel: str | None,
) -> DropAlert | None:
    places = [officers_channel] if officers_channel else []
    if drop.kind is DropKind.DIMENSION:
        key, label = drop.key, TITLES[Dimension(drop.key)]
    else:
        department = session.scalar(select(Department).where(Department.name == drop.key))
        if department is None:
            return None  # renamed or removed since the round: nobody to tell about it
        key, label = str(department.id), department.name
        places += _decision_makers(session, department.id)
    alert = DropAlert(
        round_id=round_id,
        previous_round_id=previous_id,
        kind=drop.kind,
        key=key,
        label=label,
        before=drop.before,
        after=drop.after,
        created_at=now,
    )
    alert.posts = [
        DropAlertPost(channel=place, status=DeliveryStatus.PENDING)
        for place in dict.fromkeys(places)
    ]
    return alert


def _decision_makers(session: Session, department_id: int) -> Sequence[str]:
    return session.scalars(
        select(Person.slack_user_id)
        .where(
            Person.department_id == department_id,
            Person.decision_maker,
            Person.active,
            Person.side == Side.OFFICER,
        )
        .order_by(Person.id)
    ).all()


def waiting_posts(*, session: Session, zone: ZoneInfo) -> list[WaitingPost]:
    """The drop messages not yet posted, oldest first, with the rounds' dates in `zone`."""
    current, previous = aliased(PulseRound), aliased(PulseRound)
    rows = session.execute(
        select(DropAlertPost.id, DropAlertPost.channel, DropAlert, current, previous)
        .join(DropAlert, DropAlertPost.alert_id == DropAlert.id)
        .join(current, DropAlert.round_id == current.id)
        .join(previous, DropAlert.previous_round_id == previous.id)
        .where(DropAlertPost.status == DeliveryStatus.PENDING)
        .order_by(DropAlertPost.id)
    )
    return [
        WaitingPost(post_id, channel, _notice(alert, this, before, zone))
        for post_id, channel, alert, this, before in rows
    ]


def _notice(alert: DropAlert, this: PulseRound, before: PulseRound, zone: ZoneInfo) -> DropNotice:
    value = alert.key if alert.kind is DropKind.DIMENSION else alert.label
    return DropNotice(
        alert.kind,
        alert.label,
        f"{alert.kind.value}:{value}",
        alert.before,
        alert.after,
        before.opened_at.astimezone(zone).date(),
        this.opened_at.astimezone(zone).date(),
    )


def move_post(
    *,
    session: Session,
    post_id: int,
    old: DeliveryStatus,
    new: DeliveryStatus,
    message_ts: str | None = None,
    error: str | None = None,
    at: datetime | None = None,
) -> bool:
    """Move a drop message from `old` to `new` in one conditional UPDATE: of two processes
    moving it at once, exactly one gets True. Flushes, does not commit."""
    values: dict[str, object] = {"status": new}
    if message_ts is not None:
        values["message_ts"] = message_ts
    if error is not None:
        values["error"] = error[:64]
    if at is not None:
        values["posted_at"] = at
    result = session.execute(
        update(DropAlertPost)
        .where(DropAlertPost.id == post_id, DropAlertPost.status == old)
        .values(values),
        execution_options={"synchronize_session": False},
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1
