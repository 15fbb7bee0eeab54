"""Enrolment: someone relbot does not know joins from the provider hub.

Whoever comes from a Slack team an organisation lists becomes one of its providers at once;
anyone else is held as a request until an admin approves or refuses it. A request is decided
by one conditional update from pending, so two admins (or one pressing twice) decide it once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relbot.domain.audit import record_admin_action
from relbot.domain.cleaning import clean_name
from relbot.domain.organisations import SEGMENTS, organisation_of_team
from relbot.domain.profile import person_by_slack_id
from relbot.models import EnrolmentRequest, Organisation, OrganisationTeam, Person, RequestStatus
from relbot.models.enums import Area, Position, Side, positions_for

NAME_LIMIT = 200
# Who decided a request whose workspace was listed before an admin came to it.
BY_ORGANISATIONS_FILE = "organisations-file"


class Standing(StrEnum):
    """Where someone stands when they press a hub button."""

    KNOWN = "known"  # in the directory: the button does what it does
    WAITING = "waiting"  # their request waits for an admin
    REFUSED = "refused"  # an admin refused their request
    UNKNOWN = "unknown"  # asked for their details first


@dataclass(frozen=True)
class Gate:
    """Someone's standing, and the organisation their Slack team belongs to, if listed."""

    standing: Standing
    organisation: str | None


@dataclass(frozen=True)
class Details:
    """What someone gives about themselves to join."""

    name: str
    position: Position
    area: Area
    organisation: str | None


class DetailsError(ValueError):
    """Some details were refused; `errors` maps each field to the message shown beside it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class Result(StrEnum):
    ENROLLED = "enrolled"  # a provider of their team's organisation, at once
    HELD = "held"  # a new request: the admins are to be asked
    WAITING = "waiting"  # their request was already waiting
    REFUSED = "refused"
    KNOWN = "known"  # already in the directory


@dataclass(frozen=True)
class Enrolment:
    """What a submission of someone's details did."""

    result: Result
    organisation: str | None = None
    request: RequestView | None = None


@dataclass(frozen=True)
class RequestView:
    """A request as admins and the command line see it."""

    slack_user_id: str
    team_id: str | None
    name: str
    position: Position | None
    area: Area | None
    organisation: str
    status: RequestStatus
    decided_by: str | None
    decided_at: datetime | None
    # The organisation they named is on the list with workspaces of its own, none of them
    # theirs: someone may be claiming to be staff of an organisation they are not.
    named_listed: bool = False


@dataclass(frozen=True)
class Decision:
    """An admin's decision: whether this call made it, and the request as it now stands."""

    made_now: bool
    request: RequestView
    organisation: str | None = None  # approved: the organisation they joined


class NoRequestError(LookupError):
    """No one with this Slack user id asked to join."""


def gate(*, session: Session, slack_user_id: str, team_id: str | None) -> Gate:
    """Where someone pressing a hub button stands."""
    if person_by_slack_id(session=session, slack_user_id=slack_user_id) is not None:
        return Gate(Standing.KNOWN, None)
    status = session.scalar(
        select(EnrolmentRequest.status).where(EnrolmentRequest.slack_user_id == slack_user_id)
    )
    if status is RequestStatus.REFUSED:
        return Gate(Standing.REFUSED, None)
    organisation = organisation_of_team(session=session, team_id=team_id)
    if status is RequestStatus.PENDING and organisation is None:
        return Gate(Standing.WAITING, None)
    # Waiting, but their workspace has been listed since: they join at once like anyone of it.
    return Gate(Standing.UNKNOWN, organisation.name if organisation else None)


