"""A year of a large council's activity, written with bulk inserts: 5,000 providers' staff in
300 organisations and the council's officers; fortnightly pulse rounds, queries, Must Haves
rounds and the provider-voice channel."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert, select

from relbot.db import make_session_factory
from relbot.domain.categories import category_specs, ensure_categories
from relbot.domain.pulse.answers import answer_tally
from relbot.models import (
    Department,
    MustHave,
    MustHaveCategory,
    MustHaveCollection,
    Organisation,
    Person,
    PulseAnswer,
    PulseDepartmentAnswer,
    PulseInvitation,
    PulseResponse,
    PulseRound,
    QueryEvent,
    QueryTicket,
    VoiceItem,
    VoiceReaction,
)
from relbot.models.enums import Area, OrgSize, ServiceType, Side
from relbot.models.musthaves import CollectionStatus
from relbot.models.pulse import DeliveryStatus, Dimension, RoundStatus
from relbot.models.queries import QueryEventKind, QuerySource, QueryStatus
from relbot.models.voice import AuthorSide

PROVIDERS = 5000
ORGANISATIONS = 300
OFFICERS = 400
DEPARTMENTS = 30
ROUNDS = 26
QUERIES = 40_000
MUST_HAVE_ROUNDS = 4
VOICE_ITEMS = 6000
CHANNEL = "CVOICE"
BATCH = 20_000

TEXTS = (
    "Pay rates that cover the real cost of care, reviewed every year.",
    "One named contact in commissioning who answers within two days.",
    "Payments on time, every time, with remittances we can reconcile.",
    "Share hospital discharge plans before the person arrives.",
    "Fewer forms: ask for each piece of information once.",
    "Bring providers into strategy early, not after it is decided.",
    "Clear escalation when a package of care breaks down.",
    "Joint training with social workers on safeguarding.",
    "Honest forecasts of demand so we can recruit ahead.",
    "Contract monitoring visits that focus on outcomes, not paperwork.",
)


@dataclass(frozen=True)
class Seeded:
    """What the timings need to know about the data written."""

    latest_round: int
    rows: int


def _bulk(connection: Connection, table: Table | Any, rows: Sequence[dict[str, Any]]) -> int:
    for start in range(0, len(rows), BATCH):
        connection.execute(insert(table), rows[start : start + BATCH])
    return len(rows)


def _directory(connection: Connection, rng: random.Random, now: datetime) -> int:
    stamp = {"created_at": now}
    written = _bulk(
        connection,
        Organisation,
        [{"name": "The Council", "side": Side.OFFICER, **stamp}]
        + [
            {"name": f"Provider {n:03d}", "side": Side.PROVIDER, **stamp}
            for n in range(ORGANISATIONS)
        ],
    )
    written += _bulk(
        connection,
        Department,
        [
            {
                "name": f"Department {n}",
                "name_key": f"department {n}",
                "aliases": "",
                "response_target_days": rng.choice((1.0, 2.0, 3.0, 5.0)),
                "description": "",
                "active": True,
                "updated_at": now,
                **stamp,
            }
            for n in range(DEPARTMENTS)
        ],
    )
    organisations = dict(connection.execute(select(Organisation.name, Organisation.id)).all())
    departments = list(connection.execute(select(Department.id)).scalars())
    # Organisation sizes are skewed, as in a real market: a few large, many small.
    weights = [1 / (n + 1) ** 0.6 for n in range(ORGANISATIONS)]
    homes = rng.choices(range(ORGANISATIONS), weights, k=PROVIDERS)
    people = [
        {
            "slack_user_id": f"UP{n:07d}",
            "name": f"Provider person {n}",
            "side": Side.PROVIDER,
            "organisation_id": organisations[f"Provider {home:03d}"],
            "area": rng.choice(list(Area)),
            "service_type": rng.choice(list(ServiceType)),
            "org_size": OrgSize.LARGE if home < 30 else rng.choice((OrgSize.SMALL, OrgSize.MEDIUM)),
            "decision_maker": rng.random() < 0.2,
            "active": True,
            "updated_at": now,
            **stamp,
        }
        for n, home in enumerate(homes)
    ]
    officers = [
        {
            "slack_user_id": f"UO{n:07d}",
            "name": f"Officer {n}",
            "side": Side.OFFICER,
            "organisation_id": organisations["The Council"],
            "department_id": rng.choice(departments),
            "decision_maker": rng.random() < 0.1,
            "active": True,
            "updated_at": now,
            **stamp,
        }
        for n in range(OFFICERS)
    ]
    return written + _bulk(connection, Person, people) + _bulk(connection, Person, officers)


def _pulse(connection: Connection, rng: random.Random, now: datetime) -> tuple[int, int]:
    people = list(
        connection.execute(
            select(
                Person.id,
                Person.side,
                Person.department_id,
                Person.area,
                Person.service_type,
                Person.org_size,
            )
        )
    )
    departments = list(connection.execute(select(Department.id)).scalars())
    written, latest = 0, 0
    for number in range(ROUNDS):
        # The latest round closed over a week ago, so this week's digest shows it.
        opened = now - timedelta(weeks=2 * (ROUNDS - number), days=-3)
        latest = connection.execute(
            insert(PulseRound).returning(PulseRound.id),
            {
                "slot": f"scale:{number}",
                "question_version": 1,
                "status": RoundStatus.CLOSED,
                "opened_at": opened,
                "closes_at": opened + timedelta(days=5),
                "remind_at": opened + timedelta(days=2),
                "closed_at": opened + timedelta(days=5),
                "opened_by": "schedule",
            },
        ).scalar_one()
        written += 1 + _bulk(
            connection,
            PulseInvitation,
            [
                {
                    "round_id": latest,
                    "person_id": p.id,
                    "status": DeliveryStatus.SENT,
                    "sent_at": opened,
                }
                for p in people
            ],
        )
        rate = rng.uniform(0.35, 0.6)
        answering = [
            p for p in people if rng.random() < (rate + 0.15 if p.side is Side.OFFICER else rate)
        ]
        submitted = [opened + timedelta(hours=rng.randint(1, 110)) for _ in answering]
        scores = [[rng.choices(range(5), (1, 2, 4, 5, 3))[0] for _ in Dimension] for _ in answering]
        tallies = [answer_tally(given) for given in scores]
        ids = connection.execute(
            insert(PulseResponse).returning(PulseResponse.id, sort_by_parameter_order=True),
            [
                {
                    "round_id": latest,
                    "person_id": p.id,
                    "side": p.side,
                    "department_id": p.department_id,
                    "area": p.area,
                    "service_type": p.service_type,
                    "org_size": p.org_size,
                    "answer_count": count,
                    "answer_total": total,
                    "submitted_at": at,
                    "updated_at": opened,
                }
                for p, at, (count, total) in zip(answering, submitted, tallies, strict=True)
            ],
        ).scalars()
        pairs = list(zip(ids, answering, strict=True))
        written += len(pairs)
        written += _bulk(
            connection,
            PulseAnswer,
            [
                {"response_id": r, "dimension": d, "score": score}
                for (r, _), given in zip(pairs, scores, strict=True)
                for d, score in zip(Dimension, given, strict=True)
            ],
        )
        written += _bulk(
            connection,
            PulseDepartmentAnswer,
            [
                {"response_id": r, "department_id": dep, "dimension": d, "score": rng.randint(1, 4)}
                for r, p in pairs
                if p.side is Side.PROVIDER
                for dep in rng.sample(departments, rng.randint(0, 3))
                for d in Dimension
            ],
        )
    return latest, written


def _queries(connection: Connection, rng: random.Random, now: datetime) -> int:
    askers = list(
        connection.execute(select(Person.id).where(Person.side == Side.PROVIDER)).scalars()
    )
    departments = list(connection.execute(select(Department.id)).scalars())
    tickets: list[dict[str, Any]] = []
    for number in range(QUERIES):
        created = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        age = (now - created).total_seconds() / 60
        first_after = rng.lognormvariate(6.5, 1.1)  # median about 11 hours
        answered = first_after < age and rng.random() > 0.01
        resolve_after = first_after + rng.lognormvariate(7.5, 1.0)
        resolved = answered and resolve_after < age
        tickets.append(
            {
                "request_key": f"scale:{number}",
                "asker_id": rng.choice(askers),
                "department_id": rng.choice(departments),
                "text": rng.choice(TEXTS),
                "source": rng.choice(list(QuerySource)),
                "status": QueryStatus.RESOLVED
                if resolved
                else QueryStatus.RESPONDED
                if answered
                else QueryStatus.OPEN,
                "post_status": DeliveryStatus.SENT,
                "created_at": created,
                "first_response_at": created + timedelta(minutes=first_after) if answered else None,
                "first_response_working_minutes": int(first_after * 0.3) if answered else None,
                "resolved_at": created + timedelta(minutes=resolve_after) if resolved else None,
                "resolution_working_minutes": int(resolve_after * 0.3) if resolved else None,
            }
        )
    written = _bulk(connection, QueryTicket, tickets)
    ids = connection.execute(select(QueryTicket.id, QueryTicket.created_at)).all()
    events = [
        {"ticket_id": i, "kind": QueryEventKind.LOGGED, "at": at, "detail": {}} for i, at in ids
    ]
    return written + _bulk(connection, QueryEvent, events)


def _must_haves(connection: Connection, rng: random.Random, now: datetime) -> int:
    categories = list(connection.execute(select(MustHaveCategory.id)).scalars())
    people = list(connection.execute(select(Person.id, Person.side)))
    written = 0
    for number in range(MUST_HAVE_ROUNDS):
        opened = now - timedelta(weeks=13 * (MUST_HAVE_ROUNDS - number) - 1)
        closed = opened + timedelta(weeks=3)
        status = CollectionStatus.CLOSED if closed < now else CollectionStatus.OPEN
        collection = connection.execute(
            insert(MustHaveCollection).returning(MustHaveCollection.id),
            {
                "name": f"Quarter {number + 1}",
                "status": status,
                "opened_at": opened,
                "closed_at": closed if status is CollectionStatus.CLOSED else None,
            },
        ).scalar_one()
        rows = [
            {
                "collection_id": collection,
                "person_id": p.id,
                "side": p.side,
                "slot": slot,
                "text": rng.choice(TEXTS),
                "category_id": rng.choice(categories),
                "categorised_by": "auto",
                "created_at": opened + timedelta(minutes=rng.randint(0, 20_000)),
                "updated_at": opened,
            }
            for p in people
            if rng.random() < 0.3
            for slot in range(1, rng.randint(1, 3) + 1)
        ]
        written += 1 + _bulk(connection, MustHave, rows)
    return written


def _voice(connection: Connection, rng: random.Random, now: datetime) -> int:
    categories = list(connection.execute(select(MustHaveCategory.id)).scalars())
    people = list(connection.execute(select(Person.id, Person.side, Person.slack_user_id)))
    items: list[dict[str, Any]] = []
    reactions: list[dict[str, Any]] = []
    for number in range(VOICE_ITEMS):
        posted = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        # Unique by construction: the fraction carries the item's number and reply.
        ts = f"{int(posted.timestamp())}.{number:05d}0"
        author = rng.choice(people)
        anonymous = author.side is Side.PROVIDER and rng.random() < 0.2
        side = AuthorSide.PROVIDER if author.side is Side.PROVIDER else AuthorSide.OFFICER
        answered = posted + timedelta(hours=rng.randint(1, 120)) if rng.random() < 0.7 else None
        items.append(_item(ts, None, None if anonymous else author.id, side, anonymous, posted))
        items[-1].update(category_id=rng.choice(categories), officer_answered_at=answered)
        for reply in range(rng.choice((0, 0, 1, 2, 4))):
            replier = rng.choice(people)
            side = AuthorSide.PROVIDER if replier.side is Side.PROVIDER else AuthorSide.OFFICER
            at = posted + timedelta(minutes=10 * (reply + 1))
            reply_ts = f"{int(at.timestamp())}.{number:05d}{reply + 1}"
            items.append(_item(reply_ts, ts, replier.id, side, False, at))
        for reactor in rng.sample(people, rng.choice((0, 1, 3, 8, 20))):
            reactions.append(
                {
                    "channel": CHANNEL,
                    "ts": ts,
                    "slack_user_id": reactor.slack_user_id,
                    "name": rng.choice(("+1", "heart", "eyes")),
                    "active": rng.random() > 0.05,
                    "changed_ts": ts,
                }
            )
    return _bulk(connection, VoiceItem, items) + _bulk(connection, VoiceReaction, reactions)


def _item(
    ts: str, thread: str | None, author: int | None, side: AuthorSide, anonymous: bool, at: datetime
) -> dict[str, Any]:
    return {
        "channel": CHANNEL,
        "ts": ts,
        "thread_ts": thread,
        "author_id": author,
        "author_side": side,
        "anonymous": anonymous,
        "text": "Discharge letters arrive after the person does.",
        "category_id": None,
        "officer_answered_at": None,
        "posted_at": at,
    }


def seed(engine: Engine, now: datetime | None = None, seed: int = 11) -> Seeded:
    """Fill a migrated, empty database with a year up to `now`."""
    now = now or datetime.now(UTC)
    rng = random.Random(seed)
    with make_session_factory(engine).begin() as session:
        ensure_categories(session=session, specs=category_specs(()))
    with engine.begin() as connection:
        written = _directory(connection, rng, now)
        latest, pulse = _pulse(connection, rng, now)
        parts: Iterable[int] = (
            _queries(connection, rng, now),
            _must_haves(connection, rng, now),
            _voice(connection, rng, now),
        )
        return Seeded(latest, written + pulse + sum(parts))
