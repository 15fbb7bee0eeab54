"""Gathering one week's digest from the same services `relbot report` uses."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relbot.analysis.cells import Cell, Tally, cell
from relbot.analysis.worktime import WorkingCalendar
from relbot.domain.action_views import week_of_actions
from relbot.domain.digest.data import (
    CategoryCount,
    ChartPoint,
    DigestFigures,
    DigestWeek,
    RoundFigures,
)
from relbot.domain.musthaves.report import counts_between
from relbot.domain.pulse.report import SHOWN_ROUNDS, TrendPoint, round_report, trend
from relbot.domain.queries.report import response_table
from relbot.domain.voice.summary import theme_counts
from relbot.models import PulseAnswer, PulseResponse, PulseRound
from relbot.models.pulse import Dimension

# About half a year of fortnightly rounds: enough to see a direction, few enough to read.
CHART_ROUNDS = 13


def round_for_week(*, session: Session, week: DigestWeek, zone: ZoneInfo) -> int | None:
    """The latest pulse round closed before the week starts: the one its digest shows."""
    return session.scalar(
        select(func.max(PulseRound.id)).where(SHOWN_ROUNDS, PulseRound.closed_at < week.start(zone))
    )


def gather_figures(
    *,
    session: Session,
    week: DigestWeek,
    zone: ZoneInfo,
    calendar: WorkingCalendar,
    min_group: int,
) -> DigestFigures:
    """The week's figures: the round `round_for_week` names, and the week's query times."""
    start, end = week.period(zone)
    pulse = None
    history: list[ChartPoint] = []
    round_id = round_for_week(session=session, week=week, zone=zone)
    if round_id is not None:
        points = trend(session=session, min_group=min_group, upto=round_id)
        pulse = RoundFigures(
            round_id,
            session.scalar(select(PulseRound.closed_at).where(PulseRound.id == round_id)),
            round_report(session=session, round_id=round_id, min_group=min_group),
            points,
        )
        history = chart_history(session=session, points=points[-CHART_ROUNDS:], min_group=min_group)
    return DigestFigures(
        week=week,
        start=start,
        end=end,
        min_group=min_group,
        pulse=pulse,
        response_times=response_table(session=session, start=start, end=end, calendar=calendar),
        history=history,
        must_haves=tuple(
            CategoryCount(label, providers, officers)
            for label, providers, officers in counts_between(
                session=session, start=start, end=end, min_group=min_group
            )
        ),
        themes=tuple(theme_counts(session=session, start=start, end=end)),
        actions=week_of_actions(
            session=session,
            start=start,
            end=end,
            today=(end - timedelta(days=1)).astimezone(zone).date(),
            calendar=calendar,
        ),
    )


def chart_history(
    *, session: Session, points: list[TrendPoint], min_group: int
) -> list[ChartPoint]:
    """Each round's index and dimensions over all respondents, cleared for showing as the
    round report clears them."""
    ids = [p.round_id for p in points]
    rows = session.execute(
        select(
            PulseResponse.round_id,
            PulseAnswer.dimension,
            func.count(),
            func.coalesce(func.sum(PulseAnswer.score), 0),
        )
        .join(PulseAnswer, PulseAnswer.response_id == PulseResponse.id)
        .where(PulseResponse.round_id.in_(ids), PulseAnswer.score > 0)
        .group_by(PulseResponse.round_id, PulseAnswer.dimension)
    )
    # One answer per response and dimension: the answers counted are the respondents.
    tallies = {
        (round_id, Dimension(dimension)): Tally(int(count), int(count), float(total))
        for round_id, dimension, count, total in rows
    }
    history = []
    for point in points:
        dimensions = {
            d: cell(tallies.get((point.round_id, d), Tally()), min_group) for d in Dimension
        }
        index = point.overall
        if index.shown and any(c.suppressed for c in dimensions.values()):
            # As in the round report: beside its dimensions the index would give one away.
            index = Cell(index.n, None, True, False)
        history.append(ChartPoint(point.opened_at, index, dimensions))
    return history
