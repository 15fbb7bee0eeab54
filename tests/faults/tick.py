"""One pass of the schedule in a process of its own, as `relbot run` ticks it each minute.

    python -m tests.faults.tick pulse|queries|digest [ISO time, default now]

The fault tests kill it mid-pass and start it again, as a crash and a restart would.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime

from relbot.config import get_settings
from relbot.db import make_engine, make_session_factory
from relbot.jobs.digest import DigestJobs
from relbot.jobs.pulse import PulseJobs
from relbot.jobs.queries import QueryJobs
from relbot.slack.client import make_web_client

JOBS = {"pulse": PulseJobs, "queries": QueryJobs, "digest": DigestJobs}


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    settings = get_settings()
    engine = make_engine(settings.database_url)
    jobs = JOBS[argv[0]](settings, make_session_factory(engine), make_web_client(settings))
    now = datetime.fromisoformat(argv[1]) if len(argv) > 1 else datetime.now(UTC)
    jobs.tick(now)
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
