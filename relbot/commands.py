"""What each CLI command does, given settings: open the database, call services, report."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sqlalchemy import func, select

from relbot.analysis.pulse import RoundReport
from relbot.analysis.timings import DepartmentTimes
from relbot.config import Settings
from relbot.db import SessionFactory, make_engine, make_session_factory, session_scope
from relbot.domain.digest.data import DigestWeek
from relbot.domain.digest.gather import round_for_week
from relbot.domain.directory import ImportResult, import_departments, import_people
from relbot.domain.musthaves.collections import collection_named, latest_collection
from relbot.domain.musthaves.report import MustHaveReport, counts_between, must_have_report
from relbot.domain.pulse.report import TrendPoint, round_report, trend
from relbot.domain.queries.report import response_table
from relbot.domain.roster import read_departments, read_roster
from relbot.domain.voice.summary import theme_counts
from relbot.migrate import upgrade
from relbot.models import PulseRound
from relbot.models.pulse import RoundStatus

if TYPE_CHECKING:
    from relbot.jobs.digest import PostResult


EXIT_DECLINED = 1


class CommandError(Exception):
    """A command cannot do what was asked; the message says why in one line."""


@contextmanager
def database(settings: Settings) -> Iterator[SessionFactory]:
    """The configured database, brought up to date, for the length of one command."""
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def migrate(settings: Settings) -> int:
    """`relbot migrate`."""
    with database(settings):
        pass
    print("Database is up to date.")
    return 0


def import_file(settings: Settings, noun: str, path: Path, *, actor: str) -> int:
    """`relbot participants import FILE` and `relbot departments import FILE`: all or nothing.

    The whole file is checked before the database is touched; one transaction writes it.
    """
    people = read_roster(path) if noun == "participants" else None
    departments = read_departments(path) if people is None else None
    with database(settings) as sessions, session_scope(sessions) as session:
        if people is not None:
            result = import_people(session=session, records=people, actor=actor)
        else:
            assert departments is not None
            result = import_departments(session=session, records=departments, actor=actor)
    print(_summary(noun, result))
    return 0


def _summary(noun: str, result: ImportResult) -> str:
    what = "people" if noun == "participants" else "departments"
    text = (
        f"Imported {what}: {result.created} new, {result.updated} updated, "
        f"{result.unchanged} unchanged."
    )
    if result.departments_created:
        text += f" New departments: {', '.join(result.departments_created)}."
    return text


def run(settings: Settings, *, http: bool, host: str, port: int) -> int:
    """`relbot run`: migrate, then serve HTTP or connect over Socket Mode."""
    from relbot.runtime import run_http, run_socket_mode

    settings.require("slack_bot_token")
    if http:
        settings.require("slack_signing_secret")
    elif settings.slack_app_token is None:
        settings.require("slack_app_token")
    with database(settings):
        pass
    if http:
        run_http(settings, host=host, port=port)
    else:
        run_socket_mode(settings)
    return 0


def pulse(settings: Settings, action: str, *, actor: str) -> int:
    """`relbot pulse open|remind|close`: the same jobs the schedule runs, by hand."""
    from relbot.domain.pulse.rounds import NoOpenRoundError, RoundOpenError
    from relbot.jobs.pulse import PulseJobs
    from relbot.slack.client import make_web_client

    if action != "close":
        settings.require("slack_bot_token")
    now = datetime.now(UTC)
    with database(settings) as sessions:
        jobs = PulseJobs(settings, sessions, make_web_client(settings))
        try:
            if action == "open":
                slot = f"manual:{now.astimezone(settings.zone):%Y-%m-%dT%H:%M:%S}"
                round_id, sent = jobs.open(now=now, slot=slot, by=actor)
                print(f"Opened pulse round {round_id}: {sent.sent} DMs sent, {sent.failed} failed.")
            elif action == "remind":
                claimed, sent = jobs.remind(now=now, by=actor)
                print(
                    f"Reminded {sent.sent} people who have not answered yet"
                    + (f" ({sent.failed} failed)." if sent.failed else ".")
                    + ("" if claimed else " Everyone has answered or was reminded already.")
                )
            else:
                round_id = jobs.close(now=now, by=actor)
                print(f"Closed pulse round {round_id}. See it with `relbot report`.")
        except (RoundOpenError, NoOpenRoundError) as refused:
            raise CommandError(str(refused)) from None
    return 0


def report(
    settings: Settings,
    round_id: int | None,
    days: int,
    week: str | None = None,
    collection: str | None = None,
) -> int:
    """`relbot report`: a pulse round (default the latest) with the trend, response times
    for the queries of the last `days` days (with `week`, the figures of that week's
    digest), and a Must Haves round (default the latest)."""
    from relbot.musthaves_report import print_must_haves, print_week_categories
    from relbot.reporting import print_report, print_response_table, wide_console

    out = wide_console()
    chosen = _week(week) if week else None
    if chosen is not None:
        out.print(f"The figures of the digest for {chosen}:")
    found = _figures(settings, round_id, chosen)
    if found is None:
        out.print("No closed pulse round yet: figures are shown once a round closes.")
    else:
        print_report(out, *found)
    start, end, table = _response_table(settings, days, chosen)
    print_response_table(out, table, start, end, settings.zone)
    if chosen is not None:
        with database(settings) as sessions, session_scope(sessions) as session:
            counts = counts_between(
                session=session, start=start, end=end, min_group=settings.min_group_size
            )
            themes = theme_counts(session=session, start=start, end=end)
        print_week_categories(out, counts, themes)
    must_haves = _must_haves(settings, collection)
    if must_haves is None:
        out.print("No Must Haves recorded yet.")
    else:
        print_must_haves(out, must_haves)
    return 0


def export_must_haves(settings: Settings, collection: str | None, output: Path | None) -> int:
    """`relbot export --must-haves`: a round's Must Haves as CSV, one row each, no names."""
    from relbot.musthaves_report import write_must_haves

    found = _must_haves(settings, collection)
    if found is None:
        raise CommandError("there are no Must Haves yet")
    count = _write_csv(output, lambda handle: write_must_haves(handle, found))
    if output is not None:
        print(f"Wrote {count} Must Haves of round {found.collection.name} to {output}.")
    return 0


