"""The command line as an operator uses it: clear one-line errors, imports, the demo."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlalchemy import func, select

from relbot.cli.logs import SLACK_SDK_LOGGERS, configure_logging
from relbot.db import make_engine, make_session_factory
from relbot.models import Person
from standin.slack_api import SlackStandIn
from tests.directory_data import PEOPLE, write_departments, write_roster


def relbot(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the installed console script with a clean environment (no inherited RELBOT_ keys)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("RELBOT_", "SLACK_"))}
    return subprocess.run(
        [sys.executable, "-m", "relbot", *args],
        env={**base, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("RELBOT_MIN_GROUP_SIZE", "few", "RELBOT_MIN_GROUP_SIZE: Input should be a valid integer"),
        (
            "RELBOT_MIN_GROUP_SIZE",
            "1",
            "RELBOT_MIN_GROUP_SIZE: Input should be greater than or equal to 2",
        ),
        ("RELBOT_TIMEZONE", "Europe/Lundun", "RELBOT_TIMEZONE: unknown time zone 'Europe/Lundun'"),
        ("RELBOT_ADMINS", "alice,U123ABC", "RELBOT_ADMINS: 'alice' is not a Slack user id"),
        ("SLACK_API_URL", "slack.com/api", "SLACK_API_URL: must be an http:// or https:// URL"),
    ],
)
def test_an_invalid_key_stops_start_up_with_one_line(
    tmp_path: Path, key: str, value: str, message: str
) -> None:
    result = relbot("migrate", env={key: value}, cwd=tmp_path)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"relbot: configuration error: {message}")


@pytest.mark.parametrize(
    ("args", "missing"),
    [
        (["run", "--http", "--port", "3999"], "SLACK_BOT_TOKEN"),
        (["run"], "SLACK_BOT_TOKEN"),
    ],
)
def test_a_missing_token_stops_run_with_one_line(
    tmp_path: Path, args: list[str], missing: str
) -> None:
    result = relbot(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"relbot: configuration error: {missing} is required for this command but is not set"
    )


def test_socket_mode_needs_the_app_token_and_http_the_signing_secret(tmp_path: Path) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1"}
    assert "SLACK_APP_TOKEN is required" in relbot("run", env=env, cwd=tmp_path).stderr
    assert (
        "SLACK_SIGNING_SECRET is required" in relbot("run", "--http", env=env, cwd=tmp_path).stderr
    )


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("RELBOT_MIN_GROUP_SIZE=zero\n", encoding="utf-8")
    result = relbot("migrate", cwd=tmp_path)
    assert "RELBOT_MIN_GROUP_SIZE" in result.stderr and result.returncode == 2


def test_imports_through_the_cli_on_a_sqlite_file(tmp_path: Path) -> None:
    env = {"RELBOT_DATABASE_URL": f"sqlite:///{tmp_path}/relbot.db"}
    departments = relbot(
        "departments", "import", str(write_departments(tmp_path / "d.csv")), env=env
    )
    assert departments.returncode == 0, departments.stderr
    assert departments.stdout.strip() == "Imported departments: 3 new, 0 updated, 0 unchanged."
    people = relbot("participants", "import", str(write_roster(tmp_path / "r.csv")), env=env)
    assert people.stdout.strip() == "Imported people: 4 new, 0 updated, 0 unchanged."
    again = relbot("participants", "import", str(tmp_path / "r.csv"), env=env)
    assert again.stdout.strip() == "Imported people: 0 new, 0 updated, 4 unchanged."


def test_a_bad_roster_through_the_cli_changes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/relbot.db"
    assert (
        relbot(
            "participants",
            "import",
            str(write_roster(tmp_path / "good.csv")),
            env={"RELBOT_DATABASE_URL": url},
        ).returncode
        == 0
    )
    people = [dict(p) for p in PEOPLE]
    people[0]["name"] = "Renamed Before The Bad Row"
    people.append(dict(PEOPLE[0], slack_user_id="U0LAST001", council_share="half"))
    result = relbot(
        "participants",
        "import",
        str(write_roster(tmp_path / "r.csv", people)),
        env={"RELBOT_DATABASE_URL": url},
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"relbot: {tmp_path}/r.csv: line 6, column council_share: 'half' is not allowed "
        "(allowed: 0-25, 25-50, 50-75, 75-100). Nothing was imported."
    )
    engine = make_engine(url)
    with make_session_factory(engine).begin() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 4
        assert "Renamed Before The Bad Row" not in set(session.scalars(select(Person.name)))
    engine.dispose()


def test_demo_needs_no_tokens_and_shows_the_council(tmp_path: Path, slack: SlackStandIn) -> None:
    result = relbot("demo", cwd=tmp_path, env={"SLACK_BOT_TOKEN": ""}, timeout=300)
    assert result.returncode == 0, result.stderr
    for expected in (
        "Departments and their contacts",
        "Safeguarding",
        "Sourcing and Placements",
        "Provider staff by area and service type",
        "/relbot contacts safeguarding",
        "(decision maker)",
        "App Home of",
        "RELATIONSHIP HEALTH · WEEK",
        "Provider queries: ",
        "simulated over 13 weeks",
        "relbot-demo/digest.json",
        "[ Answer the pulse ]  [ Ask the council ]",
        "Finance's queue (internal)",
        "DMs with relbot",
        "(🔒 internal note, not passed on)",
        "For the board, one HTML file: relbot-demo/committee-report.html",
        "The same as an A4 PDF to print: relbot-demo/committee-report.pdf",
    ):
        assert expected in result.stdout
    # The officer's internal note is in the queue's thread and nowhere in the provider's.
    queue, dms = result.stdout.split("Finance's queue (internal)")[1].split("'s DMs with relbot\n")
    assert "payments team" in queue and "payments team" not in dms.split("───")[0]
    assert "goes out on Friday" in dms and "Will the November invoice" in queue
    assert (tmp_path / "relbot-demo" / "roster.csv").exists()
    assert '"blocks": [' in (tmp_path / "relbot-demo" / "digest.json").read_text("utf-8")
    assert (tmp_path / "relbot-demo" / "digest-chart.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "relbot-demo" / "committee-report.pdf").read_bytes()[:5] == b"%PDF-"
    assert "<h1>Essex-like County Council: the relationship with care providers</h1>" in (
        tmp_path / "relbot-demo" / "committee-report.html"
    ).read_text("utf-8")
    again = relbot("demo", cwd=tmp_path)
    assert again.stdout.splitlines()[1] == result.stdout.splitlines()[1]
    # The demo's quarter (closed rounds, their lowest areas, actions) as Slack takes it.
    posted = relbot(
        "digest",
        "--post",
        cwd=tmp_path,
        env={
            "RELBOT_DATABASE_URL": f"sqlite:///{tmp_path}/relbot-demo/relbot-demo.db",
            "RELBOT_MIN_GROUP_SIZE": "5",
            "RELBOT_DIGEST_CHANNEL": "C0DIGEST",
            "SLACK_BOT_TOKEN": slack.token,
            "SLACK_API_URL": slack.api_url,
        },
    )
    assert posted.returncode == 0, posted.stderr
    [digest] = slack.calls_to("chat.postMessage")
    assert "Lowest areas" in str(digest.params["blocks"])


class _Watched(str):
    """Text that counts how often something formats it with repr()."""

    formatted = 0

    def __repr__(self) -> str:
        _Watched.formatted += 1
        return super().__repr__()


def test_slack_calls_build_their_debug_lines_only_at_debug(slack: SlackStandIn) -> None:
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    pinned = {name: logging.getLogger(name).level for name in SLACK_SDK_LOGGERS}
    client = WebClient(token=slack.token, base_url=slack.api_url)
    try:
        for level, formats in (("INFO", False), ("DEBUG", True)):
            _Watched.formatted = 0
            configure_logging(level)
            client.chat_postMessage(channel="C0GENERAL", text=_Watched("Morning all"))
            assert (_Watched.formatted > 0) is formats, level
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        for name, level_set in pinned.items():
            logging.getLogger(name).setLevel(level_set)
