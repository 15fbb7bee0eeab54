"""A person with activity in every table, among enough others for figures to be shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from relbot.domain.audit import record_admin_action
from relbot.domain.pulse.answers import answer_tally
from relbot.models import (
    Action,
    ActionStatus,
    ActionTarget,
    ActionUpdate,
    Department,
    Digest,
    DropAlert,
    DropAlertPost,
    DropKind,
    EnrolmentRequest,
    HubMessage,
    JobRun,
    MustHave,
    MustHaveCategory,
    MustHaveCollection,
    OrganisationTeam,
    Person,
    PulseAnnouncement,
    PulseAnswer,
    PulseDepartmentAnswer,
    PulseFollowUp,
    PulseFollowUpAnswer,
    PulseInvitation,
    PulseQuestion,
    PulseResponse,
    PulseRound,
    QueryEvent,
    QueryRelay,
    QueryReminder,
    QueryTicket,
    RequestStatus,
    TargetKind,
    VoiceItem,
    VoiceReaction,
)
from relbot.models.enums import Area, CouncilShare, OrgSize, Position, ServiceType, Side
from relbot.models.musthaves import CollectionStatus
from relbot.models.pulse import DeliveryStatus, Dimension, RoundStatus
from relbot.models.queries import QueryEventKind, QuerySource, QueryStatus, RelayDirection
from relbot.models.voice import AuthorSide
from tests.directory_data import OFFICER, PROVIDER, load_council

NAME = "Priya Patel"
EMAIL = "priya@oak.example.org"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
VOICE = "C0VOICE01"


def _colleagues(session: Session) -> list[Person]:
    """Five more providers with Priya's segments, so her snapshot cannot single her out."""
    people = []
    for number in range(1, 6):
        person = Person(
            slack_user_id=f"UPEER000{number}",
            name=f"Peer Provider {number}",
            side=Side.PROVIDER,
            position=Position.REGISTERED_MANAGER,
            area=Area.NORTH,
            service_type=ServiceType.HOMECARE,
            org_size=OrgSize.SMALL,
            council_share=CouncilShare.FROM_25_TO_50,
        )
        session.add(person)
        people.append(person)
    session.flush()
    return people


def _answer(session: Session, pulse: PulseRound, person: Person, score: int, comment: str) -> None:
    finance = session.scalars(select(Department).where(Department.name == "Finance")).one()
    response = PulseResponse(
        round_id=pulse.id,
        person_id=person.id,
        side=person.side,
        department_id=person.department_id,
        position=person.position,
        area=person.area,
        service_type=person.service_type,
        org_size=person.org_size,
        council_share=person.council_share,
        comment=comment,
        submitted_at=START + timedelta(hours=1),
    )
    response.answer_count, response.answer_total = answer_tally([score] * len(Dimension))
    session.add(response)
    session.flush()
    for dimension in Dimension:
        session.add(PulseAnswer(response_id=response.id, dimension=dimension, score=score))
        if person.side is Side.PROVIDER:
            session.add(
                PulseDepartmentAnswer(
                    response_id=response.id,
                    department_id=finance.id,
                    dimension=dimension,
                    score=score,
                )
            )


def _pulse(session: Session, everyone: list[Person]) -> None:
    session.add(
        PulseQuestion(
            version=1,
            dimension=Dimension.TRUST,
            ordinal=1,
            title="Trust",
            low_statement="We do not trust each other",
            high_statement="We trust each other",
        )
    )
    pulse = PulseRound(
        slot="2026-03-02",
        question_version=1,
        status=RoundStatus.CLOSED,
        opened_at=START,
        closes_at=START + timedelta(days=5),
        closed_at=START + timedelta(days=5),
        opened_by=PROVIDER,
    )
    session.add(pulse)
    session.flush()
    session.add(
        PulseAnnouncement(
            round_id=pulse.id,
            channel="C0PROVA01",
            status=DeliveryStatus.SENT,
            message_ts="1772442000.000900",
            posted_at=START,
        )
    )
    for number, person in enumerate(everyone):
        session.add(
            PulseInvitation(
                round_id=pulse.id,
                person_id=person.id,
                status=DeliveryStatus.SENT,
                channel=f"D0DM{number:05d}",
                message_ts=f"1772442000.{number:06d}",
                sent_at=START,
            )
        )
        if person.side is Side.PROVIDER:
            mine = person.slack_user_id == PROVIDER
            text = f"I am {NAME}, write to {EMAIL}" if mine else f"Ask {NAME} about it"
            _answer(session, pulse, person, 2 + number % 3, text)
    _answer(session, pulse, _person(session, OFFICER), 3, "Fine")
    _follow_up(session, pulse)


