"""The Slack stand-in in a process of its own, so it does not share a GIL with the senders.

Prints one JSON line with its API and base URLs, then serves until its stdin closes. With
`--delay-ms N` every answer waits N ms first, as Slack's own answers take time.
"""

from __future__ import annotations

import argparse
import json
import sys

from standin.slack_api import SlackStandIn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--delay-ms", type=float, default=0.0)
    args = parser.parse_args(argv)
    # Nothing here reads the calls back, and keeping a long load's calls slows every answer.
    with SlackStandIn.running(answer_delay=args.delay_ms / 1000, keep_calls=False) as slack:
        print(
            json.dumps(
                {"api_url": slack.api_url, "base_url": slack.base_url, "token": slack.token}
            ),
            flush=True,
        )
        sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main())
