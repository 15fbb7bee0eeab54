"""Every figure of a round against a second, independent count (tests/committee/recount.py):
random rounds of every size around the minimum group, with small segments, people who left
a segment blank, officers of the senior grades, "no contact" answers and department ratings.
Each cell must be hidden, flagged and valued as the anonymity rule written out again says."""

from __future__ import annotations

import random

import pytest

from relbot.analysis.cells import Cell
from relbot.analysis.pulse import Measure, Respondent, RoundReport, analyse_round
from relbot.models.enums import Side
from relbot.models.pulse import Dimension
from tests.committee import recount

K = 5
POSITIONS = {
    Side.PROVIDER: ["registered_manager", "owner", "other"],
    Side.OFFICER: ["head_of_service", "manager", "officer", "commissioner"],
}


def _round(seed: int) -> tuple[list[Respondent], list[recount.Answerer], dict[Side, int]]:
    rng = random.Random(seed)
    ours, theirs = [], []
    for side in Side:
        for _ in range(rng.choice([0, 2, K - 1, K, K + 1, 2 * K - 1, 2 * K, 3 * K])):
            groups: dict[str, str | None] = {
                segment: rng.choice(
                    POSITIONS[side] if segment == "position" else ["a", "b", "c", None]
                )
                for segment in recount.SEGMENTS[side]
            }
            # A question left out of an answer (a form of an older version) is no contact.
            scores = {d: rng.choice([0, 1, 2, 3, 4, 4, 3]) for d in Dimension if rng.random() < 0.9}
            rated = (
                {
                    name: {d: rng.choice([0, 1, 2, 3, 4]) for d in Dimension if rng.random() < 0.9}
                    for name in rng.sample(["Finance", "Legal", "Housing"], rng.randint(0, 3))
                }
                if side is Side.PROVIDER
                else {}
            )
            ours.append(Respondent(side, groups, scores, rated))
            named = {s: g if g is not None else recount.NOT_GIVEN for s, g in groups.items()}
            theirs.append(recount.Answerer(side, named, scores, rated))
    invited = {s: sum(1 for p in ours if p.side is s) + rng.randint(0, 5) for s in Side}
    return ours, theirs, invited


def _same(found: Cell, expected: recount.Mean, where: str) -> None:
    assert found.suppressed is expected.hidden, where
    assert found.n == expected.people, where
    if expected.value is None:
        assert found.value is None, where
        assert found.reliable is False, where  # a hidden figure is never called reliable
        return
    assert found.value == pytest.approx(expected.value), where
    assert found.reliable is (expected.people >= 2 * K), where
    assert found.favourable == pytest.approx(expected.favourable / expected.answers), where
    if expected.se is None:
        assert found.se is None, where
    else:
        assert found.se == pytest.approx(expected.se), where


def _same_measure(found: Measure, expected: recount.Figures, where: str) -> None:
    _same(found.index, expected[recount.INDEX], f"{where}: index")
    for d in Dimension:
        _same(found.dimensions[d], expected[d.value], f"{where}: {d.value}")


@pytest.mark.parametrize("seed", range(60))
def test_every_figure_of_a_round_is_the_recounts(seed: int) -> None:
    ours, theirs, invited = _round(seed)
    counted = recount.tally(theirs, invited, K)
    previous = analyse_round(_round(seed + 1000)[0], invited=invited, min_group=K)
    report = analyse_round(ours, invited=invited, min_group=K, previous=previous.overall.index)
    _same_measure(report.overall, counted.overall, "everyone")
    for side in Side:
        _same_measure(report.by_side[side], counted.sides[side], side.value)
        people = [p for p in theirs if p.side is side]
        assert report.responded[side] == len(people)
        assert list(report.no_contact[side].values()) == counted.no_contact(people)
        for segment in recount.SEGMENTS[side]:
            found, expected = report.segments[(side, segment)], counted.segments[(side, segment)]
            assert sorted(found) == sorted(expected) and list(found) == sorted(found)
            for group, figures in expected.items():
                _same_measure(found[group], figures, f"{side.value} {segment} {group}")
    assert list(report.departments) == sorted(counted.departments)
    for name, (raters, figures) in counted.departments.items():
        department = report.departments[name]
        assert department.raters == len(raters)
        _same_measure(department.measure, figures, name)
        assert list(department.no_contact.values()) == counted.no_contact(raters)
    for d in Dimension:
        ours_, theirs_ = counted.sides[Side.PROVIDER][d.value], counted.sides[Side.OFFICER][d.value]
        gap = report.gaps[d]
        if ours_.value is None or theirs_.value is None:
            assert gap is None
        else:
            assert gap == pytest.approx(ours_.value - theirs_.value)
    assert report.response_rate() == pytest.approx(len(theirs) / sum(invited.values()))
    for side in Side:
        expected_rate = report.responded[side] / invited[side] if invited[side] else None
        assert report.response_rate(side) == pytest.approx(expected_rate)
    before = recount.tally(_round(seed + 1000)[1], invited, K).overall[recount.INDEX]
    moved = recount.change(before, counted.overall[recount.INDEX])
    if moved is None:
        assert report.change is None
    else:
        assert report.change is not None
        assert (report.change.value, report.change.margin) == pytest.approx(moved[:2])


def test_a_round_nobody_was_invited_to_has_no_response_rate() -> None:
    report: RoundReport = analyse_round([], invited={}, min_group=K)
    assert report.response_rate() is None and report.response_rate(Side.PROVIDER) is None
    assert report.change is None
