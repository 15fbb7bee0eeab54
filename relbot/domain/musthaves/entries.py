"""A person's three Must Haves in the current round: add, list, remove, replace, re-categorise.

The database caps them: each takes a slot 1-3, unique per person and round, so two requests
racing for the last slot cannot both win. Slots stay contiguous, so "remove 2" always means
the second one listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from relbot.analysis.categorise import normalise
from relbot.domain.audit import record_admin_action
from relbot.domain.categories import CORRECTED, best_fit, category_by_key
from relbot.domain.musthaves.collections import Collection
from relbot.models import MustHave, MustHaveCategory, Person
from relbot.models.musthaves import MUST_HAVES_PER_PERSON

TEXT_LIMIT = 500
AUTO = "auto"


class Problem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    DUPLICATE = "duplicate"
    FULL = "full"
    NO_SUCH = "no_such"


@dataclass(frozen=True)
class Entry:
    id: int
    number: int
    text: str
    category: str


@dataclass(frozen=True)
class Outcome:
    """What happened, the person's Must Haves afterwards, and the one concerned."""

    collection: Collection
    entries: tuple[Entry, ...]
    problem: Problem | None = None
    entry: Entry | None = None


def clean(text: str) -> str:
    """One line, spaces collapsed: a Must Have is a short statement."""
    return " ".join(text.split())


def check(text: str) -> Problem | None:
    """Why a text cannot be a Must Have, if it cannot."""
    if not any(character.isalnum() for character in text):
        return Problem.EMPTY
    if len(text) > TEXT_LIMIT:
        return Problem.TOO_LONG
    return None


# Read by every /musthave, each with its category: built once.
_ROWS = (
    select(MustHave)
    .options(joinedload(MustHave.category))
    .where(
        MustHave.collection_id == bindparam("collection_id"),
        MustHave.person_id == bindparam("person_id"),
    )
    .order_by(MustHave.slot)
)


def _rows(session: Session, collection: Collection, person: Person) -> list[MustHave]:
    return list(session.scalars(_ROWS, {"collection_id": collection.id, "person_id": person.id}))


def _entry(row: MustHave) -> Entry:
    return Entry(row.id, row.slot, row.text, row.category.label)


def entries(*, session: Session, collection: Collection, person: Person) -> tuple[Entry, ...]:
    """The person's Must Haves in this round, numbered as listed."""
    return tuple(_entry(row) for row in _rows(session, collection, person))


def add(*, session: Session, collection: Collection, person: Person, text: str) -> Outcome:
    """Record one more Must Have, or say why not."""
    text = clean(text)
    problem = check(text)
    for _attempt in range(MUST_HAVES_PER_PERSON + 1):
        rows = _rows(session, collection, person)
        current = tuple(_entry(row) for row in rows)
        if problem is None and any(normalise(r.text) == normalise(text) for r in rows):
            problem = Problem.DUPLICATE
        if problem is None and len(rows) >= MUST_HAVES_PER_PERSON:
            problem = Problem.FULL
        if problem is not None:
            return Outcome(collection, current, problem)
        row = MustHave(
            collection_id=collection.id,
            person_id=person.id,
            side=person.side,
            slot=len(rows) + 1,
            text=text,
            category=best_fit(session=session, text=text),
            categorised_by=AUTO,
        )
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:  # a concurrent request took that slot; look again
            continue
        return Outcome(collection, (*current, _entry(row)), entry=_entry(row))
    return Outcome(collection, entries(session=session, collection=collection, person=person))


def remove(*, session: Session, collection: Collection, person: Person, number: int) -> Outcome:
    """Remove the Must Have listed as `number`; the ones after it move up."""
    rows = _rows(session, collection, person)
    if not 1 <= number <= len(rows):
        return Outcome(collection, tuple(_entry(row) for row in rows), Problem.NO_SUCH)
    gone = rows.pop(number - 1)
    removed = _entry(gone)
    session.delete(gone)
    session.flush()
    for row in rows[number - 1 :]:  # in slot order, so each move lands on a free slot
        row.slot -= 1
        session.flush()
    return Outcome(collection, tuple(_entry(row) for row in rows), entry=removed)


def replace_all(
    *, session: Session, collection: Collection, person: Person, texts: Sequence[str]
) -> Outcome:
    """Make the person's Must Haves exactly `texts` (blanks dropped); unchanged ones keep
    their category, even one an admin chose."""
    wanted = [clean(text) for text in texts if clean(text)][:MUST_HAVES_PER_PERSON]
    for text in wanted:
        if (problem := check(text)) is not None:
            return Outcome(
                collection, entries(session=session, collection=collection, person=person), problem
            )
    if len({normalise(text) for text in wanted}) != len(wanted):
        current = entries(session=session, collection=collection, person=person)
        return Outcome(collection, current, Problem.DUPLICATE)
    kept = {
        normalise(row.text): (row.category, row.categorised_by, row.created_at)
        for row in _rows(session, collection, person)
    }
    for row in _rows(session, collection, person):
        session.delete(row)
    session.flush()
    for slot, text in enumerate(wanted, start=1):
        before = kept.get(normalise(text))
        row = MustHave(
            collection_id=collection.id,
            person_id=person.id,
            side=person.side,
            slot=slot,
            text=text,
            category=before[0] if before else best_fit(session=session, text=text),
            categorised_by=before[1] if before else AUTO,
        )
        if before is not None:  # unchanged: still recorded when it first was
            row.created_at = before[2]
        session.add(row)
    session.flush()
    return Outcome(collection, entries(session=session, collection=collection, person=person))


def recategorise(*, session: Session, must_have_id: int, key: str, actor: str) -> Entry | None:
    """An admin's correction; later guesses learn from it. None when either is unknown."""
    row = session.get(MustHave, must_have_id)
    category = category_by_key(session=session, key=key)
    if row is None or category is None:
        return None
    before = row.category.key
    row.category, row.categorised_by = category, CORRECTED
    session.flush()
    record_admin_action(
        session=session,
        actor=actor,
        action="must_haves.recategorise",
        detail={"must_have": row.id, "from": before, "to": key},
    )
    return _entry(row)


def for_review(
    *, session: Session, collection: Collection, limit: int
) -> list[tuple[int, str, str, bool]]:
    """Must Haves for an admin to check, automatic guesses first, oldest first:
    (id, text, category key, corrected already)."""
    rows = session.execute(
        select(MustHave.id, MustHave.text, MustHaveCategory.key, MustHave.categorised_by)
        .join(MustHaveCategory, MustHave.category_id == MustHaveCategory.id)
        .where(MustHave.collection_id == collection.id)
        .order_by((MustHave.categorised_by == CORRECTED), MustHave.created_at, MustHave.id)
        .limit(limit)
    )
    return [(id_, text, key, by == CORRECTED) for id_, text, key, by in rows]


def count(*, session: Session, collection: Collection) -> int:
    """How many Must Haves the round holds."""
    return int(
        session.scalar(
            select(func.count(MustHave.id)).where(MustHave.collection_id == collection.id)
        )
        or 0
    )
