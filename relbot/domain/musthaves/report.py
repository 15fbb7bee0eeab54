"""A round's Must Haves by category, providers' and officers' side by side (no names).

A side's counts and texts are shown only once at least the minimum group size of its
people have taken part, so no handful of people can be picked out by what they wrote.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from relbot.domain.categories import OTHER
from relbot.domain.musthaves.collections import Collection
from relbot.models import MustHave, MustHaveCategory
from relbot.models.enums import Side

SIDES = (Side.PROVIDER, Side.OFFICER)
TOP = 3
ALL_CATEGORIES = "All categories"


@dataclass(frozen=True)
class CategoryLine:
    key: str
    label: str
    counts: dict[Side, int]
    texts: dict[Side, tuple[str, ...]]
    people: dict[Side, int] = field(default_factory=dict)  # how many named this category


@dataclass(frozen=True)
class MustHaveReport:
    collection: Collection
    min_group: int
    people: dict[Side, int]
    lines: tuple[CategoryLine, ...]
    top: dict[Side, tuple[str, ...]] = field(default_factory=dict)

    def shown(self, side: Side) -> bool:
        """Whether enough people on this side took part for their figures to be shown."""
        return self.people.get(side, 0) >= self.min_group

    @property
    def total(self) -> int:
        return sum(sum(line.counts.values()) for line in self.lines)


def must_have_report(
    *,
    session: Session,
    collection: Collection,
    min_group: int,
    since: datetime | None = None,
) -> MustHaveReport:
    """Every category with each side's count and texts; `since` limits it to newer ones."""
    where = [MustHave.collection_id == collection.id]
    if since is not None:
        where.append(MustHave.created_at >= since)
    people: dict[Side, int] = {side: 0 for side in SIDES}
    for side, count in session.execute(
        select(MustHave.side, func.count(distinct(MustHave.person_id)))
        .where(*where)
        .group_by(MustHave.side)
    ):
        people[side] = count
    texts: dict[int, dict[Side, list[str]]] = defaultdict(lambda: defaultdict(list))
    named: dict[int, dict[Side, set[int]]] = defaultdict(lambda: defaultdict(set))
    for category_id, side, text, person_id in session.execute(
        select(MustHave.category_id, MustHave.side, MustHave.text, MustHave.person_id)
        .where(*where)
        .order_by(MustHave.created_at, MustHave.id)
    ):
        texts[category_id][side].append(text)
        if person_id is not None:
            named[category_id][side].add(person_id)
    categories = session.scalars(select(MustHaveCategory).order_by(MustHaveCategory.ordinal))
    lines = tuple(
        CategoryLine(
            category.key,
            category.label,
            {side: len(texts[category.id][side]) for side in SIDES},
            {side: tuple(texts[category.id][side]) for side in SIDES},
            {side: len(named[category.id][side]) for side in SIDES},
        )
        for category in categories
        if category.active or category.id in texts
    )
    top = {side: _top(lines, side) for side in SIDES if people[side] >= min_group}
    return MustHaveReport(collection, min_group, people, lines, top)


def _top(lines: tuple[CategoryLine, ...], side: Side) -> tuple[str, ...]:
    ranked = sorted(
        (line for line in lines if line.key != OTHER and line.counts[side] > 0),
        key=lambda line: -line.counts[side],
    )
    return tuple(line.label for line in ranked[:TOP])


def counts_between(
    *, session: Session, start: datetime, end: datetime, min_group: int
) -> list[tuple[str, int | None, int | None]]:
    """Must Haves recorded in the period per category: (label, providers, officers), a side
    None when fewer than `min_group` of its people recorded any. Only categories a shown side
    wrote in are listed; when no side can be shown, one line says so for all categories."""
    where = (MustHave.created_at >= start, MustHave.created_at < end)
    people: dict[Side, int] = {
        side: count
        for side, count in session.execute(
            select(MustHave.side, func.count(distinct(MustHave.person_id)))
            .where(*where)
            .group_by(MustHave.side)
        )
    }
    counts: dict[tuple[str, Side], int] = {}
    order: dict[str, int] = {}
    for label, ordinal, side, count in session.execute(
        select(MustHaveCategory.label, MustHaveCategory.ordinal, MustHave.side, func.count())
        .join(MustHaveCategory, MustHave.category_id == MustHaveCategory.id)
        .where(*where)
        .group_by(MustHaveCategory.label, MustHaveCategory.ordinal, MustHave.side)
    ):
        counts[(label, side)] = count
        order[label] = ordinal

    shown = [side for side in SIDES if people.get(side, 0) >= min_group]
    if counts and not shown:  # every side too small: not even which categories they chose
        return [(ALL_CATEGORIES, None, None)]

    def figure(label: str, side: Side) -> int | None:
        return counts.get((label, side), 0) if side in shown else None

    # A category is listed for what a shown side wrote, so a hidden side's choices stay hidden.
    listed = [label for label in order if any(counts.get((label, side)) for side in shown)]
    return [
        (label, figure(label, Side.PROVIDER), figure(label, Side.OFFICER))
        for label in sorted(listed, key=order.__getitem__)
    ]
