"""Change and its noise: the one rule every report uses to call a rise or a fall.

A mean from a round of answers is an estimate; the next round's would differ even if nothing
had changed. A change between two rounds is called a rise or a fall only when its 95%
interval excludes zero; otherwise it is "about the same". The rounds are treated as
independent samples. Where the same people answer both, the true interval is narrower, so
the rule errs towards "about the same": it may miss a small real change, and rarely calls
noise a change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from relbot.analysis.cells import Cell

# The normal quantile of a two-sided 95% interval.
Z95 = 1.96
RULE = (
    "A change is called a rise or a fall only when its 95% interval excludes zero; "
    "otherwise it is about the same."
)


class Direction(StrEnum):
    ROSE = "rose"
    FELL = "fell"
    SAME = "about the same"


@dataclass(frozen=True)
class Change:
    """after - before, and the half-width of its 95% interval."""

    value: float
    margin: float

    @property
    def low(self) -> float:
        return self.value - self.margin

    @property
    def high(self) -> float:
        return self.value + self.margin

    @property
    def direction(self) -> Direction:
        if self.low > 0:
            return Direction.ROSE
        if self.high < 0:
            return Direction.FELL
        return Direction.SAME

    @property
    def real(self) -> bool:
        """Beyond its noise: a rise or a fall."""
        return self.direction is not Direction.SAME

    def figure(self) -> str:
        """The change and its interval: "+0.81 (±0.30)"."""
        return f"{self.value:+.2f} (±{self.margin:.2f})"

    def words(self) -> str:
        """ "rose by 0.81 (±0.30)", or "about the same (+0.05 ± 0.20)"."""
        if self.direction is Direction.SAME:
            return f"about the same ({self.value:+.2f}, ±{self.margin:.2f})"
        return f"{self.direction.value} by {abs(self.value):.2f} (±{self.margin:.2f})"


def _margin(*errors: float) -> float:
    return Z95 * math.sqrt(sum(e * e for e in errors))


def interval(cell: Cell) -> tuple[float, float] | None:
    """The 95% interval of a shown mean, when its noise can be estimated."""
    if cell.value is None or cell.se is None:
        return None
    return cell.value - Z95 * cell.se, cell.value + Z95 * cell.se


def change_between(before: Cell, after: Cell) -> Change | None:
    """How a mean moved between two rounds; None unless both are shown with their noise."""
    if before.value is None or after.value is None or before.se is None or after.se is None:
        return None
    return Change(after.value - before.value, _margin(before.se, after.se))


def beyond_drift(
    answered_before: Cell, answered_after: Cell, rest_before: Cell, rest_after: Cell
) -> Change | None:
    """How far what an action answered moved beyond what nothing answered: the difference of
    the two changes, with the noise of all four means. Positive: it rose more (or fell less)
    than the rest."""
    own = change_between(answered_before, answered_after)
    rest = change_between(rest_before, rest_after)
    if own is None or rest is None:
        return None
    errors = [c.se or 0.0 for c in (answered_before, answered_after, rest_before, rest_after)]
    return Change(own.value - rest.value, _margin(*errors))
