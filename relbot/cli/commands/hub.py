"""`relbot hub`: post the provider hub where it is missing and refresh it where it is."""

from __future__ import annotations

import argparse

from relbot.cli.base import CommandError, database
from relbot.config import Settings


def hub(settings: Settings, args: argparse.Namespace) -> int:
    """Keep the hub in every provider channel and say what was done in each."""
    from relbot.jobs.hub import HubJobs
    from relbot.slack.client import make_web_client

    settings.require("slack_bot_token")
    if not settings.hub_channels:
        raise CommandError(
            "no provider channels: set RELBOT_PROVIDER_CHANNELS (or RELBOT_PROVIDER_VOICE_CHANNEL)"
        )
    with database(settings) as sessions:
        report = HubJobs(settings, sessions, make_web_client(settings)).keep(refresh=True)
    for channel in report.posted:
        print(f"Posted the hub in {channel}.")
    for channel in report.refreshed:
        print(f"Refreshed the hub in {channel}.")
    for channel in report.unconfirmed:
        print(
            f"The hub's post in {channel} was cut off before Slack confirmed it, so it may be "
            "there already; it is not posted again. Check the channel."
        )
    for channel, error in report.failed.items():
        print(
            f"The hub could not be posted in {channel} ({error}); the schedule and the next "
            "`relbot hub` try again. If it says not_in_channel, add relbot to that channel."
        )
    return 1 if report.failed or report.unconfirmed else 0
