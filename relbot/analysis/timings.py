"""Response times per department: count, median and 90th percentile of first response and
resolution (working minutes and wall-clock hours), overdue count and oldest open query."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class TicketTimes:
    """What the table needs of one query: durations in working minutes and clock hours."""

    department: str
    created_at: datetime | None  # needed (and read) only while the query is still waiting
    target_minutes: float
    first_response_minutes: int | None
    first_response_hours: float | None
    resolution_minutes: int | None
    resolution_hours: float | None
    open_minutes: int | None = None  # working minutes waited so far, when still unanswered


@dataclass(frozen=True)
class Spread:
    """Median and 90th percentile of a list of durations (None when empty)."""

    median: float | None
    p90: float | None


@dataclass(frozen=True)
class DepartmentTimes:
    """One department's row of the response-time table."""

    department: str
    count: int
    first_response_working: Spread
    first_response_hours: Spread
    resolution_working: Spread
    resolution_hours: Spread
    overdue: int  # late during the period: answered after the target, or still waiting past it
    open: int
    oldest_open: datetime | None
    overdue_now: int = 0  # still waiting for a first response, past the target today
    within_target: int = 0  # first responses that came within the target
    decided: int = 0  # queries whose timeliness is known: answered, or waiting past the target
    p90_within: bool | None = None  # nine in ten first responses came within the target

    @property
    def share_within(self) -> float | None:
        """The share of queries answered within target, of those whose timeliness is known."""
        return self.within_target / self.decided if self.decided else None


def _nearest_rank(ordered: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of values at or below."""
    if not ordered:
        return None
    rank = max(1, math.ceil(share * len(ordered)))
    return float(ordered[rank - 1])


def spread(values: Sequence[float]) -> Spread:
    """The median and 90th percentile (nearest rank) of durations."""
    ordered = sorted(values)
    return Spread(_nearest_rank(ordered, 0.5), _nearest_rank(ordered, 0.9))


def department_times(tickets: Iterable[TicketTimes]) -> list[DepartmentTimes]:
    """The table, one row per department that has queries, alphabetically."""
    groups: dict[str, list[TicketTimes]] = {}
    for ticket in tickets:
        groups.setdefault(ticket.department, []).append(ticket)
    return [_row(name, groups[name]) for name in sorted(groups, key=str.lower)]


def _row(name: str, group: list[TicketTimes]) -> DepartmentTimes:
    first = [t.first_response_minutes for t in group if t.first_response_minutes is not None]
    first_hours = [t.first_response_hours for t in group if t.first_response_hours is not None]
    resolved = [t.resolution_minutes for t in group if t.resolution_minutes is not None]
    resolved_hours = [t.resolution_hours for t in group if t.resolution_hours is not None]
    waiting = [t for t in group if t.open_minutes is not None]
    within = sum(
        1
        for t in group
        if t.first_response_minutes is not None and t.first_response_minutes <= t.target_minutes
    )
    late = sum(1 for t in group if _overdue(t))
    p90 = spread(first).p90
    return DepartmentTimes(
        department=name,
        count=len(group),
        first_response_working=spread(first),
        first_response_hours=spread(first_hours),
        resolution_working=spread(resolved),
        resolution_hours=spread(resolved_hours),
        overdue=late,
        open=len(waiting),
        oldest_open=min((t.created_at for t in waiting if t.created_at), default=None),
        overdue_now=sum(1 for t in waiting if _overdue(t)),
        within_target=within,
        decided=within + late,
        p90_within=None if p90 is None else p90 <= group[0].target_minutes,
    )


def _overdue(ticket: TicketTimes) -> bool:
    """Past its first-response target: answered late, or still waiting beyond it."""
    if ticket.first_response_minutes is not None:
        return ticket.first_response_minutes > ticket.target_minutes
    return (ticket.open_minutes or 0) > ticket.target_minutes
