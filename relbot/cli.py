"""The `relbot` command line: parsing and wiring only; the work is in domain services."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from relbot.commands import CommandError
from relbot.config import ConfigError, Settings, get_settings
from relbot.domain.csvfile import CsvError

EXIT_USAGE = 2
EXIT_FAILED = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relbot",
        description="relbot: the council-provider relationship, every week, in Slack.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the bot (Socket Mode, or --http)")
    run.add_argument("--http", action="store_true", help="serve HTTP instead of Socket Mode")
    run.add_argument("--port", type=int, default=3000, help="HTTP port (default 3000)")
    run.add_argument("--host", default="0.0.0.0", help="HTTP address (default 0.0.0.0)")  # noqa: S104

    commands.add_parser("migrate", help="bring the database schema up to date")

    for noun, what in (("participants", "people (roster CSV)"), ("departments", "departments")):
        group = commands.add_parser(noun, help=f"manage {what}")
        verbs = group.add_subparsers(dest="verb", required=True, metavar="VERB")
        importer = verbs.add_parser("import", help=f"create or update {what} from a CSV file")
        importer.add_argument("file", type=Path, metavar="FILE")

    pulse = commands.add_parser("pulse", help="open, remind or close a pulse survey round")
    pulse.add_argument("action", choices=("open", "remind", "close"))

    report = commands.add_parser("report", help="print the pulse analysis and response times")
    report.add_argument("--round", type=int, dest="round_id", help="round id (default latest)")
    report.add_argument("--days", type=int, default=28, help="query period in days (default 28)")
    report.add_argument(
        "--week", help="the figures of that ISO week's digest, like 2026-W07 (overrides --days)"
    )
    report.add_argument(
        "--collection", help="Must Haves round by name (default the latest)", metavar="NAME"
    )
    export = commands.add_parser("export", help="write the analysis and response times as CSV")
    export.add_argument("--round", type=int, dest="round_id", help="round id (default latest)")
    export.add_argument("--output", "-o", type=Path, help="CSV file (default standard output)")
    export.add_argument("--days", type=int, default=28, help="query period in days (default 28)")
    export.add_argument(
        "--must-haves",
        action="store_true",
        help="write a round's Must Haves instead (category, side and text; no names)",
    )
    export.add_argument(
        "--collection", help="Must Haves round by name (default the latest)", metavar="NAME"
    )

    digest = commands.add_parser("digest", help="post or preview the weekly digest")
    how = digest.add_mutually_exclusive_group(required=True)
    how.add_argument("--post", action="store_true", help="post it, once per ISO week")
    how.add_argument(
        "--dry-run", action="store_true", help="print it and write its JSON and chart only"
    )
    digest.add_argument(
        "--out",
        type=Path,
        default=Path("relbot-digest"),
        help="folder for --dry-run's files (default relbot-digest)",
    )
    digest.add_argument("--week", help="ISO week, like 2026-W07 (default this week)")

    forget = commands.add_parser(
        "forget", help="erase a person's personal data, keeping anonymous figures"
    )
    forget.add_argument("user", metavar="USER", help="their Slack user id, like U012AB3CD")
    forget.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    export_user = commands.add_parser(
        "export-user", help="write everything held about a person as JSON"
    )
    export_user.add_argument("user", metavar="USER", help="their Slack user id, like U012AB3CD")
    export_user.add_argument(
        "--output", "-o", type=Path, help="JSON file (default standard output)"
    )

    demo = commands.add_parser("demo", help="show what relbot does, with no Slack workspace")
    demo.add_argument(
        "--database",
        type=Path,
        default=Path("relbot-demo/relbot-demo.db"),
        help="SQLite file to build (default relbot-demo/relbot-demo.db)",
    )
    demo.add_argument("--seed", type=int, default=2026, help="random seed of the synthetic council")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings() if args.command != "demo" else None
        if settings is not None:
            configure_logging(settings.log_level)
        return _dispatch(args, settings)
    except ConfigError as error:
        print(f"relbot: configuration error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except CommandError as error:
        print(f"relbot: {error}", file=sys.stderr)
        return EXIT_FAILED
    except CsvError as error:
        print(f"relbot: {args.file}: {error}. Nothing was imported.", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings | None) -> int:
    from relbot import commands

    if args.command == "demo":
        from relbot.demo.run import run_demo

        configure_logging("WARNING")
        return run_demo(args.database, seed=args.seed)
    assert settings is not None
    if args.command == "migrate":
        return commands.migrate(settings)
    if args.command == "run":
        return commands.run(settings, http=args.http, host=args.host, port=args.port)
    if args.command == "pulse":
        return commands.pulse(settings, args.action, actor=_actor())
    if args.command == "report":
        return commands.report(settings, args.round_id, args.days, args.week, args.collection)
    if args.command == "digest":
        return commands.digest(settings, post=args.post, out=args.out, week=args.week)
    if args.command == "export" and args.must_haves:
        return commands.export_must_haves(settings, args.collection, args.output)
    if args.command == "export":
        return commands.export(settings, args.round_id, args.output, args.days)
    if args.command == "forget":
        return commands.forget(settings, args.user, yes=args.yes, actor=_actor())
    if args.command == "export-user":
        return commands.export_user(settings, args.user, args.output)
    if args.command in ("participants", "departments"):
        return commands.import_file(settings, args.command, args.file, actor=_actor())
    raise AssertionError(args.command)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


SLACK_SDK_LOGGERS = ("slack_sdk.web.base_client", "slack_sdk.webhook.client")


def configure_logging(level: str) -> None:
    """Lines at `level` and above to standard error; no work on lines nothing will write."""
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    # Alembic narrates every start at INFO; relbot says itself what a command did.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # SQL logs show rows with people's Slack ids beside what they wrote anonymously.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    # slack_sdk builds its debug line (the whole request and response) on every call unless
    # the level is set on its own logger, whatever the effective level: a quarter of a Web API
    # call's processor time (slackapi/python-slack-sdk#1957).
    for name in SLACK_SDK_LOGGERS:
        logging.getLogger(name).setLevel(level)


if __name__ == "__main__":
    sys.exit(main())
