"""A person's rights over their data: everything held about them, and erasure.

Erasure keeps figures right: the directory row stays as a nameless tombstone (so past
rounds still count who was invited), pulse answers stay but are detached from the person,
and query timings stay while the text goes. Nothing that names them is left.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Enum,
    String,
    Text,
    case,
    cast,
    delete,
    false,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from relbot.domain.audit import record_admin_action
from relbot.models import (
    Action,
    ActionUpdate,
    AuditEntry,
    Base,
    DropAlertPost,
    EnrolmentRequest,
    MustHave,
    Person,
    PulseFollowUp,
    PulseFollowUpAnswer,
    PulseInvitation,
    PulseResponse,
    PulseRound,
    QueryEvent,
    QueryRelay,
    QueryTicket,
    VoiceItem,
    VoiceReaction,
)
from relbot.models.musthaves import MustHaveCollection
from relbot.models.pulse import DeliveryStatus
from relbot.models.queries import RelayDirection

REDACTED = "[removed at the person's request]"
NAME_REMOVED = "[name removed]"
ERASED_NAME = "Erased person"
SEGMENTS = ("department_id", "position", "area", "service_type", "org_size", "council_share")
# Reference tables hold no one's activity; a name inside them (an organisation called after
# its owner, say) is the organisation's, and rewriting it would break the next import.
_NOT_SWEPT = {
    "person",
    "organisation",
    "organisation_team",
    "department",
    "must_have_category",
    "must_have_collection",
    "pulse_question",
    "job_run",
}


class UnknownPersonError(LookupError):
    """relbot holds nothing about this Slack user id."""


@dataclass(frozen=True)
class Erasure:
    """What forgetting a person did: a reference for the audit log and rows touched."""

    reference: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _nothing_held(slack_user_id: str) -> UnknownPersonError:
    return UnknownPersonError(f"relbot holds nothing about Slack user id {slack_user_id!r}")


def _find(session: Session, slack_user_id: str) -> Person | None:
    return session.scalar(select(Person).where(Person.slack_user_id == slack_user_id))


def describe(*, session: Session, slack_user_id: str) -> str:
    """Who the id is, to confirm an erasure: their name, or what is held about someone not
    in the directory (a reaction in the provider-voice channel, a mention); raises
    UnknownPersonError when relbot holds nothing about them."""
    person = _find(session, slack_user_id)
    if person is not None:
        return f"{person.name} ({slack_user_id})"
    held = export_person(session=session, slack_user_id=slack_user_id)
    found = sum(len(rows) for rows in held.values() if isinstance(rows, list))
    return f"what relbot holds about {slack_user_id}, who is not in the directory ({found} rows)"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def _row(obj: Base, *skip: str) -> dict[str, Any]:
    columns = obj.__table__.columns
    return {c.key: _plain(getattr(obj, c.key)) for c in columns if c.key not in skip}


def export_person(*, session: Session, slack_user_id: str) -> dict[str, Any]:
    """Everything relbot holds about one person, as JSON-ready data. Someone not in the
    directory may still have reacted or been mentioned; UnknownPersonError when relbot holds
    nothing at all about the id."""
    person = _find(session, slack_user_id)
    sid = slack_user_id
    own = (lambda column: column == person.id) if person is not None else (lambda _: false())
    responses = session.scalars(
        select(PulseResponse).where(own(PulseResponse.person_id)).order_by(PulseResponse.id)
    )
    asked = session.scalars(
        select(QueryTicket).where(own(QueryTicket.asker_id)).order_by(QueryTicket.id)
    )
    acted = session.scalars(
        select(QueryEvent)
        .where(or_(own(QueryEvent.actor_id), _json_holds(QueryEvent.detail, sid)))
        .order_by(QueryEvent.id)
    )
    must_haves = session.execute(
        select(MustHave, MustHaveCollection.name)
        .join(MustHaveCollection)
        .where(own(MustHave.person_id))
        .order_by(MustHave.id)
    )
    audit = session.scalars(
        select(AuditEntry)
        .where(or_(AuditEntry.actor == sid, _json_holds(AuditEntry.detail, sid)))
        .order_by(AuditEntry.id)
    )
    held: dict[str, Any] = {
        "pulse_invitations": [
            _row(row)
            for row in session.scalars(
                select(PulseInvitation).where(own(PulseInvitation.person_id))
            )
        ],
        "pulse_responses": [
            {
                **_row(row, "person_id"),
                "answers": {a.dimension.value: a.score for a in row.answers},
                "department_answers": [_row(a, "response_id") for a in row.department_answers],
                "follow_up_answers": _follow_up_answers(session, row.id),
            }
            for row in responses
        ],
        "pulse_rounds_opened": [
            _row(row)
            for row in session.scalars(select(PulseRound).where(PulseRound.opened_by == sid))
        ],
        "queries_asked": [
            {**_row(t), "events": [_row(e, "ticket_id") for e in t.events]} for t in asked
        ],
        "query_events_acted_in": [_row(event) for event in acted],
        "query_messages_relayed": [
            _row(row)
            for row in session.scalars(
                select(QueryRelay).where(own(QueryRelay.author_id)).order_by(QueryRelay.id)
            )
        ],
        "must_haves": [{**_row(row), "collection": name} for row, name in must_haves],
        "voice_items": [
            _row(row)
            for row in session.scalars(
                select(VoiceItem).where(own(VoiceItem.author_id)).order_by(VoiceItem.id)
            )
        ],
        "voice_reactions": [
            _row(row)
            for row in session.scalars(
                select(VoiceReaction).where(VoiceReaction.slack_user_id == sid)
            )
        ],
        "actions_owned_or_created": [
            {**_row(row), "answers": [_row(t, "action_id") for t in row.targets]}
            for row in session.scalars(
                select(Action)
                .where(or_(own(Action.owner_id), Action.created_by == sid))
                .order_by(Action.id)
            )
        ],
        "action_updates_written": [
            _row(row)
            for row in session.scalars(
                select(ActionUpdate).where(own(ActionUpdate.author_id)).order_by(ActionUpdate.id)
            )
        ],
        "drop_alerts_sent_to_them": [
            {**_row(row, "alert_id"), "alert": _row(row.alert)}
            for row in session.scalars(
                select(DropAlertPost).where(DropAlertPost.channel == sid).order_by(DropAlertPost.id)
            )
        ],
        "audit_entries": [_row(row) for row in audit],
        "enrolment_requests": [
            _row(row)
            for row in session.scalars(
                select(EnrolmentRequest).where(EnrolmentRequest.slack_user_id == sid)
            )
        ],
    }
    if person is None and not any(held.values()):
        raise _nothing_held(slack_user_id)
    return {
        "exported_at": datetime.now(UTC).isoformat(),
        "person": _row(person) if person is not None else None,
        "organisation": person.organisation.name if person and person.organisation else None,
        "department": person.department.name if person and person.department else None,
        **held,
    }


def _follow_up_answers(session: Session, response_id: int) -> list[dict[str, int]]:
    """A response's answers to "did the council's action make a difference?"."""
    rows = session.execute(
        select(PulseFollowUp.action_id, PulseFollowUpAnswer.score)
        .join(PulseFollowUp, PulseFollowUp.id == PulseFollowUpAnswer.follow_up_id)
        .where(PulseFollowUpAnswer.response_id == response_id)
        .order_by(PulseFollowUpAnswer.id)
    )
    return [{"action_id": action_id, "score": score} for action_id, score in rows]


