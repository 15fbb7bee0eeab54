"""What each CLI command does, given settings: open the database, call services, report."""

from __future__ import annotations

import logging
from pathlib import Path

from relbot.config import Settings
from relbot.db import make_engine, make_session_factory, session_scope
from relbot.domain.directory import ImportResult, import_departments, import_people
from relbot.domain.roster import read_departments, read_roster
from relbot.migrate import upgrade

logger = logging.getLogger(__name__)


def migrate(settings: Settings) -> int:
    """`relbot migrate`."""
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    print("Database is up to date.")
    return 0


def import_file(settings: Settings, noun: str, path: Path, *, actor: str) -> int:
    """`relbot participants import FILE` and `relbot departments import FILE`: all or nothing.

    The whole file is checked before the database is touched; one transaction writes it.
    """
    people = read_roster(path) if noun == "participants" else None
    departments = read_departments(path) if people is None else None
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        with session_scope(make_session_factory(engine)) as session:
            if people is not None:
                result = import_people(session=session, records=people, actor=actor)
            else:
                assert departments is not None
                result = import_departments(session=session, records=departments, actor=actor)
    finally:
        engine.dispose()
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
    engine = make_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()
    if http:
        run_http(settings, host=host, port=port)
    else:
        run_socket_mode(settings)
    return 0
