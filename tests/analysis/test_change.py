"""One rule for change: a mean's noise is computed as a statistician would by hand, and a
change is a rise or a fall only when its 95% interval excludes zero."""

from __future__ import annotations

import math
import random
import statistics

import pytest

from relbot.analysis.cells import Cell, Tally, cell
from relbot.analysis.change import Direction, beyond_drift, change_between, interval
from relbot.analysis.pulse import Respondent, analyse_round, tally_departments, tally_pooled
from relbot.models.enums import Side
from relbot.models.pulse import Dimension


def _tally(people: list[list[int]]) -> Tally:
    tally = Tally(favourable=0)
    for answers in people:
        tally = tally.add(answers)
    return tally


def _ratio_error(people: list[list[int]]) -> float:
    """The standard error of a pooled mean, worked by hand: each person's residual from the
    pooled mean, scaled by the mean number of answers; their spread over √n."""
    pooled = sum(map(sum, people)) / sum(map(len, people))
    mean_count = sum(map(len, people)) / len(people)
    residuals = [(sum(a) - pooled * len(a)) / mean_count for a in people]
    return statistics.stdev(residuals) / math.sqrt(len(people))


def test_one_answer_each_gives_the_familiar_standard_error() -> None:
    scores = [1, 2, 2, 3, 4, 4, 3, 2, 3, 3]
    tally = _tally([[s] for s in scores])
    expected = statistics.stdev(scores) / math.sqrt(len(scores))
    assert tally.standard_error() == pytest.approx(expected)
    shown = cell(tally, 5)
    assert shown.se == pytest.approx(expected)
    assert shown.favourable == pytest.approx(6 / 10)  # answers of 3 or 4


def test_several_answers_each_count_the_person_once() -> None:
    rng = random.Random(5)
    people = [[rng.randint(1, 4) for _ in range(rng.randint(1, 8))] for _ in range(40)]
    assert _tally(people).standard_error() == pytest.approx(_ratio_error(people))
    # Not the naive error that treats every answer as a separate person.
    answers = [a for person in people for a in person]
    naive = statistics.stdev(answers) / math.sqrt(len(answers))
    assert _tally(people).standard_error() != pytest.approx(naive, rel=0.05)


def test_the_analysis_gives_every_shown_mean_its_noise() -> None:
    rng = random.Random(11)
    people = [
        Respondent(Side.PROVIDER, {}, {d: rng.randint(1, 4) for d in Dimension}) for _ in range(30)
    ]
    report = analyse_round(people, invited={Side.PROVIDER: 40}, min_group=5)
    trust = [p.scores[Dimension.TRUST] for p in people]
    assert report.overall.dimensions[Dimension.TRUST].se == pytest.approx(
        statistics.stdev(trust) / math.sqrt(30)
    )
    index = _ratio_error([list(p.scores.values()) for p in people])
    assert report.overall.index.se == pytest.approx(index)
    low, high = interval(report.overall.index) or (0, 0)
    assert low < (report.overall.index.value or 0) < high
    assert high - low == pytest.approx(2 * 1.96 * index)


def test_a_change_is_a_rise_or_a_fall_only_beyond_its_noise() -> None:
    before = cell(_tally([[2], [3]] * 20), 5)  # 2.50
    risen = cell(_tally([[3], [4]] * 20), 5)  # 3.50
    wobble = cell(_tally([[1], [4], [3], [2]] * 10 + [[3]]), 5)  # about 2.5, wide spread
    rise = change_between(before, risen)
    assert rise is not None and rise.direction is Direction.ROSE and rise.real
    assert rise.words().startswith("rose by 1.00 (±")
    fall = change_between(risen, before)
    assert fall is not None and fall.direction is Direction.FELL
    same = change_between(before, wobble)
    assert same is not None and same.direction is Direction.SAME and not same.real
    assert same.words().startswith("about the same (")
    # The margin is the two means' noise together.
    assert rise.margin == pytest.approx(1.96 * math.hypot(before.se or 0, risen.se or 0))
    # No interval without two shown means.
    assert change_between(cell(_tally([[2], [3]]), 5), risen) is None


def test_an_outcome_is_read_beyond_the_general_drift() -> None:
    low = cell(_tally([[2], [3]] * 30), 5)  # 2.50
    high = cell(_tally([[3], [4]] * 30), 5)  # 3.50
    # Everything rose alike: the action's rise is the drift.
    drift = beyond_drift(low, high, low, high)
    assert drift is not None and drift.direction is Direction.SAME
    # Only what the action answered rose.
    better = beyond_drift(low, high, low, low)
    assert better is not None and better.direction is Direction.ROSE
    worse = beyond_drift(high, low, low, low)
    assert worse is not None and worse.direction is Direction.FELL


