"""`relbot report` and `relbot export`: the figures in the terminal, and as CSV."""

from __future__ import annotations

import argparse

from relbot.cli.base import CommandError, database, write_csv
from relbot.cli.commands.committee import check_arguments, committee_report
from relbot.cli.commands.figures import (
    must_haves,
    outcomes,
    parse_week,
    pulse_figures,
    response_times,
)
from relbot.cli.render import wide_console
from relbot.cli.render.export import export_rows, response_rows, write_export
from relbot.cli.render.musthaves import print_must_haves, print_week_categories, write_must_haves
from relbot.cli.render.outcomes import outcome_rows, print_outcomes
from relbot.cli.render.pulse import print_report
from relbot.cli.render.queries import print_response_table
from relbot.config import Settings
from relbot.domain.musthaves.report import counts_between
from relbot.domain.voice.summary import theme_counts


def report(settings: Settings, args: argparse.Namespace) -> int:
    """A pulse round (default the latest closed) with the trend, response times for the
    queries of the last `--days` days (with `--week`, the figures of that week's digest), and
    a Must Haves round (default the latest). With `--html` or `--pdf`, the committee report."""
    check_arguments(args)
    if args.html is not None or args.pdf is not None:
        return committee_report(settings, args)
    out = wide_console()
    week = parse_week(args.week) if args.week else None
    if week is not None:
        out.print(f"The figures of the digest for {week}:")
    with database(settings) as sessions:
        found = pulse_figures(sessions, settings, args.round_id, week)
        if found is None:
            out.print("No closed pulse round yet: figures are shown once a round closes.")
        else:
            print_report(out, *found)
        print_outcomes(out, outcomes(sessions, settings, found[0] if found else None))
        start, end, table = response_times(sessions, settings, args.days, week)
        print_response_table(out, table, start, end, settings.zone)
        if week is not None:
            with sessions.begin() as session:
                counts = counts_between(
                    session=session, start=start, end=end, min_group=settings.min_group_size
                )
                themes = theme_counts(session=session, start=start, end=end)
            print_week_categories(out, counts, themes)
        collection = must_haves(sessions, settings, args.collection)
    if collection is None:
        out.print("No Must Haves recorded yet.")
    else:
        print_must_haves(out, collection)
    return 0


def export(settings: Settings, args: argparse.Namespace) -> int:
    """Every figure of a pulse round (suppressed cells left blank) and the response-time
    table as CSV; with `--must-haves`, a round's Must Haves instead."""
    if args.must_haves:
        return _export_must_haves(settings, args)
    with database(settings) as sessions:
        found = pulse_figures(sessions, settings, args.round_id, None)
        start, end, table = response_times(sessions, settings, args.days, None)
        done = outcomes(sessions, settings, found[0] if found else None)
    rows = list(export_rows(found[0], found[1])) if found else []
    rows += list(outcome_rows(done))
    rows += list(response_rows(table, start, end))
    count = write_csv(args.output, lambda handle: write_export(handle, rows))
    if args.output is not None:
        print(f"Wrote {count} rows to {args.output}.")
    return 0


def _export_must_haves(settings: Settings, args: argparse.Namespace) -> int:
    """A round's Must Haves as CSV, one row each, no names."""
    with database(settings) as sessions:
        found = must_haves(sessions, settings, args.collection)
    if found is None:
        raise CommandError("there are no Must Haves yet")
    count = write_csv(args.output, lambda handle: write_must_haves(handle, found))
    if args.output is not None:
        print(f"Wrote {count} Must Haves of round {found.collection.name} to {args.output}.")
    return 0
