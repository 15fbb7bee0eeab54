"""Run every benchmark and print its figures."""

from __future__ import annotations

import sys

from bench import http_help, roster_import


def main() -> int:
    roster_import.main()
    http_help.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
