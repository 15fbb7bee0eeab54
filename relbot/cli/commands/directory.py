"""`relbot participants import FILE`, `relbot departments import FILE` and
`relbot organisations import FILE`."""

from __future__ import annotations

import argparse

from relbot.cli.base import actor, database
from relbot.config import Settings
from relbot.domain.directory import ImportResult, import_departments, import_people
from relbot.domain.organisations import import_organisations, read_organisations
from relbot.domain.roster import read_departments, read_roster


def import_file(settings: Settings, args: argparse.Namespace) -> int:
    """Import people or departments from a CSV file: all or nothing.

    The whole file is checked before the database is touched; one transaction writes it.
    """
    if args.command == "organisations":
        return _import_organisations(settings, args)
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


def _import_organisations(settings: Settings, args: argparse.Namespace) -> int:
    records = read_organisations(args.file)
    with database(settings) as sessions, sessions.begin() as session:
        result = import_organisations(session=session, records=records, actor=actor())
    print(
        f"Imported organisations: {result.created} new, {result.updated} updated, "
        f"{result.unchanged} unchanged. People given their organisation's segments: "
        f"{result.people_filled}."
    )
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
