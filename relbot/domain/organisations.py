"""The organisations file: each provider organisation, its Slack teams and its segments.

People of an organisation take its service type, size and council share wherever their own
roster row (or their enrolment) leaves them empty: at the roster import, at enrolment, and
when this file is imported after the roster, for the people whose fields are still empty.
A value a person's row gives is theirs and is never overwritten from the organisation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from relbot.domain.audit import record_admin_action
from relbot.domain.csvfile import CsvError, CsvRow, read_rows
from relbot.models import Organisation, OrganisationTeam, Person
from relbot.models.enums import CouncilShare, OrgSize, ServiceType, Side

ORGANISATION_COLUMNS = ("name", "slack_team_ids", "service_type", "org_size", "council_share")
SEGMENTS = ("service_type", "org_size", "council_share")
# A workspace id (T…), or an Enterprise organisation's (E…), which Slack gives as a person's
# `team_id` when the organisation is on Enterprise Grid.
TEAM_ID = re.compile(r"^[TE][A-Z0-9]{2,31}$")


@dataclass(frozen=True)
class OrganisationRecord:
    """One checked organisations row."""

    line: int
    name: str
    team_ids: tuple[str, ...]
    service_type: ServiceType | None
    org_size: OrgSize | None
    council_share: CouncilShare | None


@dataclass(frozen=True)
class OrganisationImport:
    """What an organisations import did."""

    created: int
    updated: int
    unchanged: int
    people_filled: int


def read_organisations(path: Path | str) -> list[OrganisationRecord]:
    """Every row of an organisations file, checked; the first bad cell raises CsvError."""
    rows = read_rows(path, ORGANISATION_COLUMNS, ORGANISATION_COLUMNS)
    records = [organisation_record(row) for row in rows]
    names: dict[str, int] = {}
    teams: dict[str, int] = {}
    for record in records:
        earlier = names.get(record.name.lower())
        if earlier is not None:
            raise CsvError(
                record.line, "name", f"{record.name!r} already appears on line {earlier}"
            )
        names[record.name.lower()] = record.line
        for team in record.team_ids:
            if team in teams:
                raise CsvError(
                    record.line,
                    "slack_team_ids",
                    f"{team} is already listed for the organisation on line {teams[team]}; "
                    "a Slack team belongs to one organisation",
                )
            teams[team] = record.line
    return records


def organisation_record(row: CsvRow) -> OrganisationRecord:
    """Check one organisations row."""
    name = row.get("name")
    if not name:
        raise row.problem("name", "is empty; every organisation needs a name")
    if len(name) > 200:
        raise row.problem("name", "is longer than 200 characters")
    teams: list[str] = []
    for raw in row.get("slack_team_ids").split(";"):
        team = raw.strip().upper()
        if not team:
            continue
        if not TEAM_ID.match(team):
            raise row.problem(
                "slack_team_ids",
                f"{raw.strip()!r} is not a Slack team id (like T012AB3CD, or E012AB3CD for an "
                "Enterprise organisation); separate several with ;",
            )
        if team in teams:
            raise row.problem("slack_team_ids", f"{team} is listed twice")
        teams.append(team)
    return OrganisationRecord(
        line=row.line,
        name=name,
        team_ids=tuple(teams),
        service_type=row.choice("service_type", ServiceType),
        org_size=row.choice("org_size", OrgSize),
        council_share=row.choice("council_share", CouncilShare),
    )


def import_organisations(
    *, session: Session, records: Sequence[OrganisationRecord], actor: str
) -> OrganisationImport:
    """Create or update organisations by name (case-insensitive), each with exactly the teams
    its row lists; the caller's transaction makes it all-or-nothing. Raises CsvError when a
    team is listed for an organisation the file does not mention (or the council's own)."""
    query = select(Organisation).options(selectinload(Organisation.teams))
    known = {o.name.lower(): o for o in session.scalars(query)}
    _check_against_stored(session, records, known)
    changed = {
        r.name.lower()
        for r in records
        if r.name.lower() in known and _changed(known[r.name.lower()], r)
    }
    # Teams an organisation no longer lists go first, so another may take them in this file.
    for record in records:
        organisation = known.get(record.name.lower())
        if organisation is not None:
            organisation.teams = [t for t in organisation.teams if t.team_id in record.team_ids]
    session.flush()
    created = updated = unchanged = filled = 0
    for record in records:
        organisation = known.get(record.name.lower())
        if organisation is None:
            organisation = Organisation(name=record.name, side=Side.PROVIDER)
            session.add(organisation)
            created += 1
        elif record.name.lower() in changed:
            updated += 1
        else:
            unchanged += 1
        organisation.name = record.name
        organisation.service_type = record.service_type
        organisation.org_size = record.org_size
        organisation.council_share = record.council_share
        kept = {t.team_id: t for t in organisation.teams}
        organisation.teams = [
            kept.get(team) or OrganisationTeam(team_id=team) for team in record.team_ids
        ]
        session.flush()
        filled += fill_segments(session=session, organisation=organisation)
    result = OrganisationImport(created, updated, unchanged, filled)
    record_admin_action(
        session=session,
        actor=actor,
        action="organisations.import",
        detail={
            "rows": len(records),
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
            "people_filled": filled,
        },
    )
    session.flush()
    return result


def _check_against_stored(
    session: Session, records: Sequence[OrganisationRecord], known: dict[str, Organisation]
) -> None:
    """Refuse, before anything changes, a council organisation's name and a team that stays
    with an organisation the file does not mention."""
    in_file = {r.name.lower() for r in records}
    query = select(OrganisationTeam.team_id, Organisation.name).join(Organisation)
    owners = {str(row[0]): str(row[1]) for row in session.execute(query)}
    for record in records:
        stored = known.get(record.name.lower())
        if stored is not None and stored.side is not Side.PROVIDER:
            raise CsvError(
                record.line, "name", f"{record.name!r} is the council's, not a provider's"
            )
        for team in record.team_ids:
            owner = owners.get(team)
            if owner is not None and owner.lower() not in in_file:
                raise CsvError(
                    record.line,
                    "slack_team_ids",
                    f"{team} already belongs to {owner!r}; list it there, or add {owner!r} "
                    "to this file without it",
                )


def _changed(organisation: Organisation, record: OrganisationRecord) -> bool:
    teams = sorted(t.team_id for t in organisation.teams)
    return (
        organisation.name != record.name
        or sorted(record.team_ids) != teams
        or any(getattr(organisation, f) != getattr(record, f) for f in SEGMENTS)
    )


def fill_segments(*, session: Session, organisation: Organisation) -> int:
    """Give the organisation's segments to its people whose own are empty; how many changed."""
    people = session.scalars(
        select(Person).where(
            Person.organisation_id == organisation.id, Person.side == Side.PROVIDER
        )
    )
    changed = 0
    for person in people:
        if inherit_segments(person, organisation):
            changed += 1
    return changed


def inherit_segments(person: Person, organisation: Organisation | None) -> bool:
    """Fill the person's empty segments from their organisation; whether any was filled."""
    if organisation is None or person.side is not Side.PROVIDER:
        return False
    filled = False
    for field in SEGMENTS:
        value = getattr(organisation, field)
        if getattr(person, field) is None and value is not None:
            setattr(person, field, value)
            filled = True
    return filled


def organisation_of_team(*, session: Session, team_id: str | None) -> Organisation | None:
    """The organisation that lists this Slack team, if any."""
    if not team_id:
        return None
    query = select(Organisation).join(OrganisationTeam).where(OrganisationTeam.team_id == team_id)
    return session.scalars(query).one_or_none()
