"""The anonymity rule at its edges, each case worked out by hand: a figure of fewer than the
minimum group is hidden, a figure that subtraction would reveal is hidden with it, and a
figure resting on fewer than twice the minimum is flagged."""

from __future__ import annotations

import math

import pytest

from relbot.analysis.cells import EMPTY, Cell, Tally, cell, partition

K = 5


def _people(n: int, answer: int = 3) -> Tally:
    tally = Tally(favourable=0)
    for _ in range(n):
        tally = tally.add([answer])
    return tally


def _hidden(cells: dict[str, Cell]) -> set[str]:
    return {g for g, c in cells.items() if c.suppressed}


def test_a_cell_is_shown_from_the_minimum_and_reliable_from_twice_it() -> None:
    assert cell(Tally(), K) == EMPTY and not EMPTY.shown
    under = cell(_people(K - 1), K)
    assert (under.n, under.value, under.suppressed, under.reliable, under.se) == (
        K - 1,
        None,
        True,
        False,
        None,
    )
    at = cell(_people(K), K)
    assert (at.value, at.suppressed, at.reliable, at.favourable) == (3.0, False, False, 1.0)
    assert at.shown and at.se == 0.0
    assert not cell(_people(2 * K - 1), K).reliable
    assert cell(_people(2 * K), K).reliable
    forced = cell(_people(2 * K), K, suppress=True)
    assert (forced.value, forced.suppressed, forced.reliable) == (None, True, False)
    unread = cell(Tally().add([3]).add([2]).add([1]).add([4]).add([4]), K)
    assert unread.favourable is None and unread.value == 2.8


def test_favourable_counts_answers_of_three_and_four() -> None:
    tally = Tally(favourable=0).add([2, 3]).add([4, 1]).add([])
    assert (tally.n, tally.count, tally.total, tally.favourable) == (2, 4, 10.0, 2)
    assert (tally + Tally(favourable=None)).favourable is None
    assert (Tally(favourable=None) + tally).favourable is None
    both = tally + Tally(favourable=0).add([3, 3, 3])
    assert (both.n, both.count, both.total, both.favourable) == (3, 7, 19.0, 5)
    assert (both.squares, both.cross, both.counts_squared) == (
        25 + 25 + 81,
        10 + 10 + 27,
        4 + 4 + 9,
    )


def test_the_standard_error_needs_two_people_and_counts_each_once() -> None:
    assert Tally().add([3]).standard_error() is None
    assert Tally(n=2).standard_error() is None  # two people, no answer
    two = Tally().add([1]).add([3])
    assert two.standard_error() == pytest.approx(1.0)  # s = √2, s/√2 = 1
    # Two people, two answers each: sums 2 and 6, R = 2, Σ(y - R·m)² = 8, n(n-1)m̄² = 8.
    assert Tally().add([1, 1]).add([3, 3]).standard_error() == pytest.approx(1.0)
    alike = Tally().add([3, 3, 3]).add([3, 3, 3]).add([3, 3, 3])
    assert alike.standard_error() == 0.0
    tiny = Tally().add([1, 2]).add([2, 1]).add([3, 0]).add([0, 3])
    assert not math.isnan(tiny.standard_error() or 0.0)


def test_beside_a_shown_total_one_small_group_takes_the_next_smallest_with_it() -> None:
    groups = {"a": _people(2), "b": _people(6), "c": _people(7), "d": _people(20)}
    assert _hidden(partition(groups, K)) == {"a", "b"}  # 2 + 6 = 8, two groups
    # Two small groups holding fewer than K together take the next one too.
    groups = {"a": _people(1), "b": _people(2), "c": _people(6), "d": _people(20)}
    assert _hidden(partition(groups, K)) == {"a", "b", "c"}
    # Two small ones that already hold K hide nothing more.
    groups = {"a": _people(4), "b": _people(4), "c": _people(6), "d": _people(20)}
    assert _hidden(partition(groups, K)) == {"a", "b"}
    # None small: all shown.
    assert _hidden(partition({"a": _people(K), "b": _people(K)}, K)) == set()
    # Ties go by the group's name.
    groups = {"z": _people(1), "y": _people(8), "x": _people(8)}
    assert _hidden(partition(groups, K)) == {"z", "x"}


def test_a_hidden_total_hides_at_least_one_of_its_groups() -> None:
    groups = {"a": _people(6), "b": _people(9)}
    assert _hidden(partition(groups, K, total_hidden=True)) == {"a"}
    assert _hidden(partition(groups, K, _people(K - 1))) == {"a"}  # a total under K
    assert _hidden(partition({"a": _people(2), "b": _people(9)}, K, total_hidden=True)) == {"a"}
    # Nobody at all: nothing to hide.
    assert _hidden(partition({"a": Tally(), "b": Tally()}, K, total_hidden=True)) == set()


def test_a_group_hidden_for_the_callers_reason_counts_as_hidden() -> None:
    groups = {"a": _people(6), "b": _people(7), "c": _people(20), "e": Tally()}
    assert _hidden(partition(groups, K, forced={"a"})) == {"a", "b"}
    # An empty group is never hidden, nor counted as hiding anyone.
    assert _hidden(partition(groups, K, forced={"e"})) == set()
    cells = partition(groups, K)
    assert cells["e"] == EMPTY and cells["a"].value == 3.0
    # The total defaults to the sum of the groups: ten people, shown, so the one alone in b
    # takes a with it.
    assert _hidden(partition({"a": _people(9), "b": _people(1)}, K)) == {"a", "b"}
