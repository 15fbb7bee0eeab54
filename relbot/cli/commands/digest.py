"""`relbot digest --post` posts the week's digest once; `--dry-run` prints it and writes its
Block Kit JSON and chart."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from relbot.cli.base import CommandError, database
from relbot.cli.commands.figures import parse_week
from relbot.config import Settings
from relbot.domain.digest.data import DigestWeek

if TYPE_CHECKING:
    from relbot.jobs.digest import PostResult


def digest(settings: Settings, args: argparse.Namespace) -> int:
    """Post the digest of a week (default this week), or preview it with its files."""
    from relbot.cli.render import wide_console
    from relbot.cli.render.digest import print_digest, write_digest
    from relbot.jobs.digest import DigestJobs
    from relbot.slack.client import make_web_client

    chosen = parse_week(args.week) if args.week else DigestWeek.of(datetime.now(UTC), settings.zone)
    if args.post:
        settings.require("slack_bot_token", "digest_channel")
    with database(settings) as sessions:
        jobs = DigestJobs(settings, sessions, make_web_client(settings))
        if args.post:
            result = jobs.post(chosen, now=datetime.now(UTC))
            return _posted(result)
        figures = jobs.figures(chosen)
    console = wide_console()
    message = print_digest(console, figures, settings.zone)
    for path in write_digest(args.out, figures, message, settings.zone):
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
