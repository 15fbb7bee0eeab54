"""`relbot participants import FILE` and `relbot departments import FILE`."""

from __future__ import annotations

import argparse

from relbot.cli.base import actor, database
from relbot.config import Settings
from relbot.domain.directory import ImportResult, import_departments, import_people
from relbot.domain.roster import read_departments, read_roster


def import_file(settings: Settings, args: argparse.Namespace) -> int:
    """Import people or departments from a CSV file: all or nothing.

    The whole file is checked before the database is touched; one transaction writes it.
    """
    people = read_roster(args.file) if args.command == "participants" else None
    departments = read_departments(args.file) if people is None else None
    with database(settings) as sessions, sessions.begin() as session:
        if people is not None:
            result = import_people(session=session, records=people, actor=actor())
        else:
            assert departments is not None
            result = import_departments(session=session, records=departments, actor=actor())
    print(_summary(args.command, result))
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