def test_pooled_tallies_read_only_what_they_are_asked() -> None:
    people = [
        Respondent(
            Side.PROVIDER,
            {},
            {Dimension.TRUST: 4, Dimension.ROLES: 1, Dimension.INCLUSION: 0},
            {"Finance": {Dimension.TRUST: 1}, "Safeguarding": {Dimension.TRUST: 4}},
        )
        for _ in range(3)
    ]
    assert tally_pooled(people, (Dimension.TRUST,)).total == 12
    both = tally_pooled(people, (Dimension.TRUST, Dimension.ROLES, Dimension.INCLUSION))
    assert (both.n, both.count, both.total) == (3, 6, 15)  # "no contact" left out
    others = tally_departments(people, {"Finance"})
    assert (others.n, others.count, others.total) == (3, 3, 12)


def test_no_contact_counts_of_a_side_under_the_minimum_are_hidden() -> None:
    """Three officers answering "no contact": a count from fewer than five people is hidden,
    as any other figure of theirs is; the providers' counts, from enough people, are shown."""
    people = [
        Respondent(Side.OFFICER, {}, {d: 0 if d is Dimension.TRUST else 3 for d in Dimension})
        for _ in range(3)
    ] + [
        Respondent(Side.PROVIDER, {}, {d: 0 if d is Dimension.ROLES else 2 for d in Dimension})
        for _ in range(5)
    ]
    report = analyse_round(people, invited={}, min_group=5)
    assert set(report.no_contact[Side.OFFICER].values()) == {None}
    assert report.no_contact[Side.PROVIDER][Dimension.ROLES] == 5
    assert report.no_contact[Side.PROVIDER][Dimension.TRUST] == 0


def _cell(value: float | None, se: float | None) -> Cell:
    return Cell(20, value, value is None, True, se)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (_cell(None, None), _cell(2.5, 0.1)),  # hidden before
        (_cell(2.5, 0.1), _cell(None, None)),  # hidden after
        (_cell(2.5, None), _cell(2.6, 0.1)),  # shown, its noise unknown (one person)
        (_cell(2.5, 0.1), _cell(2.6, None)),
    ],
)
def test_no_change_is_claimed_without_both_means_and_both_noises(before: Cell, after: Cell) -> None:
    assert change_between(before, after) is None
    steady = _cell(2.5, 0.1)
    # Nor beyond the drift, whichever side lacks them.
    assert beyond_drift(before, after, steady, steady) is None
    assert beyond_drift(steady, steady, before, after) is None


def test_an_interval_needs_a_shown_mean_and_its_noise() -> None:
    assert interval(_cell(2.5, None)) is None
    assert interval(_cell(None, 0.1)) is None
    low, high = interval(_cell(2.5, 0.1)) or (0, 0)
    assert (low, high) == pytest.approx((2.5 - 0.196, 2.5 + 0.196))


def test_beyond_the_drift_counts_the_noise_of_all_four_means_a_silent_one_as_none() -> None:
    found = beyond_drift(_cell(2.0, 0.1), _cell(3.0, 0.2), _cell(2.0, 0.0), _cell(2.2, 0.3))
    assert found is not None
    assert found.value == pytest.approx((3.0 - 2.0) - (2.2 - 2.0))
    # Everyone answered alike before for the rest: no noise there, not a unit of it.
    assert found.margin == pytest.approx(1.96 * math.sqrt(0.1**2 + 0.2**2 + 0.0 + 0.3**2))


def test_departments_pooled_leave_out_the_excluded_and_no_contact() -> None:
    people = [
        Respondent(
            Side.PROVIDER,
            {},
            {},
            {"Finance": {Dimension.TRUST: 1, Dimension.ROLES: 0}, "Legal": {Dimension.TRUST: 4}},
        ),
        Respondent(Side.PROVIDER, {}, {}, {"Finance": {Dimension.TRUST: 3, Dimension.ROLES: 4}}),
        Respondent(Side.PROVIDER, {}, {}, {"Legal": {Dimension.TRUST: 2}}),
    ]
    pooled = tally_departments(people, excluded={"Legal"})
    assert (pooled.n, pooled.count, pooled.total, pooled.favourable) == (2, 3, 8.0, 2)
    everyone = tally_departments(people, excluded=set())
    assert (everyone.n, everyone.count, everyone.total, everyone.favourable) == (3, 5, 14.0, 3)
