"""The paper's figures worked out again from the rows a test seeded: plain Python over the
raw answers and queries, by the rules the paper's annex states. Nothing of relbot's analysis
is used, so a figure the paper gets wrong is not also the figure the test expects."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from relbot.config import Settings
from relbot.models import (
    Department,
    MustHave,
    MustHaveCategory,
    MustHaveCollection,
    Person,
    PulseAnswer,
    PulseDepartmentAnswer,
    PulseInvitation,
    PulseResponse,
    PulseRound,
    QueryTicket,
)
from relbot.models.enums import Side
from relbot.models.musthaves import CollectionStatus
from relbot.models.pulse import Dimension, RoundStatus

SUPPRESSED = "(s)"
INDEX = "index"  # the health index's key beside the eight dimensions
Z95 = 1.96
# The segments each side's breakdown tables are by, and the groups read together first.
SEGMENTS = {
    Side.PROVIDER: ("area", "service_type", "org_size", "position", "council_share"),
    Side.OFFICER: ("area", "position", "department"),
}
MERGED = {(Side.OFFICER, "position"): {"head_of_service": "senior", "manager": "senior"}}
NOT_GIVEN = "not given"
SMALLER = "smaller groups combined"


@dataclass(frozen=True)
class Answerer:
    """One person's response to a round: their side, their group in each segment, their
    answers, and (a provider's) answers about each department they rated."""

    side: Side
    groups: dict[str, str]
    scores: dict[Dimension, int]  # 0: no contact
    rated: dict[str, dict[Dimension, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Mean:
    """A mean of 1 to 4 answers, each person one unit however many answers they gave."""

    people: int
    answers: int
    total: int
    favourable: int
    se: float | None
    hidden: bool = False

    @property
    def value(self) -> float | None:
        return None if self.hidden or not self.answers else self.total / self.answers

    def hide(self) -> Mean:
        return Mean(self.people, self.answers, self.total, self.favourable, self.se, True)


Figures = dict[str, Mean]  # INDEX and each dimension


def mean(given: Iterable[Sequence[int]]) -> Mean:
    """From each person's answers, "no contact" (0) left out. Its standard error is the ratio
    estimator Σ(yᵢ - R·mᵢ)² / (n(n-1)·m̄²): yᵢ a person's sum, mᵢ their count, R = Σy/Σm."""
    people = [[s for s in scores if s > 0] for scores in given]
    people = [p for p in people if p]
    n, m, y = len(people), sum(map(len, people)), sum(map(sum, people))
    se = None
    if n >= 2:
        ratio, m_bar = y / m, m / n
        spread = sum((sum(p) - ratio * len(p)) ** 2 for p in people)
        se = math.sqrt(spread / (n * (n - 1) * m_bar**2))
    favourable = sum(1 for p in people for s in p if s >= 3)
    return Mean(n, m, y, favourable, se)


def figures(people: Sequence[Answerer]) -> Figures:
    found = {d.value: mean([[p.scores.get(d, 0)] for p in people]) for d in Dimension}
    found[INDEX] = mean([[p.scores.get(d, 0) for d in Dimension] for p in people])
    return found


def alone(found: Figures, k: int) -> Figures:
    """Figures of a group shown on their own: each hidden under k people, and the index
    hidden whenever a dimension is."""
    shown = {key: m.hide() if 0 < m.people < k else m for key, m in found.items()}
    if any(shown[d.value].hidden for d in Dimension) and shown[INDEX].people:
        shown[INDEX] = shown[INDEX].hide()
    return shown


def _hidden(
    sizes: dict[str, int], whole: int, k: int, whole_hidden: bool, forced: set[str]
) -> set[str]:
    """The groups of a partition to hide: those under k (and `forced`); then, beside a shown
    total, the smallest others until the hidden ones are two or more holding k or more
    people; beside a hidden total, at least one."""
    hidden = {g for g, n in sizes.items() if n and (n < k or g in forced)}
    others = sorted((n, g) for g, n in sizes.items() if n and g not in hidden)
    if whole_hidden or whole < k:
        if not hidden and others:
            hidden.add(others[0][1])
        return hidden
    while hidden and others and (len(hidden) < 2 or sum(sizes[g] for g in hidden) < k):
        hidden.add(others.pop(0)[1])
    return hidden


def partitioned(groups: dict[str, list[Answerer]], whole: Figures, k: int) -> dict[str, Figures]:
    """Figures of groups that together make up `whole`: each figure hidden by the rule for
    a partition, and a group's index hidden whenever one of its dimensions is."""
    found = {g: figures(people) for g, people in groups.items()}
    for d in Dimension:
        sizes = {g: f[d.value].people for g, f in found.items()}
        for g in _hidden(sizes, whole[d.value].people, k, whole[d.value].hidden, set()):
            found[g][d.value] = found[g][d.value].hide()
    forced = {g for g, f in found.items() if any(f[d.value].hidden for d in Dimension)}
    sizes = {g: f[INDEX].people for g, f in found.items()}
    for g in _hidden(sizes, whole[INDEX].people, k, whole[INDEX].hidden, forced):
        found[g][INDEX] = found[g][INDEX].hide()
    return found


def text(m: Mean, k: int) -> str:
    """As the paper shows a mean: hidden, none, or two decimals (* under 2k people)."""
    if m.hidden:
        return SUPPRESSED
    if m.value is None:
        return "—"
    return f"{m.value:.2f}" + ("" if m.people >= 2 * k else "*")


def favourable(m: Mean, k: int) -> str:
    return text(m, k) if m.value is None else f"{m.favourable / m.answers:.0%}"


def change(before: Mean, after: Mean) -> tuple[float, float, int] | None:
    """after - before, the half-width of its 95% interval (the two standard errors combined
    in quadrature), and by the rule +1 for a rise, -1 for a fall, 0 when the interval holds
    zero; None unless both means are shown with their noise."""
    if before.value is None or after.value is None or before.se is None or after.se is None:
        return None
    value = after.value - before.value
    margin = Z95 * math.sqrt(before.se**2 + after.se**2)
    return value, margin, (value - margin > 0) - (value + margin < 0)


def moved(before: Mean, after: Mean) -> str:
    """A change in the paper's words: "rose by 0.81 (±0.30)", "about the same (+0.05,
    ±0.20)"; a dash when it cannot be worked out."""
    found = change(before, after)
    if found is None:
        return "—"
    value, margin, sign = found
    if sign == 0:
        return f"about the same ({value:+.2f}, ±{margin:.2f})"
    return f"{'rose' if sign > 0 else 'fell'} by {abs(value):.2f} (±{margin:.2f})"


@dataclass(frozen=True)
class Round:
    """One round's figures, recounted."""

    k: int
    people: list[Answerer]
    invited: dict[Side, int]
    overall: Figures
    sides: dict[Side, Figures]
    segments: dict[tuple[Side, str], dict[str, Figures]]
    departments: dict[str, tuple[list[Answerer], Figures]]  # providers rating it, figures

    def no_contact(self, people: Sequence[Answerer]) -> list[int | None]:
        """Per question, how many answered "no contact"; none shown under k people."""
        if len(people) < self.k:
            return [None] * len(Dimension)
        return [sum(1 for p in people if not p.scores.get(d)) for d in Dimension]

    def cells(self) -> list[Mean]:
        """Every figure the paper counts when it says how reliable they are."""
        measures = [self.overall, *self.sides.values()]
        measures += [f for groups in self.segments.values() for f in groups.values()]
        measures += [f for _, f in self.departments.values()]
        return [m for found in measures for m in found.values()]

    def reliability(self) -> str:
        """The paper's sentence on how far its figures can be relied on: how many are hidden,
        and how many shown rest on fewer than 2k people."""
        cells = self.cells()
        hidden = sum(1 for m in cells if m.hidden)
        small = sum(1 for m in cells if m.value is not None and m.people < 2 * self.k)
        if not hidden and not small:
            return f"Every figure shown rests on at least {2 * self.k} people."
        return (
            f"Some groups are small: {hidden} figures are hidden because fewer than {self.k} "
            f"people gave them, and {small} marked * rest on fewer than {2 * self.k}, so read "
            "the breakdowns with care."
        )


def answerers(session: Session, round_id: int) -> list[Answerer]:
    names = dict(session.execute(select(Department.id, Department.name)).all())
    scores: dict[int, dict[Dimension, int]] = {}
    for response, dimension, score in session.execute(
        select(PulseAnswer.response_id, PulseAnswer.dimension, PulseAnswer.score)
        .join(PulseResponse, PulseResponse.id == PulseAnswer.response_id)
        .where(PulseResponse.round_id == round_id)
    ):
        scores.setdefault(response, {})[Dimension(dimension)] = score
    rated: dict[int, dict[str, dict[Dimension, int]]] = {}
    for response, department, dimension, score in session.execute(
        select(
            PulseDepartmentAnswer.response_id,
            PulseDepartmentAnswer.department_id,
            PulseDepartmentAnswer.dimension,
            PulseDepartmentAnswer.score,
        )
        .join(PulseResponse, PulseResponse.id == PulseDepartmentAnswer.response_id)
        .where(PulseResponse.round_id == round_id)
    ):
        rated.setdefault(response, {}).setdefault(names[department], {})[dimension] = score
    found = []
    for row in session.execute(select(PulseResponse).where(PulseResponse.round_id == round_id)):
        response: PulseResponse = row[0]
        side = Side(response.side)
        details = {
            "area": response.area,
            "service_type": response.service_type,
            "org_size": response.org_size,
            "position": response.position,
            "council_share": response.council_share,
            "department": names.get(response.department_id or -1),
        }
        groups = {s: str(details[s]) if details[s] else NOT_GIVEN for s in SEGMENTS[side]}
        found.append(
            Answerer(side, groups, scores.get(response.id, {}), rated.get(response.id, {}))
        )
    return found


def _groups(
    people: Sequence[Answerer], side: Side, segment: str, k: int
) -> dict[str, list[Answerer]]:
    """A side's people by one segment: the stated groups read together, then every group
    under k people pooled into one when there are two or more such."""
    merge = MERGED.get((side, segment), {})
    groups: dict[str, list[Answerer]] = {}
    for person in people:
        name = person.groups[segment]
        groups.setdefault(merge.get(name, name), []).append(person)
    small = [g for g, members in groups.items() if len(members) < k]
    if len(small) > 1:
        groups[SMALLER] = [p for g in small for p in groups.pop(g)]
    return groups


def recount(session: Session, round_id: int, k: int) -> Round:
    invited = dict.fromkeys(Side, 0)
    for side in session.scalars(
        select(Person.side)
        .join(PulseInvitation, PulseInvitation.person_id == Person.id)
        .where(PulseInvitation.round_id == round_id)
    ):
        invited[Side(side)] += 1
    return tally(answerers(session, round_id), invited, k)


def tally(people: list[Answerer], invited: dict[Side, int], k: int) -> Round:
    """Every figure of a round from its people's answers, hidden by the anonymity rule."""
    overall = alone(figures(people), k)
    by_side = {s: [p for p in people if p.side is s] for s in Side}
    sides = partitioned({s.value: by_side[s] for s in Side}, overall, k)
    segments = {
        (side, segment): partitioned(_groups(by_side[side], side, segment, k), sides[side.value], k)
        for side in Side
        for segment in SEGMENTS[side]
    }
    raters: dict[str, list[Answerer]] = {}
    for person in by_side[Side.PROVIDER]:
        for name, scores in person.rated.items():
            raters.setdefault(name, []).append(Answerer(person.side, {}, scores))
    departments = {
        name: (group, alone(figures(group), k)) for name, group in sorted(raters.items())
    }
    return Round(
        k, people, invited, overall, {s: sides[s.value] for s in Side}, segments, departments
    )


def closed_rounds(session: Session, upto: int) -> list[int]:
    return list(
        session.scalars(
            select(PulseRound.id)
            .where(PulseRound.status == RoundStatus.CLOSED, PulseRound.id <= upto)
            .order_by(PulseRound.id)
        )
    )


def round_index(session: Session, round_id: int, k: int) -> Mean:
    """A round's health index as the trend shows it: every 1 to 4 answer, hidden only under
    k people (the trend shows no dimension it could give away)."""
    found = figures(answerers(session, round_id))[INDEX]
    return found.hide() if 0 < found.people < k else found


def direction(points: Sequence[Mean]) -> str:
    """The trend in words, between the first and last rounds with an index shown."""
    shown = [p for p in points if p.value is not None]
    if len(shown) < 2:
        return "too few rounds to show a trend yet"
    first, last = shown[0], shown[-1]
    found = change(first, last)
    sign = 0 if found is None else found[2]
    said = {1: "rising", -1: "falling", 0: "about the same"}[sign]
    return f"{said} over the last {len(shown)} rounds ({first.value:.2f} to {last.value:.2f})"


# Response times ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    department: str
    target: float  # working days
    first: int | None  # working minutes to the first response, as stored
    resolved: int | None
    waited: int | None  # working minutes waited so far, while still waiting


def day_minutes(settings: Settings) -> int:
    """Minutes in one working day, from the council's working hours."""
    calendar = settings.working_calendar()
    return (
        (calendar.end.hour - calendar.start.hour) * 60 + calendar.end.minute - calendar.start.minute
    )


def working_minutes(settings: Settings, start: datetime, end: datetime) -> int:
    """Minutes inside working hours on working days (the council's hours, days and
    holidays), counted day by day in its zone."""
    calendar = settings.working_calendar()
    zone = calendar.zone
    day, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    seconds = 0.0
    while day <= last:
        if day.weekday() in calendar.weekdays and day not in calendar.holidays:
            opens = datetime.combine(day, calendar.start, tzinfo=zone)
            closes = datetime.combine(day, calendar.end, tzinfo=zone)
            seconds += max(0.0, (min(closes, end) - max(opens, start)).total_seconds())
        day += timedelta(days=1)
    return int(seconds // 60)


def queries(
    session: Session, settings: Settings, start: datetime, end: datetime
) -> dict[str, list[Query]]:
    """Queries logged in [start, end), and older ones still waiting, by department."""
    found: dict[str, list[Query]] = {}
    for ticket, name, target in session.execute(
        select(QueryTicket, Department.name, Department.response_target_days).join(
            Department, Department.id == QueryTicket.department_id
        )
    ):
        created = ticket.created_at
        waiting = ticket.first_response_at is None and ticket.resolved_at is None
        if not (start <= created < end or (waiting and created < start)):
            continue
        found.setdefault(name, []).append(
            Query(
                name,
                float(target),
                ticket.first_response_working_minutes,
                ticket.resolution_working_minutes,
                working_minutes(settings, created, end) if waiting else None,
            )
        )
    return found


def nearest_rank(values: Sequence[float], share: float) -> float | None:
    """The smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1] if ordered else None


@dataclass(frozen=True)
class Times:
    """One department's response times, recounted."""

    name: str
    target: float
    count: int
    within: int
    late: int
    open: int
    overdue_now: int
    firsts: list[int]
    resolutions: list[int]

    @property
    def decided(self) -> int:
        return self.within + self.late


def response_times(found: dict[str, list[Query]], day_minutes: int) -> list[Times]:
    rows = []
    for name, group in found.items():
        target = group[0].target * day_minutes
        firsts = [q.first for q in group if q.first is not None]
        waiting = [q for q in group if q.waited is not None]
        rows.append(
            Times(
                name,
                group[0].target,
                len(group),
                within=sum(1 for m in firsts if m <= target),
                late=sum(1 for m in firsts if m > target)
                + sum(1 for q in waiting if (q.waited or 0) > target),
                open=len(waiting),
                overdue_now=sum(1 for q in waiting if (q.waited or 0) > target),
                firsts=firsts,
                resolutions=[q.resolved for q in group if q.resolved is not None],
            )
        )
    return rows


# Must Haves ----------------------------------------------------------------------------------


def must_have_rows(session: Session, by: datetime, k: int) -> tuple[list[Side], list[list[str]]]:
    """The sides shown (k or more of their people took part) and, per category that a shown
    side wrote in, each shown side's items and the share of its people naming it: from the
    collection closed last by `by`."""
    collection = session.scalar(
        select(MustHaveCollection.id)
        .where(
            MustHaveCollection.status == CollectionStatus.CLOSED, MustHaveCollection.closed_at <= by
        )
        .order_by(MustHaveCollection.closed_at.desc(), MustHaveCollection.id.desc())
        .limit(1)
    )
    written = session.execute(
        select(MustHave.category_id, MustHave.side, MustHave.person_id).where(
            MustHave.collection_id == collection
        )
    ).all()

    def people(side: Side, category: int | None = None) -> set[int]:
        return {
            person
            for found, s, person in written
            if s == side and person is not None and category in (None, found)
        }

    shown = [s for s in (Side.PROVIDER, Side.OFFICER) if len(people(s)) >= k]
    rows = []
    for category, label in session.execute(
        select(MustHaveCategory.id, MustHaveCategory.label).order_by(MustHaveCategory.ordinal)
    ):
        items = {s: sum(1 for found, w, _ in written if found == category and w == s) for s in Side}
        if not any(items[s] for s in shown):
            continue
        rows.append(
            [
                label,
                *(
                    cell
                    for s in shown
                    for cell in (
                        str(items[s]),
                        f"{len(people(s, category)) / len(people(s)):.0%}",
                    )
                ),
            ]
        )
    return shown, rows
