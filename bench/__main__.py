"""Run every benchmark and print its figures."""

from __future__ import annotations

import sys

from bench import (
    categoriser,
    committee_report,
    digest_compose,
    http_help,
    load,
    pulse_fanout,
    pulse_report,
    query_times,
    roster_import,
)


def main() -> int:
    roster_import.main()
    http_help.main()
    pulse_report.main()
    pulse_fanout.main()
    query_times.main()
    digest_compose.main()
    categoriser.main()
    committee_report.main()
    load.main(["--seconds", "5"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
