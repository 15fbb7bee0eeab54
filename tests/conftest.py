"""Fixtures: every database test runs on SQLite and on PostgreSQL, each migrated from empty."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from relbot.cli.logs import SLACK_SDK_LOGGERS
from relbot.config import Settings, get_settings
from relbot.db import (
    SessionFactory,
    database_answers,
    make_engine,
    make_session_factory,
)
from relbot.jobs.pulse import PulseJobs
from relbot.migrate import upgrade
from relbot.models import Base
from relbot.slack.client import make_web_client
from standin.databases import DEFAULT_POSTGRES_URL, postgres_schema
from standin.harness import Harness, running_app
from standin.slack_api import SlackStandIn
from standin.surfaces import SEEN
from tests.directory_data import load_council

POSTGRES_URL = os.environ.get("RELBOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
IN_CI = os.environ.get("CI", "").lower() == "true"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
ADMIN = "UADMIN001"


@pytest.fixture(autouse=True)
def slack_takes_every_surface(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every message, view and acknowledgement relbot sends in any test is held to what
    Slack accepts (standin/surfaces.py), not only those a test thought to check."""
    SEEN.take()
    yield
    problems = SEEN.take()
    if problems and request.node.get_closest_marker("refused_surfaces") is None:
        listed = "\n".join(f"  {p}" for p in problems[:20])
        pytest.fail(f"Slack would refuse or show broken what relbot sent:\n{listed}", pytrace=False)


def _postgres_engine() -> Iterator[Engine]:
    """A schema of our own in the test database, dropped afterwards; never skipped in CI."""
    probe = make_engine(POSTGRES_URL)
    reachable = database_answers(probe)
    probe.dispose()
    if not reachable:
        message = f"PostgreSQL at {POSTGRES_URL} is unreachable"
        if IN_CI:
            pytest.fail(message + " (CI=true: PostgreSQL tests must run)", pytrace=False)
        pytest.skip(message)
    with postgres_schema(POSTGRES_URL) as engine:
        yield engine


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def migrated_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """An engine on a database migrated from empty by Alembic, once per session and kind."""
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("db") / "relbot.db"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        yield engine
        engine.dispose()
    else:
        for engine in _postgres_engine():
            upgrade(engine)
            yield engine


@pytest.fixture
def engine(migrated_engine: Engine) -> Iterator[Engine]:
    """The migrated database, emptied after each test."""
    yield migrated_engine
    _empty(migrated_engine)


def _empty(engine: Engine) -> None:
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            quoted = ", ".join(f'"{name}"' for name in tables)
            connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                connection.execute(text(f'DELETE FROM "{name}"'))


@pytest.fixture
def sessions(engine: Engine) -> SessionFactory:
    return make_session_factory(engine)


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn.running() as standin:
        yield standin


@pytest.fixture
def settings(slack: SlackStandIn, engine: Engine) -> Settings:
    """Settings as an operator would give them, pointing at the stand-in and the test database."""
    return Settings(
        _env_file=None,
        slack_bot_token=slack.token,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.api_url,
        database_url=engine.url.render_as_string(hide_password=False),
        admins=ADMIN,
        queries_channel="C0QUERIES",
    )


@pytest.fixture
def harness(settings: Settings, engine: Engine, slack: SlackStandIn) -> Iterator[Harness]:
    """relbot served over HTTP with signed requests and the recording stand-in."""
    with running_app(settings, engine, slack) as running:
        slack.reset()  # forget auth.test from start-up; tests assert what requests cause
        yield running


@pytest.fixture
def council(harness: Harness, tmp_path: Path) -> Harness:
    """The harness with a small council imported through the roster and departments files."""
    with harness.sessions.begin() as session:
        load_council(session, tmp_path)
    return harness


@pytest.fixture
def jobs(council: Harness) -> PulseJobs:
    """The pulse jobs, as the CLI and the scheduler run them, against the stand-in."""
    return PulseJobs(council.settings, council.sessions, make_web_client(council.settings))


@pytest.fixture
def operator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An operator's shell for `relbot` run in the test's process: a SQLite file named in
    the environment and nothing else set; the logging a command sets up is put back after."""
    for key in os.environ:
        if key.startswith(("RELBOT_", "SLACK_")):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)  # no .env of the checkout's
    monkeypatch.setenv("RELBOT_DATABASE_URL", f"sqlite:///{tmp_path}/relbot.db")
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    named = ("alembic", "sqlalchemy.engine", *SLACK_SDK_LOGGERS)
    levels = {name: logging.getLogger(name).level for name in named}
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()
    root.setLevel(saved[0])
    root.handlers[:] = saved[1]
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
