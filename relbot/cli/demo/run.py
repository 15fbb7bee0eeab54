"""`relbot demo`: build the synthetic council through relbot's own import, then show it."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relbot.cli.commands.committee import gather_paper, write_file
from relbot.cli.demo.actions import show_actions, simulate_actions
from relbot.cli.demo.conversation import show_conversation, show_hub
from relbot.cli.demo.council import COUNCIL, DEPARTMENTS, SyntheticCouncil
from relbot.cli.demo.musthaves import show_must_haves, simulate_must_haves
from relbot.cli.demo.simulate import simulate_queries, simulate_rounds
from relbot.cli.demo.voice import show_voice, simulate_voice
from relbot.cli.render import wide_console
from relbot.cli.render.committee.document import render_html, render_pdf
from relbot.cli.render.digest import print_digest, write_digest
from relbot.cli.render.pulse import print_report
from relbot.cli.render.queries import print_response_table
from relbot.config import Settings
from relbot.db import SessionFactory, make_engine, make_session_factory
from relbot.domain.digest.data import DigestWeek
from relbot.domain.digest.gather import gather_figures
from relbot.domain.directory import contacts, find_department, import_departments, import_people
from relbot.domain.home import person_and_pending
from relbot.domain.profile import profile_of
from relbot.domain.pulse.report import round_report, trend
from relbot.domain.queries.report import response_table
from relbot.domain.roster import read_departments, read_roster
from relbot.migrate import upgrade
from relbot.models import Person
from relbot.models.enums import Side, label
from relbot.slack.directory.blocks import contacts_message
from relbot.slack.directory.help import help_message
from relbot.slack.home.blocks import home_view
from relbot.slack.plaintext import render_blocks
from relbot.slack.text import days

DEMO_ACTOR = "demo"
# A quarter before this week: 13 weeks of queries and seven fortnightly rounds.
QUARTER_WEEKS = 13
ROUNDS = 7
MIN_GROUP = 5
# In the latest round providers rate Finance lower (a failed payment run): the drop alert.
LAST_ROUND_DIP = {"finance": 1.0}


def run_demo(database: Path, *, seed: int, console: Console | None = None) -> int:
    """Build a fresh demo database beside its CSV files and print what relbot holds and shows."""
    out = console or wide_console()
    folder = database.parent
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    departments_csv, roster_csv = SyntheticCouncil(seed).write(folder)
    engine = make_engine(f"sqlite:///{database}")
    try:
        upgrade(engine)
        sessions = make_session_factory(engine)
        with sessions.begin() as session:
            import_departments(
                session=session, records=read_departments(departments_csv), actor=DEMO_ACTOR
            )
            result = import_people(
                session=session, records=read_roster(roster_csv), actor=DEMO_ACTOR
            )
        out.rule("[bold]relbot demo: a synthetic council")
        out.print(
            f"Imported {result.created} people into {database} "
            f"(files: {departments_csv}, {roster_csv}).\n"
        )
        with sessions.begin() as session:
            _directory(out, session)
            _segments(out, session)
            _slack_views(out, session)
        settings = Settings(_env_file=None, min_group_size=MIN_GROUP, council_name=COUNCIL)
        now = datetime.now(UTC)
        week = DigestWeek.of(now, settings.zone)
        quarter = week.start(settings.zone) - timedelta(weeks=QUARTER_WEEKS)
        with sessions.begin() as session:
            ids = simulate_rounds(
                session=session,
                rng=random.Random(seed),
                start=quarter,
                rounds=ROUNDS,
                last_dip=LAST_ROUND_DIP,
            )
        with sessions.begin() as session:
            out.rule(f"Pulse surveys: {ROUNDS} simulated fortnightly rounds")
            out.print("What `relbot report` shows for the latest round:")
            print_report(
                out,
                ids[-1],
                round_report(session=session, round_id=ids[-1], min_group=MIN_GROUP),
                trend(session=session, min_group=MIN_GROUP),
            )
        calendar = settings.working_calendar()
        start = quarter
        with sessions.begin() as session:
            logged = simulate_queries(
                session=session,
                rng=random.Random(seed),
                start=start,
                weeks=QUARTER_WEEKS,
                calendar=calendar,
                now=now,
            )
        with sessions.begin() as session:
            out.rule(f"Provider queries: {logged} simulated over {QUARTER_WEEKS} weeks")
            print_response_table(
                out,
                response_table(session=session, start=start, end=now, calendar=calendar),
                start,
                now,
                ZoneInfo("Europe/London"),
            )
        with sessions.begin() as session:
            out.rule("Providers in Slack Connect: the hub and a private conversation")
            show_hub(out)
            show_conversation(out, session, now, calendar, settings.zone)
        period_start, period_end = week.period(settings.zone)
        with sessions.begin() as session:
            opened = simulate_must_haves(
                session=session,
                rng=random.Random(seed),
                start=period_start,
                end=period_end,
                actor=DEMO_ACTOR,
            )
        with sessions.begin() as session:
            out.rule(f"Must Haves: round {opened.name}")
            show_must_haves(out, session, opened, MIN_GROUP)
        with sessions.begin() as session:
            posts = simulate_voice(session=session, rng=random.Random(seed), now=now)
        with sessions.begin() as session:
            simulate_actions(
                session=session,
                start=quarter,
                now=now,
                rounds=ids,
                min_group=MIN_GROUP,
                threshold=settings.drop_alert,
            )
        with sessions.begin() as session:
            out.rule(f"Provider voice: {posts} simulated posts over two weeks")
            show_voice(out, session, now, calendar, settings.zone)
        with sessions.begin() as session:
            out.rule("Closing the loop: what the council did about what it heard")
            show_actions(out, session, now, settings.zone, calendar, settings.drop_alert, MIN_GROUP)
        _digest(out, settings, sessions, week, folder)
        _committee(out, settings, sessions, folder, now)
    finally:
        engine.dispose()
    out.rule()
    out.print("Run it against Slack: see README.md (Socket Mode or `relbot run --http`).")
    return 0


def _digest(
    out: Console, settings: Settings, sessions: SessionFactory, week: DigestWeek, folder: Path
) -> None:
    with sessions.begin() as session:
        figures = gather_figures(
            session=session,
            week=week,
            zone=settings.zone,
            calendar=settings.working_calendar(),
            min_group=settings.min_group_size,
        )
    out.rule(f"The weekly digest for {week}, as `relbot digest --post` would post it")
    message = print_digest(out, figures, settings.zone)
    written = write_digest(folder, figures, message, settings.zone)
    out.print(
        f"Block Kit JSON (paste it into https://app.slack.com/block-kit-builder): {written[0]}"
    )
    if len(written) > 1:
        out.print(f"Chart, shared in the digest's thread: {written[1]}")


def _committee(
    out: Console, settings: Settings, sessions: SessionFactory, folder: Path, now: datetime
) -> None:
    paper = gather_paper(sessions, settings, now=now)
    html, pdf = folder / "committee-report.html", folder / "committee-report.pdf"
    write_file(html, render_html(paper).encode("utf-8"))
    write_file(pdf, render_pdf(paper))
    out.rule(f"The committee report for pulse round {paper.round_id}, as `relbot report` writes it")
    out.print(f"For the board, one HTML file: {html}")
    out.print(f"The same as an A4 PDF to print: {pdf}")


def _directory(out: Console, session: Session) -> None:
    table = Table(title="Departments and their contacts (/relbot contacts)")
    table.add_column("Department", no_wrap=True)
    for column in ("Queue", "First response", "Contacts", "Decision makers"):
        table.add_column(column)
    for department in contacts(session=session):
        makers = sum(c.decision_maker for c in department.contacts)
        table.add_row(
            department.name,
            department.queue_channel or "-",
            days(department.response_target_days),
            str(len(department.contacts)),
            str(makers),
        )
    out.print(table)


def _segments(out: Console, session: Session) -> None:
    rows = session.execute(
        select(Person.area, Person.service_type, func.count())
        .where(
            Person.side == Side.PROVIDER, Person.area.is_not(None), Person.service_type.is_not(None)
        )
        .group_by(Person.area, Person.service_type)
    ).all()
    areas = sorted({r[0] for r in rows if r[0] is not None}, key=str)
    services = sorted({r[1] for r in rows if r[1] is not None}, key=str)
    counts = {(r[0], r[1]): r[2] for r in rows}
    table = Table(title="Provider staff by area and service type")
    table.add_column("Area")
    for service in services:
        table.add_column(label(service), justify="right")
    for area in areas:
        table.add_row(label(area), *(str(counts.get((area, s), 0)) for s in services))
    out.print(table)


def _slack_views(out: Console, session: Session) -> None:
    people = dict(session.execute(select(Person.slack_user_id, Person.name)).all())
    channels = {d.queue_channel: d.name.lower().replace(" ", "-") for d in DEPARTMENTS}
    out.rule("What people see in Slack")
    out.print("[bold]/relbot help[/bold]")
    out.print(
        render_blocks(help_message().payload()["blocks"], people, channels) + "\n", markup=False
    )
    department = find_department(session=session, text="safeguarding")
    message = contacts_message(contacts(session=session, department=department))
    out.print("[bold]/relbot contacts safeguarding[/bold]")
    out.print(render_blocks(message.payload()["blocks"], people, channels) + "\n", markup=False)
    provider = session.scalars(
        select(Person).where(Person.side == Side.PROVIDER).order_by(Person.id).limit(1)
    ).one()
    found = person_and_pending(session=session, slack_user_id=provider.slack_user_id)
    assert found is not None
    person, pending = found
    view = home_view(profile_of(person), pending, ZoneInfo("Europe/London"))
    out.print(f"[bold]App Home of {provider.name}, a provider[/bold]")
    out.print(render_blocks(view.to_dict()["blocks"], people, channels), markup=False)
