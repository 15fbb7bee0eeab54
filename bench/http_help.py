"""Latency of a signed `/relbot help` through the HTTP endpoint; Slack allows 3 s."""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from pydantic import SecretStr

from bench.common import fresh_database
from relbot.config import Settings
from standin.harness import running_app
from standin.slack_api import SlackStandIn

REQUESTS = 400
SENDERS = 10
SECRET = "bench-signing-secret"


def main() -> None:
    with fresh_database("sqlite") as engine, SlackStandIn.running() as slack:
        settings = Settings(
            _env_file=None,
            slack_bot_token=SecretStr(slack.token),
            slack_signing_secret=SecretStr(SECRET),
            slack_api_url=slack.api_url,
            database_url=str(engine.url),
        )
        with running_app(settings, engine, slack) as harness:

            def one(_: int) -> float:
                started = time.perf_counter()
                reply = harness.command("help", user_id="U0BENCH01")
                assert reply.status == 200
                return time.perf_counter() - started

            started = time.perf_counter()
            with ThreadPoolExecutor(SENDERS) as pool:
                latencies = sorted(pool.map(one, range(REQUESTS)))
            elapsed = time.perf_counter() - started
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(
        f"signed /relbot help over HTTP, {REQUESTS} requests from {SENDERS} senders (test server)"
    )
    print(
        f"  {REQUESTS / elapsed:6.0f} requests/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   "
        f"max {latencies[-1] * 1000:6.1f} ms"
    )
