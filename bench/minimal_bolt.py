"""A Bolt app that only acknowledges, served under gunicorn as `relbot run --http` serves relbot.

The reference for the load benchmark: `python -m bench.minimal_bolt --port N`, configured by
the same SLACK_*, RELBOT_HTTP_THREADS and RELBOT_HTTP_WORKERS environment variables.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from relbot.server import serve_http
from relbot.web import EVENTS_PATH, HEALTH_PATH, WsgiApp

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

ANYTHING = re.compile(".*")


def build_minimal_app() -> App:
    """Commands and actions are acknowledged; events are acknowledged by Bolt itself."""
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        token_verification_enabled=True,
        raise_error_for_unhandled_request=False,
    )

    def acknowledge(ack: Ack) -> None:
        ack()

    def ignore() -> None:
        return None

    app.command(ANYTHING)(acknowledge)
    app.action(ANYTHING)(acknowledge)
    app.event(ANYTHING)(ignore)
    return app


def build_wsgi() -> WsgiApp:
    """The minimal app behind the same paths as relbot's, with a health check that always answers."""
    slack = SlackRequestHandler(build_minimal_app(), path=EVENTS_PATH)

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
            return [b"ok"]
        return slack(environ, start_response)

    return wsgi


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    threads = int(os.environ.get("RELBOT_HTTP_THREADS", "8"))
    workers = int(os.environ.get("RELBOT_HTTP_WORKERS", "1"))
    serve_http(build_wsgi, host=args.host, port=args.port, threads=threads, workers=workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
