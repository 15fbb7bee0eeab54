"""A person's own profile: what they may see and correct themselves."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from relbot.domain.audit import record_admin_action
from relbot.domain.cleaning import clean_name
from relbot.domain.roster import EMAIL
from relbot.models import Person
from relbot.models.enums import (
    Area,
    CouncilShare,
    OrgSize,
    Position,
    ServiceType,
    Side,
    positions_for,
)

# The fields each side may correct; side, organisation, department and decision maker are admin-set.
EDITABLE: dict[Side, tuple[str, ...]] = {
    Side.OFFICER: ("name", "email", "position", "area"),
    Side.PROVIDER: (
        "name",
        "email",
        "position",
        "area",
        "service_type",
        "org_size",
        "council_share",
    ),
}
CHOICES: dict[str, type[StrEnum]] = {
    "position": Position,
    "area": Area,
    "service_type": ServiceType,
    "org_size": OrgSize,
    "council_share": CouncilShare,
}


@dataclass(frozen=True)
class Profile:
    """What relbot holds about one person, as they see it."""

    slack_user_id: str
    name: str
    email: str | None
    side: Side
    organisation: str | None
    department: str | None
    position: Position | None
    area: Area | None
    service_type: ServiceType | None
    org_size: OrgSize | None
    council_share: CouncilShare | None
    decision_maker: bool

    @property
    def editable(self) -> tuple[str, ...]:
        return EDITABLE[self.side]


class ProfileError(Exception):
    """Some fields were refused; `errors` maps each field to the message shown beside it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def get_profile(*, session: Session, slack_user_id: str) -> Profile | None:
    """The profile of an active person, or None when they are not in the directory."""
    person = person_by_slack_id(session=session, slack_user_id=slack_user_id, names=True)
    return profile_of(person) if person else None


def update_profile(
    *, session: Session, slack_user_id: str, changes: dict[str, str | None]
) -> Profile:
    """Apply a person's corrections to their own fields, all or none; raise ProfileError."""
    person = person_by_slack_id(session=session, slack_user_id=slack_user_id)
    if person is None:
        raise LookupError(slack_user_id)
    allowed = EDITABLE[person.side]
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for field, raw in changes.items():
        if field not in allowed:
            errors[field] = "Only an admin can change this."
            continue
        try:
            values[field] = _check(field, (raw or "").strip(), person.side)
        except ValueError as error:
            errors[field] = str(error)
    if errors:
        raise ProfileError(errors)
    changed = {k: v for k, v in values.items() if getattr(person, k) != v}
    for key, new in changed.items():
        setattr(person, key, new)
    if changed:
        record_admin_action(
            session=session,
            actor=slack_user_id,
            action="profile.update",
            detail={"fields": sorted(changed)},
        )
    session.flush()
    return profile_of(person)


def _check(field: str, value: str, side: Side) -> object:
    if field == "name":
        value = clean_name(value)
        if not value:
            raise ValueError("Please give your name.")
        if len(value) > 200:
            raise ValueError("Please keep your name under 200 characters.")
        return value
    if field == "email":
        if not value:
            return None
        if len(value) > 320 or not EMAIL.match(value):
            raise ValueError("That doesn't look like an email address (name@example.org).")
        return value
    if not value:
        return None
    enum = CHOICES[field]
    options = positions_for(side) if field == "position" else tuple(enum)
    for option in options:
        if option.value == value:
            return option
    raise ValueError("Please choose one of the options.")


# Nearly every request starts with this lookup. Its statements are built once: building one
# and its cache key took a third of the lookup's time.
ACTIVE_PERSON = select(Person).where(
    Person.slack_user_id == bindparam("slack_user_id"), Person.active
)
# With their organisation and department, as a profile shows them; App Home reads more
# columns beside it (`relbot.domain.home`).
ACTIVE_PERSON_NAMED = ACTIVE_PERSON.options(
    joinedload(Person.organisation), joinedload(Person.department)
)


def person_by_slack_id(
    *, session: Session, slack_user_id: str, names: bool = False
) -> Person | None:
    """The active person with this Slack user id, if relbot knows them; with `names`, their
    organisation and department are read in the same query (as a profile shows them)."""
    query = ACTIVE_PERSON_NAMED if names else ACTIVE_PERSON
    return session.scalars(query, {"slack_user_id": slack_user_id}).one_or_none()


def acts_for_council(*, session: Session, slack_user_id: str, admins: Collection[str]) -> bool:
    """Whether this Slack user speaks for the council: an active officer, or an admin."""
    if slack_user_id in admins:
        return True
    person = person_by_slack_id(session=session, slack_user_id=slack_user_id)
    return person is not None and person.side is Side.OFFICER


def is_provider(*, session: Session, slack_user_id: str) -> bool:
    """Whether this Slack user is an active provider in the directory."""
    person = person_by_slack_id(session=session, slack_user_id=slack_user_id)
    return person is not None and person.side is Side.PROVIDER


def profile_of(person: Person) -> Profile:
    """What a person's profile shows."""
    return Profile(
        slack_user_id=person.slack_user_id,
        name=person.name,
        email=person.email,
        side=person.side,
        organisation=person.organisation.name if person.organisation else None,
        department=person.department.name if person.department else None,
        position=person.position,
        area=person.area,
        service_type=person.service_type,
        org_size=person.org_size,
        council_share=person.council_share,
        decision_maker=person.decision_maker,
    )
