"""The directory: importing people and departments, finding departments and their contacts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from relbot.domain.audit import record_admin_action
from relbot.domain.organisations import SEGMENTS
from relbot.domain.roster import DepartmentRecord, PersonRecord
from relbot.models import Department, Organisation, Person
from relbot.models.directory import DEFAULT_RESPONSE_TARGET_DAYS
from relbot.models.enums import Side


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    created: int
    updated: int
    unchanged: int
    departments_created: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contact:
    name: str
    slack_user_id: str
    position: str | None
    decision_maker: bool


@dataclass(frozen=True)
class DepartmentContacts:
    """A department with its officers, decision makers first."""

    name: str
    description: str
    queue_channel: str | None
    response_target_days: float
    contacts: tuple[Contact, ...]


def import_people(*, session: Session, records: Sequence[PersonRecord], actor: str) -> ImportResult:
    """Create or update everyone in the roster; the caller's transaction makes it all-or-nothing."""
    people = {p.slack_user_id: p for p in session.scalars(select(Person))}
    organisations = {o.name.lower(): o for o in session.scalars(select(Organisation))}
    departments: dict[str, Department] = {}
    for known in session.scalars(select(Department)):
        for alias in known.alias_list:  # a roster may name a department by an alias
            departments.setdefault(alias.lower(), known)
    departments.update({d.name_key: d for d in session.scalars(select(Department))})
    created = updated = unchanged = 0
    new_departments: list[str] = []
    for record in records:
        organisation = None
        if record.organisation:
            organisation = organisations.get(record.organisation.lower())
            if organisation is None:
                organisation = Organisation(name=record.organisation, side=record.side)
                session.add(organisation)
                organisations[record.organisation.lower()] = organisation
        department = None
        if record.department:
            department = departments.get(record.department.lower())
            if department is None:
                department = _new_department({"name": record.department})
                session.add(department)
                departments[department.name_key] = department
                new_departments.append(department.name)
        values = {
            "name": record.name,
            "email": record.email,
            "side": record.side,
            "organisation": organisation,
            "department": department,
            "position": record.position,
            "area": record.area,
            **_segments(record, organisation),
            "decision_maker": record.decision_maker,
            "active": True,
        }
        person = people.get(record.slack_user_id)
        if person is None:
            session.add(Person(slack_user_id=record.slack_user_id, **values))
            created += 1
        elif _apply(person, values):
            updated += 1
        else:
            unchanged += 1
    result = ImportResult(created, updated, unchanged, tuple(new_departments))
    record_admin_action(
        session=session,
        actor=actor,
        action="participants.import",
        detail={"rows": len(records), **_counts(result)},
    )
    session.flush()
    return result


def _segments(record: PersonRecord, organisation: Organisation | None) -> dict[str, object]:
    """A provider's segments: their row's, else their organisation's (see `organisations`)."""
    inherit = record.side is Side.PROVIDER and organisation is not None
    return {
        field: getattr(record, field) or (getattr(organisation, field) if inherit else None)
        for field in SEGMENTS
    }


def import_departments(
    *, session: Session, records: Sequence[DepartmentRecord], actor: str
) -> ImportResult:
    """Create or update departments by name (case-insensitive)."""
    departments = {d.name_key: d for d in session.scalars(select(Department))}
    created = updated = unchanged = 0
    for record in records:
        values: dict[str, object] = {
            "name": record.name,
            "aliases": ", ".join(record.aliases),
            "queue_channel": record.queue_channel,
            "response_target_days": record.response_target_days or DEFAULT_RESPONSE_TARGET_DAYS,
            "description": record.description,
            "active": True,
        }
        department = departments.get(record.name.lower())
        if department is None:
            session.add(_new_department(values))
            created += 1
        elif _apply(department, values):
            updated += 1
        else:
            unchanged += 1
    result = ImportResult(created, updated, unchanged)
    record_admin_action(
        session=session,
        actor=actor,
        action="departments.import",
        detail={"rows": len(records), **_counts(result)},
    )
    session.flush()
    return result


def department_names(*, session: Session) -> list[str]:
    """Names of the active departments, alphabetically."""
    query = select(Department.name).where(Department.active).order_by(Department.name_key)
    return list(session.scalars(query))


def find_department(*, session: Session, text: str) -> Department | None:
    """The department a person means: exact name or alias, else the only one it prefixes."""
    wanted = " ".join(text.split()).lower()
    if not wanted:
        return None
    departments = list(session.scalars(select(Department).where(Department.active)))
    for department in departments:
        if wanted == department.name_key or wanted in map(str.lower, department.alias_list):
            return department
    prefixed = [
        d
        for d in departments
        if d.name_key.startswith(wanted) or any(a.lower().startswith(wanted) for a in d.alias_list)
    ]
    return prefixed[0] if len(prefixed) == 1 else None


def split_department(*, session: Session, text: str) -> tuple[Department | None, str, str]:
    """Read "<department> <rest>": the longest run of leading words naming a department
    (its name or an alias), else a unique prefix of the first word. Returns the department
    (or None), the rest of the text, and the words taken as the department."""
    words = text.split()
    departments = list(session.scalars(select(Department).where(Department.active)))
    for count in range(len(words), 0, -1):
        wanted = " ".join(words[:count]).lower()
        for department in departments:
            names = [department.name_key, *(a.lower() for a in department.alias_list)]
            if wanted in names:
                return department, " ".join(words[count:]), " ".join(words[:count])
    if not words:
        return None, "", ""
    first = words[0]
    rest = text.strip()[len(first) :].strip()
    return find_department(session=session, text=first), rest, first


def contacts(*, session: Session, department: Department | None = None) -> list[DepartmentContacts]:
    """Each department (or the one given) with its active officers, decision makers first."""
    query = (
        select(Department)
        .where(Department.active)
        .options(selectinload(Department.people))
        .order_by(Department.name_key)
    )
    if department is not None:
        query = query.where(Department.id == department.id)
    return [_contacts_of(d) for d in session.scalars(query)]


def _contacts_of(department: Department) -> DepartmentContacts:
    officers = [p for p in department.people if p.active and p.side is Side.OFFICER]
    officers.sort(key=lambda p: (not p.decision_maker, p.name.lower()))
    return DepartmentContacts(
        name=department.name,
        description=department.description,
        queue_channel=department.queue_channel,
        response_target_days=department.response_target_days,
        contacts=tuple(
            Contact(
                p.name, p.slack_user_id, p.position.value if p.position else None, p.decision_maker
            )
            for p in officers
        ),
    )


def _new_department(values: Mapping[str, object]) -> Department:
    defaults: dict[str, object] = {
        "aliases": "",
        "description": "",
        "response_target_days": DEFAULT_RESPONSE_TARGET_DAYS,
        "active": True,
    }
    fields = {**defaults, **values}
    return Department(name_key=str(fields["name"]).lower(), **fields)


def _apply(row: object, values: Mapping[str, object]) -> bool:
    """Set changed attributes; report whether anything changed."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _counts(result: ImportResult) -> dict[str, int]:
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
