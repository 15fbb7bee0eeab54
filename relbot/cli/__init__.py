"""The `relbot` command line: parsing and wiring only; the work is in domain services."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from relbot.cli.base import Bound, CommandError
from relbot.cli.parser import build_parser
from relbot.config import ConfigError
from relbot.domain.csvfile import CsvError

EXIT_USAGE = 2
EXIT_FAILED = 1


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    command: Bound = args.func
    try:
        return command(args)
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
