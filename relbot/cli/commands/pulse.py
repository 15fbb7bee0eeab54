"""`relbot pulse open|remind|close`: the same jobs the schedule runs, by hand."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from relbot.cli.base import CommandError, actor, database
from relbot.config import Settings


def pulse(settings: Settings, args: argparse.Namespace) -> int:
    """Open, remind or close a pulse round and say what happened."""
    from relbot.domain.pulse.rounds import NoOpenRoundError, RoundOpenError
    from relbot.jobs.pulse import PulseJobs
    from relbot.slack.client import make_web_client

    action = args.action
    if action != "close":
        settings.require("slack_bot_token")
    by = actor()
    now = datetime.now(UTC)
    with database(settings) as sessions:
        jobs = PulseJobs(settings, sessions, make_web_client(settings))
        try:
            if action == "open":
                slot = f"manual:{now.astimezone(settings.zone):%Y-%m-%dT%H:%M:%S}"
                round_id, sent = jobs.open(now=now, slot=slot, by=by)
                print(
                    f"Opened pulse round {round_id}: {sent.sent} DMs sent, {sent.failed} failed."
                    + _via_channels(sent.via_channels)
                )
            elif action == "remind":
                claimed, sent = jobs.remind(now=now, by=by)
                print(
                    f"Reminded {sent.sent} people who have not answered yet"
                    + (f" ({sent.failed} failed)." if sent.failed else ".")
                    + _via_channels(sent.via_channels)
                    + ("" if claimed else " Everyone has answered or was reminded already.")
                )
            else:
                round_id = jobs.close(now=now, by=by)
                print(f"Closed pulse round {round_id}. See it with `relbot report`.")
        except (RoundOpenError, NoOpenRoundError) as refused:
            raise CommandError(str(refused)) from None
    return 0


def _via_channels(count: int) -> str:
    """Whose DM Slack refused in this run: the provider channels reach them instead."""
    if not count:
        return ""
    return (
        f" Slack refused a DM to {count} "
        + ("person" if count == 1 else "people")
        + ": the provider channels reach them instead."
    )
