"""One pass of the schedule in a process of its own, as `relbot run` ticks it each minute.

    python -m tests.faults.tick pulse|queries|digest|all [ISO time, default now]

With `FAULTS_GO` set to a path, it writes `<path>.<pid>.ready` and waits for that path to
exist before the pass, so two processes started together tick at the same moment. The fault tests also kill it mid-pass and start
it again, as a crash and a restart would.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from slack_sdk import WebClient

from relbot.config import Settings, get_settings
from relbot.db import SessionFactory, make_engine, make_session_factory
from relbot.jobs.digest import DigestJobs
from relbot.jobs.pulse import PulseJobs
from relbot.jobs.queries import QueryJobs
from relbot.jobs.voice import VoiceJobs


class Job(Protocol):
    def tick(self, now: datetime) -> None: ...


JOBS: dict[str, Callable[[Settings, SessionFactory, WebClient], Job]] = {
    "pulse": PulseJobs,
    "queries": QueryJobs,
    "digest": DigestJobs,
    "voice": VoiceJobs,
}
EVERY = ("pulse", "queries", "digest", "voice")  # the order relbot's scheduler runs them in


def main(argv: list[str]) -> int:
    from relbot.slack.client import make_web_client

    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    settings = get_settings()
    engine = make_engine(settings.database_url)
    sessions, client = make_session_factory(engine), make_web_client(settings)
    names = EVERY if argv[0] == "all" else (argv[0],)
    now = datetime.fromisoformat(argv[1]) if len(argv) > 1 else datetime.now(UTC)
    go = os.environ.get("FAULTS_GO")
    if go:  # say we are ready, then wait for the word
        Path(f"{go}.{os.getpid()}.ready").touch()
        while not Path(go).exists():
            time.sleep(0.01)
    failed = 0
    for name in names:
        try:
            JOBS[name](settings, sessions, client).tick(now)
        except Exception:
            logging.exception("scheduled job %s failed", name)
            failed += 1
    engine.dispose()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
