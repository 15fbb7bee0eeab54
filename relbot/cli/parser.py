"""The `relbot` command line's parser: each subcommand bound to the function that runs it."""

from __future__ import annotations

import argparse
from pathlib import Path

from relbot.cli.base import configured
from relbot.cli.commands.actions import actions, add, change
from relbot.cli.commands.demo import demo
from relbot.cli.commands.digest import digest
from relbot.cli.commands.directory import import_file
from relbot.cli.commands.enrolment import decide_request, list_waiting
from relbot.cli.commands.hub import hub
from relbot.cli.commands.privacy import export_user, forget
from relbot.cli.commands.pulse import pulse
from relbot.cli.commands.report import export, report
from relbot.cli.commands.run import migrate, run


def build_parser() -> argparse.ArgumentParser:
    """The parser; each subcommand's `func` runs it given the parsed arguments."""
    parser = argparse.ArgumentParser(
        prog="relbot",
        description="relbot: the council-provider relationship, every week, in Slack.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("run", help="run the bot (Socket Mode, or --http)")
    serve.add_argument("--http", action="store_true", help="serve HTTP instead of Socket Mode")
    serve.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")
    serve.add_argument("--host", default="0.0.0.0", help="HTTP address (default 0.0.0.0)")  # noqa: S104
    serve.set_defaults(func=configured(run))

    upgrade = commands.add_parser("migrate", help="bring the database schema up to date")
    upgrade.set_defaults(func=configured(migrate))

    for noun, what in (
        ("participants", "people (roster CSV)"),
        ("departments", "departments"),
        ("organisations", "provider organisations and their Slack teams"),
    ):
        group = commands.add_parser(noun, help=f"manage {what}")
        verbs = group.add_subparsers(dest="verb", required=True, metavar="VERB")
        importer = verbs.add_parser("import", help=f"create or update {what} from a CSV file")
        importer.add_argument("file", type=Path, metavar="FILE")
        importer.set_defaults(func=configured(import_file))
        if noun == "participants":
            for verb, does in (("approve", "enrol"), ("refuse", "turn down")):
                decide = verbs.add_parser(
                    verb, help=f"{does} someone waiting to join from the provider hub"
                )
                decide.add_argument(
                    "user", metavar="USER", help="their Slack user id, like U012AB3CD"
                )
                decide.set_defaults(func=configured(decide_request))
            waiting = verbs.add_parser(
                "waiting", help="list the people waiting for an admin to approve them"
            )
            waiting.set_defaults(func=configured(list_waiting))

    survey = commands.add_parser("pulse", help="open, remind or close a pulse survey round")
    survey.add_argument("action", choices=("open", "remind", "close"))
    survey.set_defaults(func=configured(pulse))

    figures = commands.add_parser(
        "report", help="print the pulse analysis and response times, or write the committee report"
    )
    figures.add_argument("--round", type=int, dest="round_id", help="round id (default latest)")
    figures.add_argument("--days", type=int, default=28, help="query period in days (default 28)")
    figures.add_argument(
        "--week", help="the figures of that ISO week's digest, like 2026-W07 (overrides --days)"
    )
    figures.add_argument(
        "--collection", help="Must Haves round by name (default the latest)", metavar="NAME"
    )
    figures.add_argument(
        "--html", type=Path, metavar="FILE", help="write the committee report as one HTML file"
    )
    figures.add_argument(
        "--pdf", type=Path, metavar="FILE", help="write the committee report as an A4 PDF"
    )
    figures.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        help="committee report for the period since this date (its latest closed round)",
    )
    figures.set_defaults(func=configured(report))

    csv = commands.add_parser("export", help="write the analysis and response times as CSV")
    csv.add_argument("--round", type=int, dest="round_id", help="round id (default latest)")
    csv.add_argument("--output", "-o", type=Path, help="CSV file (default standard output)")
    csv.add_argument("--days", type=int, default=28, help="query period in days (default 28)")
    csv.add_argument(
        "--must-haves",
        action="store_true",
        help="write a round's Must Haves instead (category, side and text; no names)",
    )
    csv.add_argument(
        "--collection", help="Must Haves round by name (default the latest)", metavar="NAME"
    )
    csv.set_defaults(func=configured(export))

    weekly = commands.add_parser("digest", help="post or preview the weekly digest")
    how = weekly.add_mutually_exclusive_group(required=True)
    how.add_argument("--post", action="store_true", help="post it, once per ISO week")
    how.add_argument(
        "--dry-run", action="store_true", help="print it and write its JSON and chart only"
    )
    weekly.add_argument(
        "--out",
        type=Path,
        default=Path("relbot-digest"),
        help="folder for --dry-run's files (default relbot-digest)",
    )
    weekly.add_argument("--week", help="ISO week, like 2026-W07 (default this week)")
    weekly.set_defaults(func=configured(digest))

    _actions(commands)

    provider_hub = commands.add_parser(
        "hub", help="post or refresh the provider hub in every provider channel"
    )
    provider_hub.set_defaults(func=configured(hub))

    erase = commands.add_parser(
        "forget", help="erase a person's personal data, keeping anonymous figures"
    )
    erase.add_argument("user", metavar="USER", help="their Slack user id, like U012AB3CD")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(func=configured(forget))

    held = commands.add_parser("export-user", help="write everything held about a person as JSON")
    held.add_argument("user", metavar="USER", help="their Slack user id, like U012AB3CD")
    held.add_argument("--output", "-o", type=Path, help="JSON file (default standard output)")
    held.set_defaults(func=configured(export_user))

    show = commands.add_parser("demo", help="show what relbot does, with no Slack workspace")
    show.add_argument(
        "--database",
        type=Path,
        default=Path("relbot-demo/relbot-demo.db"),
        help="SQLite file to build (default relbot-demo/relbot-demo.db)",
    )
    show.add_argument("--seed", type=int, default=2026, help="random seed of the synthetic council")
    # The demo makes settings of its own and needs no tokens, so it goes without the operator's.
    show.set_defaults(func=demo)
    return parser


def _actions(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`relbot actions [add|update]`: you said, we did."""
    group = commands.add_parser("actions", help="list, add or update the council's actions")
    group.add_argument("--csv", type=Path, metavar="FILE", help="write every action as CSV")
    group.set_defaults(func=configured(actions))
    verbs = group.add_subparsers(dest="verb", metavar="VERB")
    new = verbs.add_parser("add", help="add an action on what the council heard")
    new.add_argument("--title", required=True, help="what the council will do (1-200 characters)")
    new.add_argument("--owner", required=True, metavar="USER", help="the officer's Slack user id")
    new.add_argument("--due", required=True, metavar="YYYY-MM-DD", help="when it is due")
    new.add_argument(
        "--answers",
        required=True,
        action="append",
        metavar="KIND:VALUE",
        help="what it answers, repeatable: dimension:KEY, department:NAME, category:NAME "
        "or voice:ID",
    )
    new.add_argument("--department", metavar="NAME", help="its department (default the owner's)")
    new.set_defaults(func=configured(add))
    moved = verbs.add_parser("update", help="move an action on, with a public note")
    moved.add_argument("id", type=int, metavar="ID", help="the action's id")
    moved.add_argument("--status", required=True, help="planned, in_progress, done or dropped")
    moved.add_argument("--note", metavar="TEXT", help="a note providers will see")
    moved.set_defaults(func=configured(change))