def _must_haves(settings: Settings, name: str | None) -> MustHaveReport | None:
    with database(settings) as sessions, session_scope(sessions) as session:
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


def export(settings: Settings, round_id: int | None, output: Path | None, days: int) -> int:
    """`relbot export`: every figure of a pulse round (suppressed cells left blank) and the
    response-time table, as CSV."""
    from relbot.reporting import export_rows, response_rows, write_export

    found = _figures(settings, round_id, None)
    start, end, table = _response_table(settings, days, None)
    rows = list(export_rows(found[0], found[1])) if found else []
    rows += list(response_rows(table, start, end))
    count = _write_csv(output, lambda handle: write_export(handle, rows))
    if output is not None:
        print(f"Wrote {count} rows to {output}.")
    return 0


def _write_csv(output: Path | None, write: Callable[[TextIO], int]) -> int:
    """Write to the file, or to standard output when none is named; the rows written."""
    if output is None:
        return write(sys.stdout)
    with output.open("w", newline="", encoding="utf-8") as handle:
        return write(handle)


def _week(text: str) -> DigestWeek:
    try:
        return DigestWeek.parse(text)
    except ValueError as error:
        raise CommandError(str(error)) from None


def _response_table(
    settings: Settings, days: int, week: DigestWeek | None
) -> tuple[datetime, datetime, list[DepartmentTimes]]:
    if week is not None:
        start, end = week.period(settings.zone)
    else:
        end = datetime.now(UTC)
        start = end - timedelta(days=days)
    with database(settings) as sessions, session_scope(sessions) as session:
        table = response_table(
            session=session, start=start, end=end, calendar=settings.working_calendar()
        )
    return start, end, table


