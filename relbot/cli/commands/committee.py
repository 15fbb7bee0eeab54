"""`relbot report --html FILE --pdf FILE`: the committee report, gathered and written."""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relbot.analysis.worktime import WorkingCalendar
from relbot.cli.base import CommandError, database
from relbot.cli.commands.figures import Figures, pulse_figures
from relbot.cli.render.committee.document import RenderError, render_html, render_pdf
from relbot.cli.render.committee.paper import QUARTER_DAYS, ActionRow, CommitteePaper
from relbot.cli.render.outcomes import outcome_sentence, outcome_verdict
from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.action_views import list_actions
from relbot.domain.actions import RAISED_BY_PROVIDERS, label
from relbot.domain.actions_outcomes import action_outcomes
from relbot.domain.musthaves.collections import latest_closed_collection
from relbot.domain.musthaves.report import must_have_report
from relbot.domain.pulse.report import SHOWN_ROUNDS, round_report, segment_rates, trend
from relbot.domain.queries.report import response_table
from relbot.domain.voice.summary import theme_details
from relbot.models import Department, PulseRound
from relbot.models.actions import ActionStatus, TargetKind


def parse_since(text: str) -> date:
    """The first day of a period, as the operator wrote it."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--since: {text!r} is not a date; write it like 2026-03-01") from None


def check_arguments(args: argparse.Namespace) -> None:
    """Refuse combinations that name two different things to report on."""
    wants_paper = args.html is not None or args.pdf is not None
    if args.round_id is not None and args.since is not None:
        raise CommandError("choose --round or --since, not both")
    if args.since is not None and not wants_paper:
        raise CommandError("--since is for the committee report: add --html FILE or --pdf FILE")
    if wants_paper and args.week is not None:
        raise CommandError("the committee report takes --round or --since, not --week")
    for path in (args.html, args.pdf):
        if path is not None and not path.parent.resolve().is_dir():
            raise CommandError(f"cannot write {path}: there is no folder {path.parent}")


def _since_figures(sessions: SessionFactory, settings: Settings, start: datetime) -> Figures:
    with sessions.begin() as session:
        chosen = session.scalar(
            select(func.max(PulseRound.id)).where(SHOWN_ROUNDS, PulseRound.closed_at >= start)
        )
        if chosen is None:
            raise CommandError(f"no pulse round has closed since {start:%Y-%m-%d}")
        minimum = settings.min_group_size
        return (
            chosen,
            round_report(session=session, round_id=chosen, min_group=minimum),
            trend(session=session, min_group=minimum, upto=chosen),
        )


def gather_paper(
    sessions: SessionFactory,
    settings: Settings,
    *,
    round_id: int | None = None,
    since: date | None = None,
    now: datetime | None = None,
    actions: tuple[ActionRow, ...] | None = None,
) -> CommitteePaper:
    """The paper for a round (default the latest closed) or for the period since a date;
    the council's actions as recorded, unless `actions` are given."""
    now = now or datetime.now(UTC)
    zone = settings.zone
    if since is not None:
        start = datetime.combine(since, time(0), tzinfo=zone)
        chosen, report, points = _since_figures(sessions, settings, start)
    else:
        found = pulse_figures(sessions, settings, round_id, None)
        if found is None:
            raise CommandError("no pulse round has closed yet: the committee report needs one")
        chosen, report, points = found
    calendar = settings.working_calendar()
    with sessions.begin() as session:
        opened, closed = session.execute(
            select(PulseRound.opened_at, PulseRound.closed_at).where(PulseRound.id == chosen)
        ).one()
        end = now if since is not None or closed is None else closed
        start = start if since is not None else end - timedelta(days=QUARTER_DAYS)
        times = response_table(session=session, start=start, end=end, calendar=calendar)
        targets = {
            name: float(target)
            for name, target in session.execute(
                select(Department.name, Department.response_target_days)
            )
        }
        # Only a closed collection is reported: an open one's figures still move.
        collection = latest_closed_collection(session=session, by=now)
        musts = (
            must_have_report(
                session=session, collection=collection, min_group=settings.min_group_size
            )
            if collection is not None
            else None
        )
        themes = theme_details(session=session, start=start, end=end)
        previous_round = session.scalar(
            select(func.max(PulseRound.id)).where(PulseRound.id < chosen, SHOWN_ROUNDS)
        )
        previous = (
            round_report(
                session=session, round_id=previous_round, min_group=settings.min_group_size
            )
            if previous_round is not None
            else None
        )
        rates = segment_rates(session=session, round_id=chosen)
        if actions is None:
            actions = action_rows(
                session,
                now.astimezone(zone).date(),
                calendar,
                min_group=settings.min_group_size,
                upto=chosen,
            )
    return CommitteePaper(
        council=settings.council_name,
        produced=now.astimezone(zone).date(),
        round_id=chosen,
        round_opened=opened.astimezone(zone),
        round_closed=closed.astimezone(zone) if closed else None,
        period_start=start.astimezone(zone),
        period_end=end.astimezone(zone),
        report=report,
        trend=points,
        response_times=times,
        targets=targets,
        day_minutes=calendar.day_minutes,
        must_haves=musts,
        themes=themes,
        since=since,
        actions=actions,
        previous=previous,
        previous_round=previous_round,
        rates=tuple(rates),
    )


def action_rows(
    session: Session,
    today: date,
    calendar: WorkingCalendar,
    *,
    min_group: int,
    upto: int | None,
) -> tuple[ActionRow, ...]:
    """The council's actions as the paper lists them (every one but those dropped), each
    done one with what providers said when asked about it and how its dimension moved."""
    outcomes = {
        o.action_id: o for o in action_outcomes(session=session, min_group=min_group, upto=upto)
    }
    return tuple(
        ActionRow(
            title=view.title,
            # A board reads what an action answers in words, not by an item's number.
            answers="; ".join(
                dict.fromkeys(
                    RAISED_BY_PROVIDERS if t.kind is TargetKind.VOICE else t.label
                    for t in view.targets
                )
            )
            or None,
            status=label(view.status),
            due=view.due_on,
            done_on=(
                view.closed_at.astimezone(calendar.zone).date()
                if view.status is ActionStatus.DONE and view.closed_at is not None
                else None
            ),
            outcome=outcome_sentence(found) if (found := outcomes.get(view.id)) else None,
            verdict=outcome_verdict(found) if found else None,
            overdue=view.overdue,
        )
        for view in list_actions(session=session, today=today, calendar=calendar)
        if view.status is not ActionStatus.DROPPED
    )


def write_file(path: Path, content: bytes) -> None:
    """Write all of it or nothing: a half-written report is never left behind."""
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise CommandError(f"cannot write {path}: {error.strerror or error}") from None


def committee_report(settings: Settings, args: argparse.Namespace) -> int:
    """Write the committee report as HTML, PDF or both."""
    since = parse_since(args.since) if args.since is not None else None
    with database(settings) as sessions:
        # Actions come from the action log once it exists; until then the section says none.
        paper = gather_paper(sessions, settings, round_id=args.round_id, since=since)
    written = []
    if args.html is not None:
        write_file(args.html, render_html(paper).encode("utf-8"))
        written.append(str(args.html))
    if args.pdf is not None:
        try:
            write_file(args.pdf, render_pdf(paper))
        except RenderError as error:
            raise CommandError(str(error)) from None
        written.append(str(args.pdf))
    print(
        f"Wrote the committee report for pulse round {paper.round_id} "
        f"({paper.council}) to {' and '.join(written)}."
    )
    return 0
