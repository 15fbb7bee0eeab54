"""`relbot demo`: a synthetic council in a SQLite file, shown as people would see it."""

from __future__ import annotations

import argparse

from relbot.cli.logs import configure_logging


def demo(args: argparse.Namespace) -> int:
    """Build and show the demo; it needs no settings, tokens or Slack workspace."""
    from relbot.cli.demo.run import run_demo

    configure_logging("WARNING")
    return run_demo(args.database, seed=args.seed)
