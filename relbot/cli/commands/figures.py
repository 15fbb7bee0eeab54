"""What `relbot report` and `relbot export` read, each part over the command's one database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from relbot.analysis.pulse import RoundReport
from relbot.analysis.timings import DepartmentTimes
from relbot.cli.base import CommandError
from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.actions_outcomes import ActionOutcome, action_outcomes
from relbot.domain.digest.data import DigestWeek
from relbot.domain.digest.gather import round_for_week
from relbot.domain.musthaves.collections import collection_named, latest_collection
from relbot.domain.musthaves.report import MustHaveReport, must_have_report
from relbot.domain.pulse.report import (
    RoundNotShownError,
    TrendPoint,
    round_report,
    round_to_show,
    trend,
)
from relbot.domain.queries.report import response_table

Figures = tuple[int, RoundReport, list[TrendPoint]]


def parse_week(text: str) -> DigestWeek:
    """An ISO week as the operator wrote it, like 2026-W07."""
    try:
        return DigestWeek.parse(text)
    except ValueError as error:
        raise CommandError(str(error)) from None


def pulse_figures(
    sessions: SessionFactory, settings: Settings, wanted: int | None, week: DigestWeek | None
) -> Figures | None:
    """A round's analysis and the trend up to it; the latest closed round unless one is
    named, or the round a week's digest shows."""
    with sessions.begin() as session:
        if week is not None and wanted is None:
            chosen = round_for_week(session=session, week=week, zone=settings.zone)
        else:
            try:
                chosen = round_to_show(session=session, wanted=wanted)
            except RoundNotShownError as refused:
                raise CommandError(str(refused)) from None
        if chosen is None:
            return None
        minimum = settings.min_group_size
        return (
            chosen,
            round_report(session=session, round_id=chosen, min_group=minimum),
            trend(session=session, min_group=minimum, upto=chosen),
        )


def outcomes(sessions: SessionFactory, settings: Settings, upto: int | None) -> list[ActionOutcome]:
    """Done actions and what came of them, from the rounds up to the one the report shows."""
    with sessions.begin() as session:
        return action_outcomes(session=session, min_group=settings.min_group_size, upto=upto)


def response_times(
    sessions: SessionFactory, settings: Settings, days: int, week: DigestWeek | None
) -> tuple[datetime, datetime, list[DepartmentTimes]]:
    """Response times per department for the week's queries, or the last `days` days'."""
    if week is not None:
        start, end = week.period(settings.zone)
    else:
        end = datetime.now(UTC)
        start = end - timedelta(days=days)
    with sessions.begin() as session:
        table = response_table(
            session=session, start=start, end=end, calendar=settings.working_calendar()
        )
    return start, end, table


def must_haves(
    sessions: SessionFactory, settings: Settings, name: str | None
) -> MustHaveReport | None:
    """The Must Haves round named, or the latest; None when there are none yet."""
    with sessions.begin() as session:
        if name is not None:
            chosen = collection_named(session=session, name=name)
            if chosen is None:
                raise CommandError(f"there is no Must Haves round named {name!r}")
        else:
            chosen = latest_collection(session=session)
        if chosen is None:
            return None
        return must_have_report(
            session=session, collection=chosen, min_group=settings.min_group_size
        )