def _follow_up(session: Session, pulse: PulseRound) -> None:
    """The round asked providers whether an earlier done action helped; each answered."""
    action = Action(
        title="Publish the fee uplift timetable",
        due_on=(START - timedelta(days=40)).date(),
        status=ActionStatus.DONE,
        created_at=START - timedelta(days=60),
        created_by="cli:operator",
        closed_at=START - timedelta(days=30),
        targets=[ActionTarget(kind=TargetKind.DIMENSION, value=Dimension.TRUST.value)],
    )
    session.add(action)
    session.flush()
    follow_up = PulseFollowUp(round_id=pulse.id, action_id=action.id, created_at=START)
    session.add(follow_up)
    session.flush()
    providers = select(PulseResponse.id).where(
        PulseResponse.round_id == pulse.id, PulseResponse.side == Side.PROVIDER
    )
    for number, response_id in enumerate(session.scalars(providers.order_by(PulseResponse.id))):
        session.add(
            PulseFollowUpAnswer(
                response_id=response_id, follow_up_id=follow_up.id, score=number % 5
            )
        )


def _person(session: Session, slack_user_id: str) -> Person:
    return session.scalars(select(Person).where(Person.slack_user_id == slack_user_id)).one()


def _queries(session: Session, priya: Person, olu: Person) -> None:
    finance = session.scalars(select(Department).where(Department.name == "Finance")).one()
    for number, asker in enumerate((priya, _person(session, "UPEER0001"))):
        created = START + timedelta(days=number)
        ticket = QueryTicket(
            request_key=f"key-{number}",
            asker_id=asker.id,
            department_id=finance.id,
            text=f"Invoice 42 for {asker.name} unpaid; reply to {EMAIL if number == 0 else 'me'}",
            source=QuerySource.COMMAND,
            source_permalink=f"https://example.slack.com/archives/D0DM/p{number}",
            status=QueryStatus.RESOLVED,
            queue_channel="C0FINANCE",
            queue_ts=f"1772442100.{number:06d}",
            post_status=DeliveryStatus.SENT,
            dm_status=DeliveryStatus.SENT,
            dm_channel=f"D0QDM{number}",
            dm_ts=f"1772442150.{number:06d}",
            created_at=created,
            first_response_at=created + timedelta(hours=3),
            first_response_working_minutes=180,
            resolved_at=created + timedelta(hours=30),
            resolution_working_minutes=600,
        )
        session.add(ticket)
        session.flush()
        events = [
            (QueryEventKind.LOGGED, asker, {"source": "command"}),
            (QueryEventKind.RESPONDED, olu, {"via": "thread", "user": OFFICER}),
            (QueryEventKind.REPLIED, asker, {"via": "thread", "user": asker.slack_user_id}),
            (QueryEventKind.RESOLVED, olu, {"user": OFFICER, "note": f"told {NAME}"}),
        ]
        for step, (kind, actor, detail) in enumerate(events):
            session.add(
                QueryEvent(
                    ticket_id=ticket.id,
                    kind=kind,
                    actor_id=actor.id,
                    at=created + timedelta(hours=step),
                    slack_event_id=f"Ev{number}{step}",
                    detail=detail,
                )
            )
        session.add(
            QueryReminder(ticket_id=ticket.id, threshold_percent=75, status=DeliveryStatus.SENT)
        )
        # A reply of theirs still waiting to be relayed to the queue thread holds its text.
        session.add(
            QueryRelay(
                ticket_id=ticket.id,
                direction=RelayDirection.TO_QUEUE,
                author_id=asker.id,
                source_channel=f"D0QDM{number}",
                source_ts=f"1772442200.{number:06d}",
                text=f"{asker.name} here, still waiting",
                status=DeliveryStatus.PENDING,
            )
        )


def _must_haves(session: Session, priya: Person, olu: Person) -> None:
    category = MustHaveCategory(key="trust", label="Trust and honesty", ordinal=1)
    collection = MustHaveCollection(name="2026 Q1", status=CollectionStatus.OPEN)
    session.add_all([category, collection])
    session.flush()
    texts = [(priya, f"Call me, {NAME}"), (priya, "Pay on time"), (olu, f"Thanks to {NAME}")]
    for slot, (person, text) in enumerate(texts, start=1):
        session.add(
            MustHave(
                collection_id=collection.id,
                person_id=person.id,
                side=person.side,
                slot=slot,
                text=text,
                category_id=category.id,
                created_at=START,
            )
        )