def check_details(
    *, name: str | None, position: str | None, area: str | None, organisation: str | None
) -> Details:
    """Details as given in the form, checked; raises DetailsError naming each bad field."""
    errors: dict[str, str] = {}
    name = clean_name(name or "")
    if not name:
        errors["name"] = "Please give your name."
    elif len(name) > NAME_LIMIT:
        errors["name"] = f"Please keep your name under {NAME_LIMIT} characters."
    positions = {p.value: p for p in positions_for(Side.PROVIDER)}
    chosen_position = positions.get(position or "")
    if chosen_position is None:
        errors["position"] = "Please choose your position."
    chosen_area = {a.value: a for a in Area}.get(area or "")
    if chosen_area is None:
        errors["area"] = "Please choose the area you cover."
    named = " ".join((organisation or "").split()) or None
    if named is not None and len(named) > NAME_LIMIT:
        errors["organisation"] = f"Please keep the name under {NAME_LIMIT} characters."
    if errors:
        raise DetailsError(errors)
    assert chosen_position is not None and chosen_area is not None
    return Details(name, chosen_position, chosen_area, named)


def enrol(
    *, session: Session, slack_user_id: str, team_id: str | None, details: Details, now: datetime
) -> Enrolment:
    """Enrol someone from a listed team at once, or hold their request for an admin. Someone
    refused stays refused, whatever has been listed since, until an admin adds them to the
    roster."""
    if person_by_slack_id(session=session, slack_user_id=slack_user_id) is not None:
        return Enrolment(Result.KNOWN)
    earlier = _request(session, slack_user_id)
    if earlier is not None and earlier.status is RequestStatus.REFUSED:
        return Enrolment(Result.REFUSED, request=view_of(session, earlier))
    organisation = organisation_of_team(session=session, team_id=team_id)
    if organisation is not None:
        _make_provider(session, slack_user_id, details, organisation)
        session.execute(  # a request they made before their workspace was listed is settled
            update(EnrolmentRequest)
            .where(
                EnrolmentRequest.slack_user_id == slack_user_id,
                EnrolmentRequest.status == RequestStatus.PENDING,
            )
            .values(
                status=RequestStatus.APPROVED, decided_by=BY_ORGANISATIONS_FILE, decided_at=now
            ),
            execution_options={"synchronize_session": False},
        )
        record_admin_action(
            session=session,
            actor=slack_user_id,
            action="enrolment.joined",
            detail={"organisation": organisation.name, "team_id": team_id},
        )
        session.flush()
        return Enrolment(Result.ENROLLED, organisation.name)
    if details.organisation is None:
        raise DetailsError({"organisation": "Please give the name of your organisation."})
    if _council_named(session, details.organisation):
        raise DetailsError({"organisation": "Please give the name of your own organisation."})
    return _hold(session, slack_user_id, team_id, details, now)


def _hold(
    session: Session, slack_user_id: str, team_id: str | None, details: Details, now: datetime
) -> Enrolment:
    request = _request(session, slack_user_id)
    if request is not None and request.status is RequestStatus.PENDING:
        return Enrolment(Result.WAITING, request=view_of(session, request))
    values = {
        "team_id": team_id,
        "name": details.name,
        "position": details.position,
        "area": details.area,
        "organisation": details.organisation,
        "status": RequestStatus.PENDING,
        "decided_by": None,
        "decided_at": None,
        "created_at": now,
    }
    if request is not None:  # approved once, but no longer in the directory: asked again
        for key, value in values.items():
            setattr(request, key, value)
        session.flush()
        return Enrolment(Result.HELD, request=view_of(session, request))
    try:
        with session.begin_nested():  # the same person submitting twice at once: one row
            request = EnrolmentRequest(slack_user_id=slack_user_id, **values)
            session.add(request)
    except IntegrityError:
        return Enrolment(Result.WAITING)
    return Enrolment(Result.HELD, request=view_of(session, request))


