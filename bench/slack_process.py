"""The Slack stand-in in a process of its own, so it does not share a GIL with the senders.

Prints one JSON line with its API and base URLs, then serves until its stdin closes.
"""

from __future__ import annotations

import json
import sys

from relbot.testing.slack_api import SlackStandIn


def main() -> int:
    with SlackStandIn.running() as slack:
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
