"""The pulse analysis: health index, dimensions, segments, departments, gaps and change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field

from relbot.analysis.cells import FAVOURABLE_FROM, Cell, Tally, cell, difference, partition
from relbot.analysis.change import Change, change_between
from relbot.models.enums import Side
from relbot.models.pulse import Dimension

NOT_GIVEN = "not given"
SMALLER = "smaller groups combined"
SENIOR = "senior"
# Groups read together before any figure is shown: the two senior grades are each small in
# most councils, and together show how senior officers see the relationship.
MERGED: dict[tuple[Side, str], dict[str, str]] = {
    (Side.OFFICER, "position"): {"head_of_service": SENIOR, "manager": SENIOR},
}
# The segments each side is broken down by, as in the seed report.
SEGMENTS: dict[Side, tuple[str, ...]] = {
    Side.PROVIDER: ("area", "service_type", "org_size", "position", "council_share"),
    Side.OFFICER: ("area", "position", "department"),
}


@dataclass(frozen=True)
class Respondent:
    """One person's answers to a round, with their segments when they answered."""

    side: Side
    segments: Mapping[str, str | None]
    scores: Mapping[Dimension, int]
    departments: Mapping[str, Mapping[Dimension, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Measure:
    """The health index and each dimension, for one group of respondents."""

    index: Cell
    dimensions: Mapping[Dimension, Cell]


@dataclass(frozen=True)
class DepartmentFigures:
    raters: int
    measure: Measure
    no_contact: Mapping[Dimension, int | None]


@dataclass(frozen=True)
class RoundReport:
    min_group: int
    invited: Mapping[Side, int]
    responded: Mapping[Side, int]
    overall: Measure
    by_side: Mapping[Side, Measure]
    gaps: Mapping[Dimension, float | None]
    segments: Mapping[tuple[Side, str], Mapping[str, Measure]]
    departments: Mapping[str, DepartmentFigures]
    no_contact: Mapping[Side, Mapping[Dimension, int | None]]
    change: Change | None = None  # the index since the round before, with its noise

    def response_rate(self, side: Side | None = None) -> float | None:
        sides = [side] if side else list(Side)
        invited = sum(self.invited.get(s, 0) for s in sides)
        responded = sum(self.responded.get(s, 0) for s in sides)
        return responded / invited if invited else None


def _tally_index(respondents: Sequence[Respondent]) -> Tally:
    """Health index: the mean of every 1-4 answer (0 = no contact is left out)."""
    return tally_pooled(respondents, tuple(Dimension))


def tally_pooled(respondents: Sequence[Respondent], dimensions: Sequence[Dimension]) -> Tally:
    """Every 1-4 answer the respondents gave to these dimensions, pooled (the index pools all
    eight)."""
    # Summed in plain numbers: a Tally per respondent is too slow for thousands of them.
    n = count = total = squares = cross = counts_squared = favourable = 0
    for person in respondents:
        given = [s for d in dimensions if (s := person.scores.get(d, 0)) > 0]
        if given:
            m, y = len(given), sum(given)
            n, count, total = n + 1, count + m, total + y
            squares, cross, counts_squared = squares + y * y, cross + y * m, counts_squared + m * m
            favourable += sum(1 for s in given if s >= FAVOURABLE_FROM)
    return Tally(n, count, float(total), squares, cross, counts_squared, favourable)


def tally_departments(respondents: Sequence[Respondent], excluded: Set[str]) -> Tally:
    """Providers' ratings of every department but the excluded ones, pooled: one unit per
    provider, however many departments they rated."""
    pooled = Tally(favourable=0)
    for person in respondents:
        given = [
            s
            for name, scores in person.departments.items()
            if name not in excluded
            for s in scores.values()
            if s > 0
        ]
        pooled = pooled.add(given)
    return pooled


def _tally_dimension(respondents: Sequence[Respondent], dimension: Dimension) -> Tally:
    n = total = squares = favourable = 0
    for person in respondents:
        score = person.scores.get(dimension, 0)
        if score > 0:
            n, total, squares = n + 1, total + score, squares + score * score
            favourable += score >= FAVOURABLE_FROM
    return Tally(n, n, float(total), squares, total, n, favourable)


def _measure(respondents: Sequence[Respondent], min_group: int) -> Measure:
    return _consistent(
        Measure(
            index=cell(_tally_index(respondents), min_group),
            dimensions={d: cell(_tally_dimension(respondents, d), min_group) for d in Dimension},
        )
    )


def _consistent(measure: Measure) -> Measure:
    """The index pools every dimension's answers: shown beside the others it would give away
    a hidden dimension, so it is hidden whenever one of them is."""
    if measure.index.shown and any(c.suppressed for c in measure.dimensions.values()):
        index = measure.index
        return Measure(Cell(index.n, None, True, False), measure.dimensions)
    return measure


def _partitioned(
    groups: Mapping[str, Sequence[Respondent]],
    whole: Sequence[Respondent],
    min_group: int,
    parent: Measure,
) -> dict[str, Measure]:
    """Measures for groups that make up `whole`, with complementary suppression per measure.

    `parent` is how `whole` itself is shown: what it hides must stay hidden. A group whose
    dimension is hidden also has its index hidden (see `_consistent`), and the index
    partition is then completed around that.
    """
    dimensions = {
        d: partition(
            {g: _tally_dimension(r, d) for g, r in groups.items()},
            min_group,
            _tally_dimension(whole, d),
            total_hidden=parent.dimensions[d].suppressed,
        )
        for d in Dimension
    }
    forced = {g for g in groups if any(dimensions[d][g].suppressed for d in Dimension)}
    index = partition(
        {g: _tally_index(r) for g, r in groups.items()},
        min_group,
        _tally_index(whole),
        total_hidden=parent.index.suppressed,
        forced=forced,
    )
    return {g: Measure(index[g], {d: dimensions[d][g] for d in Dimension}) for g in groups}


def _group(
    respondents: Sequence[Respondent], side: Side, segment: str, min_group: int
) -> dict[str, list[Respondent]]:
    """A side's respondents by one segment, merged by the stated rules: the `MERGED` groups
    first, then every group smaller than the minimum pooled into one, so that small groups
    are shown together rather than each hidden."""
    merge = MERGED.get((side, segment), {})
    groups: dict[str, list[Respondent]] = {}
    for person in respondents:
        name = person.segments.get(segment) or NOT_GIVEN
        groups.setdefault(merge.get(name, name), []).append(person)
    small = [name for name, group in groups.items() if len(group) < min_group]
    if len(small) > 1:
        groups[SMALLER] = [person for name in small for person in groups.pop(name)]
    return dict(sorted(groups.items()))


def _departments(respondents: Sequence[Respondent], min_group: int) -> dict[str, DepartmentFigures]:
    raters: dict[str, list[Respondent]] = {}
    for person in respondents:
        for name, scores in person.departments.items():
            raters.setdefault(name, []).append(Respondent(person.side, person.segments, scores))
    figures = {}
    for name, group in sorted(raters.items()):
        enough = len(group) >= min_group
        no_contact = {
            d: (sum(1 for p in group if p.scores.get(d, 0) == 0) if enough else None)
            for d in Dimension
        }
        figures[name] = DepartmentFigures(len(group), _measure(group, min_group), no_contact)
    return figures


def _no_contact(respondents: Sequence[Respondent], min_group: int) -> dict[Dimension, int | None]:
    if len(respondents) < min_group:
        return dict.fromkeys(Dimension)
    return {d: sum(1 for p in respondents if p.scores.get(d, 0) == 0) for d in Dimension}


def analyse_round(
    respondents: Sequence[Respondent],
    *,
    invited: Mapping[Side, int],
    min_group: int,
    previous: Cell | None = None,
) -> RoundReport:
    """Every figure of one round, each cell already cleared for showing or suppressed."""
    sides = {s: [p for p in respondents if p.side is s] for s in Side}
    overall = _measure(respondents, min_group)
    by_side = _partitioned(
        {s.value: group for s, group in sides.items()}, respondents, min_group, parent=overall
    )
    segments = {
        (side, segment): _partitioned(
            _group(sides[side], side, segment, min_group),
            sides[side],
            min_group,
            parent=by_side[side.value],
        )
        for side, names in SEGMENTS.items()
        for segment in names
    }
    provider, officer = by_side[Side.PROVIDER.value], by_side[Side.OFFICER.value]
    return RoundReport(
        min_group=min_group,
        invited=invited,
        responded={s: len(group) for s, group in sides.items()},
        overall=overall,
        by_side={s: by_side[s.value] for s in Side},
        gaps={d: difference(provider.dimensions[d], officer.dimensions[d]) for d in Dimension},
        segments=segments,
        departments=_departments(sides[Side.PROVIDER], min_group),
        no_contact={s: _no_contact(group, min_group) for s, group in sides.items()},
        change=change_between(previous, overall.index) if previous is not None else None,
    )
