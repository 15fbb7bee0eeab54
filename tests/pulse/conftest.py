"""A council with people on both sides, and the pulse jobs wired to the Slack stand-in."""

from __future__ import annotations

from pathlib import Path

import pytest

from relbot.db import session_scope
from relbot.jobs.pulse import PulseJobs
from relbot.slack.client import make_web_client
from relbot.testing.harness import Harness
from tests.directory_data import load_council


@pytest.fixture
def council(harness: Harness, tmp_path: Path) -> Harness:
    with session_scope(harness.sessions) as session:
        load_council(session, tmp_path)
    return harness


@pytest.fixture
def jobs(council: Harness) -> PulseJobs:
    return PulseJobs(council.settings, council.sessions, make_web_client(council.settings))
