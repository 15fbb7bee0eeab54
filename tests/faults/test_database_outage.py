"""The database unreachable for a while: relbot says so, writes nothing half-way, and comes
back by itself when the database does, with no restart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from relbot.config import Settings
from relbot.db import make_engine, make_session_factory
from relbot.models import QueryEvent, QueryTicket
from standin.harness import Harness, running_app
from standin.slack_api import SlackStandIn
from tests.directory_data import PROVIDER, load_council
from tests.faults.proxy import DatabaseLink
from tests.slack.blocktext import block_text

QUERY = "finance When will invoice 42 be paid?"


@pytest.fixture
def link(engine: Engine) -> Iterator[DatabaseLink]:
    if engine.dialect.name != "postgresql":
        pytest.skip("a database file cannot be cut off; the PostgreSQL run covers this")
    host, port = engine.url.host or "127.0.0.1", engine.url.port or 5432
    with DatabaseLink.running(host, port) as running:
        yield running


@pytest.fixture
def relbot(
    link: DatabaseLink, engine: Engine, settings: Settings, slack: SlackStandIn, tmp_path: Path
) -> Iterator[Harness]:
    """relbot served over HTTP, reaching its database only through the link."""
    with make_session_factory(engine).begin() as session:
        load_council(session, tmp_path)
    url = engine.url.set(host="127.0.0.1", port=link.port)
    linked = make_engine(url.render_as_string(hide_password=False))
    served = settings.model_copy(update={"database_url": url.render_as_string(False)})
    with running_app(served, linked, slack) as harness:
        slack.reset()
        yield harness
    linked.dispose()


def _tickets(engine: Engine) -> tuple[int, int]:
    with make_session_factory(engine).begin() as session:
        return (
            session.scalar(select(func.count()).select_from(QueryTicket)) or 0,
            session.scalar(select(func.count()).select_from(QueryEvent)) or 0,
        )


def _ask(relbot: Harness) -> str:
    relbot.slack.reset()
    reply = relbot.command(QUERY, user_id=PROVIDER, command="/query")
    assert reply.status == 200  # acknowledged within Slack's 3 seconds, whatever follows
    relbot.settle()
    [said] = relbot.slack.wait_for("response_url")
    return str(said.params.get("text") or block_text(said.params["blocks"]))


def test_while_the_database_is_down_relbot_says_so_and_resumes_by_itself(
    relbot: Harness, link: DatabaseLink, engine: Engine
) -> None:
    assert relbot.get("/healthz").status == 200
    link.cut()
    down = relbot.get("/healthz")
    assert (down.status, down.json()["database"]) == (503, "unreachable")
    said = _ask(relbot)
    assert "Sorry, something went wrong on my side and nothing was changed" in said
    assert "Please try again in a minute" in said and "Traceback" not in said
    assert relbot.slack.calls_to("chat.postMessage") == []
    assert _tickets(engine) == (0, 0)  # nothing half-written

    link.restore()  # no restart: the same process, its pool's dead connections replaced
    assert relbot.get("/healthz").status == 200
    said = _ask(relbot)
    assert "Query #1 is with *Finance*" in said
    queue = [c for c in relbot.slack.calls_to("chat.postMessage") if c.params["channel"][0] == "C"]
    assert [c.params["channel"] for c in queue] == ["C0FINANCE"]
    assert _tickets(engine)[0] == 1