def _json_holds(column: Any, text: str) -> Any:
    return cast(column, String).contains(text)


def forget_person(
    *, session: Session, slack_user_id: str, actor: str, min_group: int, now: datetime
) -> Erasure:
    """Erase what identifies a person everywhere; figures stay. Flushes, does not commit.

    Someone not in the directory (who reacted in the provider-voice channel, or was
    mentioned) is erased too: their reactions and their id wherever it appears. Raises
    UnknownPersonError, changing nothing, when relbot holds nothing about the id."""
    person = _find(session, slack_user_id)
    reference = secrets.token_hex(4)
    marker = f"erased-{reference}"
    if person is None:
        traces = _erase_traces(session, slack_user_id, marker)
        if not traces:
            raise _nothing_held(slack_user_id)
        return _recorded(session, actor, reference, traces)
    rows: dict[str, int] = {}
    rows["pulse_response"] = _detach_responses(session, person, min_group)
    rows["pulse_invitation"] = _count(
        session,
        update(PulseInvitation)
        .where(PulseInvitation.person_id == person.id)
        .values(channel=None, message_ts=None, error=None),
    )
    # Their queries' DM thread with relbot: nothing more is relayed to or from it, and
    # neither it nor the relays from it say where it was (a DM's id leads back to them).
    theirs = list(session.scalars(select(QueryTicket.id).where(QueryTicket.asker_id == person.id)))
    _count(
        session,
        update(QueryRelay)
        .where(QueryRelay.ticket_id.in_(theirs), QueryRelay.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.FAILED, error="forgotten", text=""),
    )
    _count(
        session,
        update(QueryRelay)
        .where(QueryRelay.ticket_id.in_(theirs), QueryRelay.direction == RelayDirection.TO_QUEUE)
        .values(source_channel=marker),
    )
    rows["query_ticket"] = _count(
        session,
        update(QueryTicket)
        .where(QueryTicket.asker_id == person.id)
        .values(
            text=REDACTED,
            source_permalink=None,
            asker_id=None,
            dm_channel=None,
            dm_ts=None,
            dm_status=case((QueryTicket.dm_status.is_(None), None), else_=DeliveryStatus.FAILED),
        ),
    )
    rows["query_event"] = _count(
        session,
        update(QueryEvent).where(QueryEvent.actor_id == person.id).values(actor_id=None),
    )
    # A relay keeps its text only until it is posted; one still waiting is not posted now.
    _count(
        session,
        update(QueryRelay)
        .where(QueryRelay.author_id == person.id, QueryRelay.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.FAILED, error="forgotten"),
    )
    rows["query_relay"] = _count(
        session,
        update(QueryRelay).where(QueryRelay.author_id == person.id).values(text="", author_id=None),
    )
    rows["must_have"] = _count(session, delete(MustHave).where(MustHave.person_id == person.id))
    rows["voice_item"] = _count(
        session,
        update(VoiceItem)
        .where(VoiceItem.author_id == person.id)
        .values(
            text="",
            permalink=None,
            author_id=None,
            deleted_at=func.coalesce(VoiceItem.deleted_at, now),
        ),
    )
    # An action stays the council's: it loses its owner; their updates keep their text.
    rows["action"] = _count(
        session, update(Action).where(Action.owner_id == person.id).values(owner_id=None)
    )
    rows["action_update"] = _count(
        session,
        update(ActionUpdate).where(ActionUpdate.author_id == person.id).values(author_id=None),
    )
    names = [person.name.strip()] if len(person.name.strip()) >= 4 else []
    if person.email:
        names.append(person.email)
    for table, count in _erase_traces(session, slack_user_id, marker, names).items():
        rows[table] = rows.get(table, 0) + count
    _tombstone(person, marker)
    rows["person"] = 1
    session.flush()
    return _recorded(session, actor, reference, rows)


