"""Cells of a report, and the anonymity rule that decides which ones may be shown.

A cell is an aggregate over respondents. Any cell with fewer than the minimum group size
is suppressed; and where a partition of a shown total has exactly one suppressed cell, it
could be recovered by subtraction, so the next-smallest cell is suppressed as well.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Set
from dataclasses import dataclass

# Below this many respondents (as a multiple of the minimum group) a shown figure is flagged.
RELIABLE_FACTOR = 2
# Answers of 3 or 4 on the 1-4 scale lean to the strong statement: "favourable".
FAVOURABLE_FROM = 3


@dataclass(frozen=True)
class Tally:
    """Raw material of a cell: respondents behind it, the count and sum of their answers, and
    what the cell's uncertainty needs.

    A respondent gives `m` answers summing to `y` (one answer per dimension, several to the
    index). `squares`, `cross` and `counts_squared` are the sums of y², y·m and m² over
    respondents: with them the mean's standard error counts each person once, however many
    answers they gave. `favourable` counts answers of 3 or 4; None where it was not read.
    """

    n: int = 0
    count: int = 0
    total: float = 0.0
    squares: float = 0.0
    cross: float = 0.0
    counts_squared: float = 0.0
    favourable: int | None = None

    def add(self, values: list[int]) -> Tally:
        """One more respondent with these answers (none: they do not count)."""
        if not values:
            return self
        m, y = len(values), sum(values)
        high = sum(1 for v in values if v >= FAVOURABLE_FROM)
        return self + Tally(1, m, float(y), float(y * y), float(y * m), float(m * m), high)

    def __add__(self, other: Tally) -> Tally:
        favourable = (
            None
            if self.favourable is None or other.favourable is None
            else self.favourable + other.favourable
        )
        return Tally(
            self.n + other.n,
            self.count + other.count,
            self.total + other.total,
            self.squares + other.squares,
            self.cross + other.cross,
            self.counts_squared + other.counts_squared,
            favourable,
        )

    def standard_error(self) -> float | None:
        """The standard error of the mean answer, respondents as the unit sampled.

        The mean is a ratio, total ÷ count; its variance is estimated as
        Σ(yᵢ - R·mᵢ)² / (n(n-1)·m̄²) (Cochran, Sampling Techniques, 3rd ed., §6.3). With one
        answer per person this is the familiar s²/n. None below two respondents."""
        if self.n < 2 or not self.count:
            return None
        ratio = self.total / self.count
        spread = self.squares - 2 * ratio * self.cross + ratio * ratio * self.counts_squared
        mean_count = self.count / self.n
        return math.sqrt(max(spread, 0.0) / (self.n * (self.n - 1) * mean_count * mean_count))


@dataclass(frozen=True)
class Cell:
    """A figure as it may be shown: `value` is None when suppressed or when nobody answered."""

    n: int
    value: float | None
    suppressed: bool
    reliable: bool
    se: float | None = None  # the mean's standard error, when shown and n >= 2
    favourable: float | None = None  # share of answers of 3 or 4, when shown and read

    @property
    def shown(self) -> bool:
        return self.value is not None


EMPTY = Cell(0, None, False, False)


def cell(tally: Tally, min_group: int, *, suppress: bool = False) -> Cell:
    """Turn a tally into a cell, applying the minimum group size (and any forced suppression)."""
    if tally.n == 0:
        return EMPTY
    if suppress or tally.n < min_group:
        return Cell(tally.n, None, True, False)
    value = tally.total / tally.count
    favourable = None if tally.favourable is None else tally.favourable / tally.count
    return Cell(
        tally.n,
        value,
        False,
        tally.n >= RELIABLE_FACTOR * min_group,
        tally.standard_error(),
        favourable,
    )


def partition(
    tallies: Mapping[str, Tally],
    min_group: int,
    total: Tally | None = None,
    *,
    total_hidden: bool = False,
    forced: Set[str] = frozenset(),
) -> dict[str, Cell]:
    """Cells for groups that together make up a total.

    When the total is shown, the hidden cells must together hold at least `min_group`
    respondents and be at least two, or subtracting the shown cells from the total would
    reveal them. When the total itself is hidden, at least one group is hidden too, or
    adding the groups up would reveal the total. `forced` groups are hidden for a reason of
    the caller's.
    """
    whole = total if total is not None else sum(tallies.values(), Tally())
    hidden = {g for g, t in tallies.items() if (0 < t.n < min_group) or (g in forced and t.n)}
    candidates = sorted((t.n, g) for g, t in tallies.items() if g not in hidden and t.n > 0)
    if total_hidden or whole.n < min_group:
        if not hidden and candidates and whole.n > 0:
            hidden.add(candidates[0][1])
    else:
        while (
            hidden
            and candidates
            and (len(hidden) < 2 or sum(tallies[g].n for g in hidden) < min_group)
        ):
            hidden.add(candidates.pop(0)[1])
    return {g: cell(t, min_group, suppress=g in hidden) for g, t in tallies.items()}


def difference(a: Cell, b: Cell) -> float | None:
    """a - b when both may be shown."""
    if a.value is None or b.value is None:
        return None
    return a.value - b.value
