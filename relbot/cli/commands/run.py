"""`relbot migrate` and `relbot run`: bring the database up to date, then serve Slack."""

from __future__ import annotations

import argparse

from relbot.cli.base import database
from relbot.config import Settings


def migrate(settings: Settings, args: argparse.Namespace) -> int:
    """`relbot migrate`."""
    with database(settings):
        pass
    print("Database is up to date.")
    return 0


def run(settings: Settings, args: argparse.Namespace) -> int:
    """`relbot run`: migrate, then serve HTTP or connect over Socket Mode."""
    from relbot.runtime import run_http, run_socket_mode

    settings.require("slack_bot_token")
    if args.http:
        settings.require("slack_signing_secret")
    elif settings.slack_app_token is None:
        settings.require("slack_app_token")
    with database(settings):
        pass
    if args.http:
        run_http(settings, host=args.host, port=args.port)
    else:
        run_socket_mode(settings)
    return 0
