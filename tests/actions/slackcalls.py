"""What the closing-the-loop jobs sent through the stand-in, and running two at once."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from typing import Any

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.jobs.actions import ActionJobs
from relbot.slack.client import make_web_client
from standin.slack_api import Call, SlackStandIn


def action_jobs(settings: Settings, sessions: SessionFactory) -> ActionJobs:
    """The jobs as a process builds them, with a client of their own."""
    return ActionJobs(settings, sessions, make_web_client(settings))


def posts(slack: SlackStandIn) -> list[Call]:
    """Every chat.postMessage, whatever Slack answered."""
    return [c for c in slack.calls if c.method == "chat.postMessage"]


def button(call: Call) -> dict[str, Any]:
    """The one button of a posted message."""
    blocks = call.params["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    [found] = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    return dict(found)


def tick_together(jobs: list[ActionJobs], now: datetime) -> None:
    """Each process ticks at the same moment."""
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: ActionJobs) -> None:
        try:
            start.wait(10)
            job.tick(now)
        except BaseException as error:  # the assertion below shows it
            errors.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
