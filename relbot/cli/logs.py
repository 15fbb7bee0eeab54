"""Where the command line's and the bot's log lines go, and what they leave out."""

from __future__ import annotations

import logging
import sys

SLACK_SDK_LOGGERS = ("slack_sdk.web.base_client", "slack_sdk.webhook.client")


def configure_logging(level: str) -> None:
    """Lines at `level` and above to standard error; no work on lines nothing will write."""
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    # Alembic narrates every start at INFO; relbot says itself what a command did.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # SQL logs show rows with people's Slack ids beside what they wrote anonymously.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    # slack_sdk builds its debug line (the whole request and response) on every call unless
    # the level is set on its own logger, whatever the effective level: a quarter of a Web API
    # call's processor time (slackapi/python-slack-sdk#1957).
    for name in SLACK_SDK_LOGGERS:
        logging.getLogger(name).setLevel(level)
