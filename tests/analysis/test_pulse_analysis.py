"""The analysis against a plain reference, on random rounds; and the anonymity rule's promises."""

from __future__ import annotations

from statistics import mean

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relbot.analysis.cells import Tally, partition
from relbot.analysis.pulse import Respondent, analyse_round
from relbot.models.enums import Area, OrgSize, Side
from relbot.models.pulse import Dimension

scores = st.fixed_dictionaries({d: st.integers(0, 4) for d in Dimension})
respondent = st.builds(
    Respondent,
    side=st.sampled_from(list(Side)),
    segments=st.fixed_dictionaries(
        {
            "area": st.sampled_from([a.value for a in Area] + [None]),
            "org_size": st.sampled_from([s.value for s in OrgSize]),
            "service_type": st.just("homecare"),
            "position": st.just(None),
            "council_share": st.just("25-50"),
            "department": st.sampled_from(["Finance", "SPT"]),
        }
    ),
    scores=scores,
    departments=st.dictionaries(st.sampled_from(["Finance", "Safeguarding"]), scores, max_size=2),
)
rounds = st.lists(respondent, max_size=40)
group_sizes = st.integers(2, 6)


def reference_mean(
    people: list[Respondent], dimension: Dimension | None
) -> tuple[int, float | None]:
    """Respondents behind a figure, and the figure, computed the obvious way."""
    answers = []
    contributors = 0
    for person in people:
        mine = [s for d, s in person.scores.items() if (dimension is None or d == dimension) and s]
        answers += mine
        contributors += bool(mine)
    return contributors, (mean(answers) if answers else None)


@settings(max_examples=150, deadline=None)
@given(rounds, group_sizes)
def test_every_shown_figure_matches_the_reference_and_has_enough_respondents(
    people: list[Respondent], k: int
) -> None:
    report = analyse_round(people, invited={Side.PROVIDER: 50, Side.OFFICER: 50}, min_group=k)
    for dimension in [None, *Dimension]:
        n, value = reference_mean(people, dimension)
        got = report.overall.index if dimension is None else report.overall.dimensions[dimension]
        assert got.n == n
        dimension_hidden = any(c.suppressed for c in report.overall.dimensions.values())
        if n >= k and (dimension is not None or not dimension_hidden):
            assert got.value == pytest.approx(value)
        elif n < k:
            assert got.value is None
    for side in Side:
        mine = [p for p in people if p.side is side]
        n, value = reference_mean(mine, None)
        cell = report.by_side[side].index
        assert cell.n == n
        if cell.shown:
            assert n >= k and cell.value == pytest.approx(value)
        for (seg_side, segment), groups in report.segments.items():
            if seg_side is not side:
                continue
            for group, measure in groups.items():
                members = [p for p in mine if _merged_group(mine, p, side, segment, k) == group]
                n, value = reference_mean(members, None)
                assert measure.index.n == n
                if measure.index.shown:
                    assert n >= k and measure.index.value == pytest.approx(value)


def _merged_group(
    mine: list[Respondent], person: Respondent, side: Side, segment: str, k: int
) -> str:
    """The group a person is shown in, by the report's stated rule worked out afresh: the
    two senior officer grades read together, then every group under k people pooled."""

    def named(p: Respondent) -> str:
        name = p.segments.get(segment) or "not given"
        if (side, segment) == (Side.OFFICER, "position") and name in ("head_of_service", "manager"):
            return "senior"
        return name

    sizes: dict[str, int] = {}
    for p in mine:
        sizes[named(p)] = sizes.get(named(p), 0) + 1
    small = [g for g, size in sizes.items() if size < k]
    group = named(person)
    return "smaller groups combined" if len(small) > 1 and group in small else group


@settings(max_examples=300, deadline=None)
@given(rounds, group_sizes)
def test_no_suppressed_cell_can_be_recovered_from_what_is_shown(
    people: list[Respondent], k: int
) -> None:
    report = analyse_round(people, invited={}, min_group=k)
    partitions = [({s.value: m for s, m in report.by_side.items()}, report.overall)]
    for (side, _segment), groups in report.segments.items():
        partitions.append((dict(groups), report.by_side[side]))
    for groups, whole in partitions:
        for measure_of in [lambda m: m.index, *[lambda m, d=d: m.dimensions[d] for d in Dimension]]:
            total = measure_of(whole)
            cells = [measure_of(m) for m in groups.values()]
            hidden = [c for c in cells if c.suppressed]
            assert all(c.n >= k for c in cells if c.shown)
            if total.shown and hidden:
                # Subtracting the shown cells from the total gives only the hidden cells'
                # combined figure: it must cover two groups and at least k people.
                assert len(hidden) >= 2 and sum(c.n for c in hidden) >= k, (total, cells)
            if total.suppressed and any(c.n for c in cells):
                assert hidden, "adding the groups up would reveal the hidden total"
    for measure in [
        report.overall,
        *report.by_side.values(),
        *(m for groups in report.segments.values() for m in groups.values()),
        *(f.measure for f in report.departments.values()),
    ]:
        if any(c.suppressed for c in measure.dimensions.values()):
            assert not measure.index.shown, "the index would give away the hidden dimension"


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=3),
        st.integers(0, 12).map(lambda n: Tally(n, n, 2.5 * n)),
        max_size=6,
    ),
    group_sizes,
)
def test_partition_hides_none_or_at_least_two(tallies: dict[str, Tally], k: int) -> None:
    cells = partition(tallies, k)
    hidden = [g for g, c in cells.items() if c.suppressed]
    whole = sum(tallies.values(), Tally())
    assert len(hidden) != 1 or whole.n < k
    assert all(cells[g].n >= k for g in cells if cells[g].shown)


def test_departments_gaps_and_no_contact_counts() -> None:
    providers = [
        Respondent(
            Side.PROVIDER,
            {},
            dict.fromkeys(Dimension, 2),
            {"Finance": {**dict.fromkeys(Dimension, 3), Dimension.TRUST: 0}},
        )
        for _ in range(5)
    ]
    officers = [Respondent(Side.OFFICER, {}, dict.fromkeys(Dimension, 3)) for _ in range(5)]
    report = analyse_round(providers + officers, invited={}, min_group=5)
    assert report.gaps[Dimension.TRUST] == pytest.approx(-1.0)
    finance = report.departments["Finance"]
    assert finance.raters == 5
    assert finance.no_contact[Dimension.TRUST] == 5 and finance.no_contact[Dimension.ROLES] == 0
    assert finance.measure.dimensions[Dimension.TRUST].value is None
    assert finance.measure.index.value == pytest.approx(3.0)
    small = analyse_round(providers[:4] + officers, invited={}, min_group=5)
    assert small.departments["Finance"].no_contact[Dimension.TRUST] is None
    assert small.gaps[Dimension.TRUST] is None
