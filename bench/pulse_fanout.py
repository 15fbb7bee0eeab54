"""Time to send a round's DMs to 2,000 people against a stand-in that rate-limits like Slack:
one message a second per channel in bursts, and a workspace-wide limit on top."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from pydantic import SecretStr

from bench.common import fresh_database
from relbot.config import Settings
from relbot.db import make_session_factory
from relbot.jobs.pulse import PulseJobs
from relbot.models import Person
from relbot.models.enums import Side
from relbot.slack.client import make_web_client
from standin.slack_api import SlackStandIn

PEOPLE = 2000


def run(workspace_rate: float | None) -> tuple[float, int, int, int]:
    """Seconds, DMs sent, distinct recipients, and 429s answered."""
    with fresh_database("sqlite") as engine, SlackStandIn.running() as slack:
        sessions = make_session_factory(engine)
        with sessions.begin() as session:
            session.add_all(
                Person(
                    slack_user_id=f"U{i:08d}",
                    name=f"Person {i}",
                    side=Side.PROVIDER if i % 3 else Side.OFFICER,
                )
                for i in range(PEOPLE)
            )
        slack.limit_per_channel("chat.postMessage", rate=1, burst=3)
        if workspace_rate is not None:
            slack.limit_workspace(
                "chat.postMessage", rate=workspace_rate, burst=int(workspace_rate)
            )
        settings = Settings(
            _env_file=None,
            slack_bot_token=SecretStr(slack.token),
            slack_signing_secret=SecretStr("x"),
            slack_api_url=slack.api_url,
            database_url=str(engine.url),
        )
        jobs = PulseJobs(settings, sessions, make_web_client(settings))
        started = time.perf_counter()
        _, report = jobs.open(now=datetime.now(UTC), slot="bench", by="bench")
        elapsed = time.perf_counter() - started
        channels = {c.params["channel"] for c in slack.calls_to("chat.postMessage")}
        limited = sum(1 for c in slack.calls if c.status == 429)
    return elapsed, report.sent, len(channels), limited


def main() -> None:
    print(f"pulse fan-out to {PEOPLE} people (SQLite outbox, stand-in Slack)")
    for label, rate in (
        ("1/s per channel, bursts of 3", None),
        ("plus 50/s across the workspace", 50.0),
    ):
        elapsed, sent, distinct, limited = run(rate)
        print(
            f"  {label:<32} {elapsed:6.1f} s   {sent} sent to {distinct} people   "
            f"{limited} answered 429   {sent / elapsed:6.0f} DMs/s"
        )
