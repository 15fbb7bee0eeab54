"""Loading a round's answers for the analysis, in a few set-based queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from relbot.analysis.cells import Cell, Tally, cell, partition
from relbot.analysis.pulse import NOT_GIVEN, SEGMENTS, Respondent, RoundReport, analyse_round
from relbot.models import (
    Department,
    Person,
    PulseAnswer,
    PulseDepartmentAnswer,
    PulseInvitation,
    PulseResponse,
    PulseRound,
)
from relbot.models.enums import Side
from relbot.models.pulse import Dimension, RoundStatus


@dataclass(frozen=True)
class TrendPoint:
    round_id: int
    opened_at: datetime
    invited: int
    responded: int
    overall: Cell
    by_side: dict[Side, Cell]


class RoundNotShownError(Exception):
    """The round asked for has no figures to show: it does not exist, or it is still open."""


# Only closed rounds are shown: figures that move while answers come in would let a reader
# subtract one person's answer from the next reading.
SHOWN_ROUNDS = PulseRound.status == RoundStatus.CLOSED


def round_to_show(*, session: Session, wanted: int | None = None) -> int | None:
    """The round a report shows: the one asked for once it has closed, else the latest closed
    round; None when no round has closed yet."""
    if wanted is None:
        return session.scalar(select(func.max(PulseRound.id)).where(SHOWN_ROUNDS))
    asked = session.get(PulseRound, wanted)
    if asked is None:
        raise RoundNotShownError(f"there is no pulse round {wanted}")
    if asked.status is not RoundStatus.CLOSED:  # the rule SHOWN_ROUNDS states, for one round
        raise RoundNotShownError(
            f"pulse round {wanted} is still open; its figures are shown once it closes"
        )
    return wanted


def respondents(*, session: Session, round_id: int) -> list[Respondent]:
    """Every response of a round as the analysis reads it."""
    departments = dict(session.execute(select(Department.id, Department.name)).all())
    scores: dict[int, dict[Dimension, int]] = {}
    for response_id, dimension, score in session.execute(
        select(PulseAnswer.response_id, PulseAnswer.dimension, PulseAnswer.score)
        .join(PulseResponse)
        .where(PulseResponse.round_id == round_id)
    ):
        scores.setdefault(response_id, {})[dimension] = score
    rated: dict[int, dict[str, dict[Dimension, int]]] = {}
    for response_id, department_id, dimension, score in session.execute(
        select(
            PulseDepartmentAnswer.response_id,
            PulseDepartmentAnswer.department_id,
            PulseDepartmentAnswer.dimension,
            PulseDepartmentAnswer.score,
        )
        .join(PulseResponse)
        .where(PulseResponse.round_id == round_id)
    ):
        name = departments.get(department_id, f"department {department_id}")
        rated.setdefault(response_id, {}).setdefault(name, {})[dimension] = score
    result = []
    for row in session.execute(
        # Columns, not entities: thousands of ORM objects cost more than the query.
        select(
            PulseResponse.id,
            PulseResponse.side,
            PulseResponse.area,
            PulseResponse.service_type,
            PulseResponse.org_size,
            PulseResponse.position,
            PulseResponse.council_share,
            PulseResponse.department_id,
        )
        .where(PulseResponse.round_id == round_id)
        .order_by(PulseResponse.id)
    ):
        segments = {
            "area": row.area,
            "service_type": row.service_type,
            "org_size": row.org_size,
            "position": row.position,
            "council_share": row.council_share,
            "department": departments.get(row.department_id) if row.department_id else None,
        }
        result.append(
            Respondent(
                row.side,
                {k: (str(v) if v else None) for k, v in segments.items()},
                scores.get(row.id, {}),
                rated.get(row.id, {}),
            )
        )
    return result


def invited(*, session: Session, round_id: int) -> dict[Side, int]:
    """How many people of each side the round invited."""
    rows = session.execute(
        select(Person.side, func.count())
        .join(PulseInvitation.round)
        .join(Person, Person.id == PulseInvitation.person_id)
        .where(PulseRound.id == round_id)
        .group_by(Person.side)
    )
    counts = dict.fromkeys(Side, 0)
    counts.update(dict(rows.all()))
    return counts


def round_report(*, session: Session, round_id: int, min_group: int) -> RoundReport:
    """The full analysis of one round, with the change from the round before it."""
    previous_id = session.scalar(
        select(func.max(PulseRound.id)).where(PulseRound.id < round_id, SHOWN_ROUNDS)
    )
    previous = None
    if previous_id is not None:
        tallies, _ = _side_tallies(session, [previous_id])
        previous = _index_cells(tallies, min_group)[previous_id][0]
    return analyse_round(
        respondents(session=session, round_id=round_id),
        invited=invited(session=session, round_id=round_id),
        min_group=min_group,
        previous=previous,
    )


def trend(
    *, session: Session, min_group: int, limit: int = 26, upto: int | None = None
) -> list[TrendPoint]:
    """The health index of the last `limit` closed rounds (up to round `upto` when given),
    overall and by side, oldest first."""
    query = select(PulseRound.id, PulseRound.opened_at).where(SHOWN_ROUNDS)
    if upto is not None:
        query = query.where(PulseRound.id <= upto)
    rounds = list(session.execute(query.order_by(PulseRound.id.desc()).limit(limit)))[::-1]
    ids = [r[0] for r in rounds]
    tallies, answered = _side_tallies(session, ids)
    cells = _index_cells(tallies, min_group)
    invited_rows = dict(
        session.execute(
            select(PulseInvitation.round_id, func.count())
            .where(PulseInvitation.round_id.in_(ids))
            .group_by(PulseInvitation.round_id)
        ).all()
    )
    return [
        TrendPoint(
            round_id,
            opened_at,
            invited_rows.get(round_id, 0),
            answered[round_id],
            *cells[round_id],
        )
        for round_id, opened_at in rounds
    ]


def _side_tallies(
    session: Session, round_ids: list[int]
) -> tuple[dict[int, dict[Side, Tally]], dict[int, int]]:
    """Per round: the health index's tally by side, and how many responded at all.

    Read from each response's stored count and sum of its 1-4 answers, one row per response:
    the answers themselves are several times as many rows. Only a response with a 1-4 answer
    counts towards the index."""
    rows = session.execute(
        select(
            PulseResponse.round_id,
            PulseResponse.side,
            func.count(),
            func.sum(case((PulseResponse.answer_count > 0, 1), else_=0)),
            func.sum(PulseResponse.answer_count),
            func.sum(PulseResponse.answer_total),
            # The sums the index's standard error needs (see Tally).
            func.sum(PulseResponse.answer_total * PulseResponse.answer_total),
            func.sum(PulseResponse.answer_total * PulseResponse.answer_count),
            func.sum(PulseResponse.answer_count * PulseResponse.answer_count),
        )
        .where(PulseResponse.round_id.in_(round_ids))
        .group_by(PulseResponse.round_id, PulseResponse.side)
    )
    tallies: dict[int, dict[Side, Tally]] = {r: {} for r in round_ids}
    answered = dict.fromkeys(round_ids, 0)
    for round_id, side, responses, n, count, total, squares, cross, counts_squared in rows:
        answered[round_id] += int(responses)
        if n:
            tallies[round_id][side] = Tally(
                int(n),
                int(count),
                float(total),
                float(squares),
                float(cross),
                float(counts_squared),
            )
    return tallies, answered


def _index_cells(
    tallies: dict[int, dict[Side, Tally]], min_group: int
) -> dict[int, tuple[Cell, dict[Side, Cell]]]:
    """Health index per round, overall and by side, cleared for showing."""
    result = {}
    for round_id, by_side in tallies.items():
        overall = sum(by_side.values(), Tally())
        sides = {s: by_side.get(s, Tally()) for s in Side}
        shown = _side_cells(sides, overall, min_group)
        result[round_id] = (cell(overall, min_group), shown)
    return result


def _side_cells(sides: dict[Side, Tally], overall: Tally, min_group: int) -> dict[Side, Cell]:
    cells = partition({s.value: t for s, t in sides.items()}, min_group, overall)
    return {s: cells[s.value] for s in Side}


@dataclass(frozen=True)
class SegmentRate:
    """How many of a group a round invited, and how many of them answered."""

    side: Side
    segment: str
    group: str
    invited: int
    responded: int


def segment_rates(*, session: Session, round_id: int) -> list[SegmentRate]:
    """Invited and answered per group of each side's segments, by the person's details as
    they stand (an answer's own details where they differ are not read: a rate compares like
    with like)."""
    columns = {
        name: Person.department_id if name == "department" else getattr(Person, name)
        for names in SEGMENTS.values()
        for name in names
    }
    departments = dict(session.execute(select(Department.id, Department.name)).all())
    answered = set(
        session.scalars(select(PulseResponse.person_id).where(PulseResponse.round_id == round_id))
    )
    counts: dict[tuple[Side, str, str], list[int]] = {}
    rows = session.execute(
        select(Person.id, Person.side, *columns.values())
        .join(PulseInvitation, PulseInvitation.person_id == Person.id)
        .where(PulseInvitation.round_id == round_id)
    )
    for row in rows:
        person_id, side, *values = row
        details = dict(zip(columns, values, strict=True))
        for segment in SEGMENTS[side]:
            value = details[segment]
            if segment == "department":
                value = departments.get(value) if value else None
            group = str(value.value if hasattr(value, "value") else value) if value else NOT_GIVEN
            tally = counts.setdefault((side, segment, group), [0, 0])
            tally[0] += 1
            tally[1] += person_id in answered
    return [
        SegmentRate(side, segment, group, invited, responded)
        for (side, segment, group), (invited, responded) in sorted(counts.items())
    ]
