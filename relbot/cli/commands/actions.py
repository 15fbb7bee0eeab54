"""`relbot actions`, `relbot actions add` and `relbot actions update`: you said, we did."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime

from relbot.cli.base import CommandError, actor, database, write_csv
from relbot.cli.render import wide_console
from relbot.cli.render.actions import print_actions, write_actions
from relbot.config import Settings
from relbot.domain.action_views import list_actions
from relbot.domain.actions import (
    ActionError,
    Editor,
    create_action,
    label,
    parse_answer,
    parse_status,
    update_action,
)


def actions(settings: Settings, args: argparse.Namespace) -> int:
    """Every action as a table, or with `--csv FILE` as CSV."""
    now = datetime.now(UTC)
    with database(settings) as sessions, sessions.begin() as session:
        views = list_actions(
            session=session,
            today=now.astimezone(settings.zone).date(),
            calendar=settings.working_calendar(),
        )
    if args.csv is not None:
        written = write_csv(args.csv, lambda handle: write_actions(handle, views))
        print(f"Wrote {written} action{'' if written == 1 else 's'} to {args.csv}.")
    else:
        print_actions(wide_console(), views, settings.zone)
    return 0


def add(settings: Settings, args: argparse.Namespace) -> int:
    """Create an action as an admin; nothing is written when any part is wrong."""
    due = _date(args.due)
    now = datetime.now(UTC)
    try:
        answers = [parse_answer(text) for text in args.answers]
        with database(settings) as sessions, sessions.begin() as session:
            action = create_action(
                session=session,
                editor=Editor(actor()),
                title=args.title,
                owner=str(args.owner).strip().upper(),
                due=due,
                answers=answers,
                today=now.astimezone(settings.zone).date(),
                now=now,
                department=args.department,
            )
            number, title = action.id, action.title
    except ActionError as error:
        raise CommandError(f"{error} Nothing was written.") from None
    print(f"Added action {number}: {title} (due {due:%Y-%m-%d}).")
    return 0


def change(settings: Settings, args: argparse.Namespace) -> int:
    """Move an action to a status with an optional public note, as an admin."""
    now = datetime.now(UTC)
    try:
        status = parse_status(args.status)
        with database(settings) as sessions, sessions.begin() as session:
            update_action(
                session=session,
                editor=Editor(actor()),
                action_id=args.id,
                status=status,
                note=args.note or "",
                now=now,
            )
    except ActionError as error:
        raise CommandError(f"{error} Nothing was written.") from None
    print(f"Action {args.id} is {label(status)}" + (" with a new note." if args.note else "."))
    return 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"{text!r} is not a date; use YYYY-MM-DD, like 2027-03-31. Nothing was written."
        ) from None