def _figures(
    settings: Settings, wanted: int | None, week: DigestWeek | None
) -> tuple[int, RoundReport, list[TrendPoint]] | None:
    """A round's analysis and the trend up to it; the latest round unless one is named, or
    the round a week's digest shows."""
    with database(settings) as sessions, session_scope(sessions) as session:
        if wanted is not None:
            asked = session.get(PulseRound, wanted)
            if asked is None:
                raise CommandError(f"there is no pulse round {wanted}")
            if asked.status is not RoundStatus.CLOSED:
                # Figures that move while answers come in let a reader subtract one
                # person's answer from the next reading, so rounds are shown once closed.
                raise CommandError(
                    f"pulse round {wanted} is still open; its figures are shown once it closes"
                )
        chosen: int | None
        if wanted is not None:
            chosen = wanted
        elif week is not None:
            chosen = round_for_week(session=session, week=week, zone=settings.zone)
        else:
            chosen = session.scalar(
                select(func.max(PulseRound.id)).where(PulseRound.status == RoundStatus.CLOSED)
            )
        if chosen is None:
            return None
        minimum = settings.min_group_size
        return (
            chosen,
            round_report(session=session, round_id=chosen, min_group=minimum),
            trend(session=session, min_group=minimum, upto=chosen),
        )


def digest(settings: Settings, *, post: bool, out: Path, week: str | None) -> int:
    """`relbot digest --post` posts the week's digest once; `--dry-run` prints it and writes
    its Block Kit JSON and chart."""
    from relbot.digest_files import print_digest, write_digest
    from relbot.jobs.digest import DigestJobs
    from relbot.reporting import wide_console
    from relbot.slack.client import make_web_client

    chosen = _week(week) if week else DigestWeek.of(datetime.now(UTC), settings.zone)
    if post:
        settings.require("slack_bot_token", "digest_channel")
    with database(settings) as sessions:
        jobs = DigestJobs(settings, sessions, make_web_client(settings))
        if post:
            result = jobs.post(chosen, now=datetime.now(UTC))
            return _posted(result)
        figures = jobs.figures(chosen)
    console = wide_console()
    message = print_digest(console, figures, settings.zone)
    for path in write_digest(out, figures, message, settings.zone):
        console.print(f"Wrote {path}")
    return 0


def _posted(result: PostResult) -> int:
    from relbot.jobs.digest import Outcome

    where = f"the digest for {result.week} in {result.channel}"
    if result.outcome is Outcome.POSTED:
        chart = " with its chart in the thread" if result.chart_file_id else " (no chart)"
        print(f"Posted {where}{chart}.")
        return 0
    if result.outcome is Outcome.ALREADY_POSTED:
        print(f"Already posted {where} (message {result.ts}); nothing was posted.")
        return 0
    if result.outcome is Outcome.UNCONFIRMED:
        raise CommandError(
            f"a post of {where} was cut off before Slack confirmed it, so it may be there "
            "already; it is not sent again. Check the channel."
        )
    raise CommandError(f"Slack refused {where}: {result.error}. Nothing was posted.")


def forget(settings: Settings, user: str, *, yes: bool, actor: str) -> int:
    """`relbot forget USER`: erase a person's personal data, after confirmation."""
    from relbot.domain.privacy import UnknownPersonError, describe, forget_person

    with database(settings) as sessions:
        with session_scope(sessions) as session:
            try:
                who = describe(session=session, slack_user_id=user)
            except UnknownPersonError as unknown:
                raise CommandError(f"{unknown}; nothing was changed") from None
        if not yes and not _confirmed(f"Erase {who} from relbot for good? [y/N] "):
            print("Nothing was changed.")
            return EXIT_DECLINED
        with session_scope(sessions) as session:
            erasure = forget_person(
                session=session,
                slack_user_id=user,
                actor=actor,
                min_group=settings.min_group_size,
                now=datetime.now(UTC),
            )
    print(
        f"Erased {user}: {erasure.total} rows changed or removed "
        f"(erasure reference {erasure.reference} in the audit log)."
    )
    return 0


def _confirmed(question: str) -> bool:
    if not sys.stdin.isatty():
        raise CommandError("forget needs --yes when not run at a terminal; nothing was changed")
    return input(question).strip().lower() in ("y", "yes")


def export_user(settings: Settings, user: str, output: Path | None) -> int:
    """`relbot export-user USER`: everything held about a person, as JSON."""
    import json

    from relbot.domain.privacy import UnknownPersonError, export_person

    with database(settings) as sessions, session_scope(sessions) as session:
        try:
            data = export_person(session=session, slack_user_id=user)
        except UnknownPersonError as unknown:
            raise CommandError(str(unknown)) from None
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
        return 0
    output.write_text(text, encoding="utf-8")
    print(f"Wrote everything held about {user} to {output}.")
    return 0