def _erase_traces(
    session: Session, sid: str, marker: str, names: Sequence[str] = ()
) -> dict[str, int]:
    """Their reactions and requests to join removed, and their id, mentions, name and email
    replaced everywhere."""
    rows = {
        "voice_reaction": _count(
            session, delete(VoiceReaction).where(VoiceReaction.slack_user_id == sid)
        ),
        # The details they gave to join (their name among them) go whole: once they are
        # forgotten, a request of theirs is of no use to anyone.
        "enrolment_request": _count(
            session, delete(EnrolmentRequest).where(EnrolmentRequest.slack_user_id == sid)
        ),
    }
    rows.update(_sweep(session, sid, names, marker))
    return {table: count for table, count in rows.items() if count}


def _recorded(session: Session, actor: str, reference: str, rows: dict[str, int]) -> Erasure:
    touched = {table: count for table, count in sorted(rows.items()) if count}
    record_admin_action(
        session=session,
        actor=actor,
        action="privacy.forget",
        detail={"erasure": reference, "rows": touched},
    )
    session.flush()
    return Erasure(reference, touched)


def _count(session: Session, statement: Any) -> int:
    result = session.execute(statement, execution_options={"synchronize_session": False})
    return int(getattr(result, "rowcount", 0) or 0)


def _detach_responses(session: Session, person: Person, min_group: int) -> int:
    """Detach answers from the person; drop their comment, and their segment snapshot when
    fewer than `min_group` answers of the round share it (it would single them out)."""
    responses = list(
        session.scalars(select(PulseResponse).where(PulseResponse.person_id == person.id))
    )
    for response in responses:
        same = [PulseResponse.round_id == response.round_id, PulseResponse.side == response.side]
        for name in SEGMENTS:
            value = getattr(response, name)
            column = getattr(PulseResponse, name)
            same.append(column.is_(None) if value is None else column == value)
        sharing = session.scalar(select(func.count()).select_from(PulseResponse).where(*same))
        if (sharing or 0) < min_group:
            for name in SEGMENTS:
                setattr(response, name, None)
        response.comment = None
        response.person_id = None
    session.flush()
    return len(responses)