def decide(
    *, session: Session, slack_user_id: str, approve: bool, by: str, now: datetime
) -> Decision:
    """Approve (enrolling them) or refuse a waiting request; only the first decision counts.
    Raises NoRequestError when there is no request from this person."""
    status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    changed = session.execute(
        update(EnrolmentRequest)
        .where(
            EnrolmentRequest.slack_user_id == slack_user_id,
            EnrolmentRequest.status == RequestStatus.PENDING,
        )
        .values(status=status, decided_by=by, decided_at=now),
        execution_options={"synchronize_session": False},
    )
    request = session.scalars(
        select(EnrolmentRequest)
        .where(EnrolmentRequest.slack_user_id == slack_user_id)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if request is None:
        raise NoRequestError(slack_user_id)
    made_now = int(getattr(changed, "rowcount", 0) or 0) == 1
    joined: str | None = None
    if made_now:
        if approve:
            organisation = _provider_organisation(session, request.organisation)
            joined = organisation.name
            details = Details(
                request.name,
                request.position or Position.FRONTLINE,
                request.area or Area.COUNTYWIDE,
                request.organisation,
            )
            _make_provider(session, slack_user_id, details, organisation)
        record_admin_action(
            session=session,
            actor=by,
            action=f"enrolment.{status.value}",
            detail={"user": slack_user_id, "organisation": request.organisation},
        )
        session.flush()
    return Decision(made_now, view_of(session, request), joined)


def waiting_requests(*, session: Session) -> list[RequestView]:
    """Requests waiting for an admin, oldest first."""
    query = (
        select(EnrolmentRequest)
        .where(EnrolmentRequest.status == RequestStatus.PENDING)
        .order_by(EnrolmentRequest.created_at, EnrolmentRequest.id)
    )
    listed = _listed_names(session)
    return [_view(r, listed) for r in session.scalars(query)]


def view_of(session: Session, request: EnrolmentRequest) -> RequestView:
    """A request as admins see it."""
    return _view(request, _listed_names(session))


def _view(request: EnrolmentRequest, listed: set[str]) -> RequestView:
    return RequestView(
        slack_user_id=request.slack_user_id,
        team_id=request.team_id,
        name=request.name,
        position=request.position,
        area=request.area,
        organisation=request.organisation,
        status=request.status,
        decided_by=request.decided_by,
        decided_at=request.decided_at,
        named_listed=_normal(request.organisation) in listed,
    )


def _normal(name: str) -> str:
    """A name for comparing: letters and digits only, in lower case ("Acme Ltd." = "acme ltd")."""
    return "".join(c for c in name.casefold() if c.isalnum())


def _listed_names(session: Session) -> set[str]:
    """The names, for comparing, of organisations listed with workspaces of their own."""
    query = select(Organisation.name).join(OrganisationTeam).distinct()
    return {_normal(name) for name in session.scalars(query)}


def _request(session: Session, slack_user_id: str) -> EnrolmentRequest | None:
    query = select(EnrolmentRequest).where(EnrolmentRequest.slack_user_id == slack_user_id)
    return session.scalars(query).one_or_none()


def _council_named(session: Session, name: str) -> bool:
    query = select(Organisation.side).where(func.lower(Organisation.name) == name.lower())
    return session.scalar(query) is Side.OFFICER


def _provider_organisation(session: Session, name: str) -> Organisation:
    """The provider organisation of this name (any case), created when it is new."""
    query = select(Organisation).where(func.lower(Organisation.name) == name.lower())
    organisation = session.scalars(query).one_or_none()
    if organisation is None:
        organisation = Organisation(name=name, side=Side.PROVIDER)
        session.add(organisation)
        session.flush()
    return organisation


def _make_provider(
    session: Session, slack_user_id: str, details: Details, organisation: Organisation
) -> Person:
    """A provider of the organisation with these details and its segments; someone made
    inactive (left the roster) under this id is brought back rather than added twice."""
    person = session.scalars(
        select(Person).where(Person.slack_user_id == slack_user_id)
    ).one_or_none()
    if person is None:
        person = Person(slack_user_id=slack_user_id, name=details.name, side=Side.PROVIDER)
        session.add(person)
    person.name = details.name
    person.side = Side.PROVIDER
    person.organisation = organisation
    person.department = None
    person.position = details.position
    person.area = details.area
    person.decision_maker = False
    person.active = True
    for field in SEGMENTS:  # the organisation's, as the council knows them
        setattr(person, field, getattr(organisation, field))
    session.flush()
    return person
