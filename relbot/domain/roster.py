"""The roster and departments files: their columns, and each row checked into a record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from relbot.domain.csvfile import CsvError, CsvRow, read_rows
from relbot.models.enums import (
    Area,
    CouncilShare,
    OrgSize,
    Position,
    ServiceType,
    Side,
    positions_for,
)

ROSTER_COLUMNS = (
    "slack_user_id",
    "name",
    "side",
    "organisation",
    "department",
    "position",
    "area",
    "service_type",
    "org_size",
    "council_share",
    "decision_maker",
    "email",
)
DEPARTMENT_COLUMNS = (
    "name",
    "aliases",
    "queue_channel",
    "first_response_target_days",
    "description",
)
PROVIDER_ONLY = ("service_type", "org_size", "council_share")
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,31}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_TARGET_DAYS = 60


@dataclass(frozen=True)
class PersonRecord:
    """One checked roster row."""

    line: int
    slack_user_id: str
    name: str
    side: Side
    organisation: str | None
    department: str | None
    position: Position | None
    area: Area | None
    service_type: ServiceType | None
    org_size: OrgSize | None
    council_share: CouncilShare | None
    decision_maker: bool
    email: str | None


@dataclass(frozen=True)
class DepartmentRecord:
    """One checked departments row."""

    line: int
    name: str
    aliases: tuple[str, ...]
    queue_channel: str | None
    response_target_days: float | None
    description: str


def read_roster(path: Path | str) -> list[PersonRecord]:
    """Every row of a roster file, checked; the first bad cell raises CsvError."""
    rows = read_rows(path, ROSTER_COLUMNS, ROSTER_COLUMNS[:3])
    records = [person_record(row) for row in rows]
    seen: dict[str, int] = {}
    for record in records:
        if record.slack_user_id in seen:
            raise CsvError(
                record.line,
                "slack_user_id",
                f"{record.slack_user_id} already appears on line {seen[record.slack_user_id]}",
            )
        seen[record.slack_user_id] = record.line
    return records


def read_departments(path: Path | str) -> list[DepartmentRecord]:
    """Every row of a departments file, checked; the first bad cell raises CsvError."""
    rows = read_rows(path, DEPARTMENT_COLUMNS, ("name",))
    records = [department_record(row) for row in rows]
    names: dict[str, int] = {}
    for record in records:
        for key, column in [(record.name, "name"), *((a, "aliases") for a in record.aliases)]:
            earlier = names.get(key.lower())
            if earlier is not None:
                raise CsvError(record.line, column, f"{key!r} is already used on line {earlier}")
            names[key.lower()] = record.line
    return records


def person_record(row: CsvRow) -> PersonRecord:
    """Check one roster row."""
    user_id = row.get("slack_user_id").upper()
    if not USER_ID.match(user_id):
        raise row.problem(
            "slack_user_id", f"{row.get('slack_user_id')!r} is not a Slack user id (like U012AB3CD)"
        )
    name = row.get("name")
    if not name:
        raise row.problem("name", "is empty; every person needs a name")
    if len(name) > 200:
        raise row.problem("name", "is longer than 200 characters")
    side = row.choice("side", Side)
    if side is None:
        raise row.problem("side", "is empty", (s.value for s in Side))
    if side is Side.OFFICER:
        for column in PROVIDER_ONLY:
            if row.get(column):
                raise row.problem(column, "is for providers only; leave it empty for officers")
        if not row.get("department"):
            raise row.problem("department", "is empty; every officer belongs to a department")
    else:
        if not row.get("organisation"):
            raise row.problem("organisation", "is empty; every provider belongs to one")
        if row.get("department"):
            raise row.problem("department", "is for officers only; leave it empty for providers")
        if row.flag("decision_maker"):
            raise row.problem("decision_maker", "is for officers only; leave it empty or no")
    for column, limit in (("organisation", 200), ("department", 120)):
        if len(row.get(column)) > limit:
            raise row.problem(column, f"is longer than {limit} characters")
    email = row.get("email") or None
    if email is not None and (len(email) > 320 or not EMAIL.match(email)):
        raise row.problem("email", f"{email!r} is not an email address")
    return PersonRecord(
        line=row.line,
        slack_user_id=user_id,
        name=name,
        side=side,
        organisation=row.get("organisation") or None,
        department=row.get("department") or None,
        position=row.choice("position", Position, positions_for(side)),
        area=row.choice("area", Area),
        service_type=row.choice("service_type", ServiceType),
        org_size=row.choice("org_size", OrgSize),
        council_share=row.choice("council_share", CouncilShare),
        decision_maker=row.flag("decision_maker"),
        email=email,
    )


def department_record(row: CsvRow) -> DepartmentRecord:
    """Check one departments row."""
    name = row.get("name")
    if not name:
        raise row.problem("name", "is empty; every department needs a name")
    if len(name) > 120:
        raise row.problem("name", "is longer than 120 characters")
    aliases = tuple(alias.strip() for alias in row.get("aliases").split(";") if alias.strip())
    channel = row.get("queue_channel").lstrip("#").upper() or None
    if channel is not None and not CHANNEL_ID.match(channel):
        raise row.problem(
            "queue_channel",
            f"{row.get('queue_channel')!r} is not a channel id "
            "(like C012AB3CD); leave it empty to use RELBOT_QUERIES_CHANNEL",
        )
    return DepartmentRecord(
        line=row.line,
        name=name,
        aliases=aliases,
        queue_channel=channel,
        response_target_days=_target_days(row),
        description=row.get("description"),
    )


def _target_days(row: CsvRow) -> float | None:
    raw = row.get("first_response_target_days")
    if not raw:
        return None
    try:
        days = float(raw)
    except ValueError:
        days = -1.0
    if not 0 < days <= MAX_TARGET_DAYS:
        raise row.problem(
            "first_response_target_days",
            f"{raw!r} is not a number of working "
            f"days above 0 and at most {MAX_TARGET_DAYS}, such as 2 or 0.5",
        )
    return days
