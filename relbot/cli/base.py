"""What every command shares: its error, its one database, who runs it, where its CSV goes."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from relbot.cli.logs import configure_logging
from relbot.config import Settings, get_settings
from relbot.db import SessionFactory, make_engine, make_session_factory
from relbot.migrate import upgrade

Command = Callable[[Settings, argparse.Namespace], int]
Bound = Callable[[argparse.Namespace], int]


class CommandError(Exception):
    """A command cannot do what was asked; the message says why in one line."""


def configured(command: Command) -> Bound:
    """The command run with the operator's settings, logging at their level."""

    def run(args: argparse.Namespace) -> int:
        settings = get_settings()
        configure_logging(settings.log_level)
        return command(settings, args)

    return run


@contextmanager
def database(settings: Settings) -> Iterator[SessionFactory]:
    """The configured database, brought up to date, for the length of one command: one
    engine and one migration per run, however many parts the command reads."""
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def actor() -> str:
    """Who ran the command, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def write_csv(output: Path | None, write: Callable[[TextIO], int]) -> int:
    """Write to the file, or to standard output when none is named; the rows written."""
    if output is None:
        return write(sys.stdout)
    with output.open("w", newline="", encoding="utf-8") as handle:
        return write(handle)