def _sweep(session: Session, sid: str, names: Sequence[str], marker: str) -> dict[str, int]:
    """Replace their Slack id (as a whole value or an @-mention) with the marker, and their
    name and email (`names`) with a placeholder, in every text and JSON column of the
    activity tables.

    A bare id is replaced only where it is the whole value: Slack ids differ in length, so
    one can be the start of another's."""
    within = {f"<@{sid}>": f"<@{marker}>", f"<@{sid}|": f"<@{marker}|"}
    for name in names:
        within[name] = NAME_REMOVED
    counts: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        if table.name in _NOT_SWEPT:
            continue
        key = next(iter(table.primary_key.columns))
        changed = 0
        for column in table.columns:
            if isinstance(column.type, JSON):
                holds = or_(*(cast(column, String).contains(n) for n in [sid, *within]))
                for pk, value in session.execute(select(key, column).where(holds)).all():
                    cleaned = _clean(value, sid, marker, within)
                    if cleaned != value:
                        session.execute(update(table).where(key == pk).values({column: cleaned}))
                        changed += 1
            elif isinstance(column.type, String | Text) and not isinstance(column.type, Enum):
                changed += _count(
                    session, update(table).where(column == sid).values({column: marker})
                )
                for needle, replacement in within.items():
                    changed += _count(
                        session,
                        update(table)
                        .where(column.contains(needle, autoescape=True))
                        .values({column: func.replace(column, needle, replacement)}),
                    )
        if changed:
            counts[table.name] = changed
    return counts


def _clean(value: Any, sid: str, marker: str, within: dict[str, str]) -> Any:
    """A JSON value with the id, mentions, name and email replaced, however deep."""
    if isinstance(value, dict):
        return {
            _clean(k, sid, marker, within): _clean(v, sid, marker, within) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_clean(item, sid, marker, within) for item in value]
    if isinstance(value, str):
        if value == sid:
            return marker
        for needle, replacement in within.items():
            value = value.replace(needle, replacement)
    return value


def _tombstone(person: Person, marker: str) -> None:
    """Keep the row, nameless, so past rounds still count who was invited, by side."""
    person.slack_user_id = marker
    person.name = ERASED_NAME
    person.email = None
    person.organisation_id = None
    person.department_id = None
    for name in ("position", "area", "service_type", "org_size", "council_share"):
        setattr(person, name, None)
    person.decision_maker = False
    person.active = False