def _voice(session: Session, priya: Person, olu: Person) -> None:
    session.add_all(
        [
            VoiceItem(
                channel=VOICE,
                ts="1772442200.000001",
                author_id=priya.id,
                author_side=AuthorSide.PROVIDER,
                text=f"{NAME} from Oak: late payments again",
                permalink="https://example.slack.com/archives/C0VOICE01/p1",
                posted_at=START,
            ),
            VoiceItem(
                channel=VOICE,
                ts="1772442200.000002",
                thread_ts="1772442200.000001",
                author_id=olu.id,
                author_side=AuthorSide.OFFICER,
                text=f"<@{PROVIDER}> thanks, looking into it",
                posted_at=START,
            ),
            VoiceReaction(
                channel=VOICE,
                ts="1772442200.000002",
                slack_user_id=PROVIDER,
                name="+1",
                changed_ts="1772442201.000001",
            ),
            VoiceReaction(
                channel=VOICE,
                ts="1772442200.000001",
                slack_user_id=OFFICER,
                name="eyes",
                changed_ts="1772442201.000002",
            ),
        ]
    )


def _actions(session: Session, olu: Person) -> None:
    """Olu's action on what Priya raised, with a note that names her."""
    item = session.scalars(select(VoiceItem).where(VoiceItem.thread_ts.is_(None))).one()
    action = Action(
        title="Pay every invoice within 14 days",
        owner_id=olu.id,
        department_id=olu.department_id,
        due_on=(START + timedelta(days=30)).date(),
        status=ActionStatus.IN_PROGRESS,
        created_at=START,
        created_by=OFFICER,
        started_at=START + timedelta(days=1),
    )
    action.targets = [
        ActionTarget(kind=TargetKind.DIMENSION, value=Dimension.TRUST.value),
        ActionTarget(kind=TargetKind.VOICE, value=str(item.id)),
    ]
    action.updates = [
        ActionUpdate(at=START, status=ActionStatus.PLANNED, author_id=olu.id),
        ActionUpdate(
            at=START + timedelta(days=1),
            status=ActionStatus.IN_PROGRESS,
            note=f"Weekly payment runs started; thanks to {NAME} for raising it",
            author_id=olu.id,
        ),
    ]
    session.add(action)


def _drop_alert(session: Session, olu: Person) -> None:
    """Finance's index fell: told in the officers' channel and to Olu, its decision maker."""
    pulse = session.scalars(select(PulseRound)).one()
    finance = session.scalars(select(Department).where(Department.name == "Finance")).one()
    alert = DropAlert(
        round_id=pulse.id,
        previous_round_id=pulse.id,
        kind=DropKind.DEPARTMENT,
        key=str(finance.id),
        label=finance.name,
        before=3.2,
        after=2.6,
        created_at=START + timedelta(days=5),
    )
    alert.posts = [
        DropAlertPost(channel="C0OFFICERS", status=DeliveryStatus.SENT, message_ts="1.000200"),
        DropAlertPost(channel=olu.slack_user_id, status=DeliveryStatus.SENT, message_ts="1.000300"),
    ]
    session.add(alert)


def create_activity(session: Session, folder: Path) -> None:
    """The council, five peers, and Priya's activity in every table."""
    load_council(session, folder)
    peers = _colleagues(session)
    priya, olu = _person(session, PROVIDER), _person(session, OFFICER)
    everyone = list(session.scalars(select(Person).order_by(Person.id)))
    assert len(everyone) == 4 + len(peers)
    _pulse(session, everyone)
    _queries(session, priya, olu)
    _must_haves(session, priya, olu)
    _voice(session, priya, olu)
    session.flush()
    _actions(session, olu)
    _drop_alert(session, olu)
    record_admin_action(
        session=session, actor=PROVIDER, action="profile.update", detail={"fields": ["name"]}
    )
    record_admin_action(
        session=session,
        actor="UADMIN001",
        action="directory.note",
        detail={"user": PROVIDER, "who": NAME, "email": EMAIL},
    )
    session.add(Digest(iso_year=2026, iso_week=10, channel="C0DIGEST", status=DeliveryStatus.SENT))
    session.add(JobRun(job="digest.post", slot="2026-W10"))
    session.add(HubMessage(channel="C0PROVA01", status=DeliveryStatus.SENT, message_ts="1.000100"))
    _enrolment(session, priya)
    session.flush()


def _enrolment(session: Session, priya: Person) -> None:
    """Priya joined from the hub: her workspace listed later, her request approved first."""
    assert priya.organisation is not None
    session.add(OrganisationTeam(organisation_id=priya.organisation.id, team_id="T0OAK0001"))
    session.add(
        EnrolmentRequest(
            slack_user_id=PROVIDER,
            team_id="T0OAK0001",
            name=NAME,
            position=Position.REGISTERED_MANAGER,
            area=Area.NORTH,
            organisation="Oak Home Care",
            status=RequestStatus.APPROVED,
            decided_by="UADMIN001",
            decided_at=START,
        )
    )
