"""`relbot pulse`, `relbot report` and `relbot export` as an operator runs them."""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from relbot.cli.demo.simulate import simulate_rounds
from relbot.db import make_engine, make_session_factory
from relbot.migrate import upgrade
from standin.slack_api import SlackStandIn
from tests.directory_data import load_council
from tests.test_cli import relbot


def _database(tmp_path: Path, rounds: int) -> str:
    url = f"sqlite:///{tmp_path}/relbot.db"
    engine = make_engine(url)
    upgrade(engine)
    with make_session_factory(engine).begin() as session:
        load_council(session, tmp_path)
    if rounds:
        with make_session_factory(engine).begin() as session:
            simulate_rounds(
                session=session,
                rng=random.Random(1),
                rounds=rounds,
                start=datetime.now(UTC) - timedelta(weeks=8),
                response_rate=1.0,
            )
    engine.dispose()
    return url


def test_pulse_open_remind_close_through_the_cli(tmp_path: Path, slack: SlackStandIn) -> None:
    env = {
        "RELBOT_DATABASE_URL": _database(tmp_path, 0),
        "SLACK_BOT_TOKEN": slack.token,
        "SLACK_API_URL": slack.api_url,
    }
    opened = relbot("pulse", "open", env=env)
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.strip() == "Opened pulse round 1: 4 DMs sent, 0 failed."
    again = relbot("pulse", "open", env=env)
    assert again.returncode == 1 and "Round 1 is already open" in again.stderr
    assert relbot("pulse", "remind", env=env).stdout.startswith("Reminded 4 people")
    second = relbot("pulse", "remind", env=env).stdout
    assert second.startswith("Reminded 0 people") and "reminded already" in second
    assert len(slack.calls_to("chat.postMessage")) == 8
    still_open = relbot("report", "--round", "1", env=env)
    assert still_open.stderr.strip() == (
        "relbot: pulse round 1 is still open; its figures are shown once it closes"
    )
    assert "No closed pulse round yet" in relbot("report", env=env).stdout
    closed = relbot("pulse", "close", env=env)
    assert closed.stdout.strip() == "Closed pulse round 1. See it with `relbot report`."
    assert relbot("pulse", "close", env=env).stderr.strip() == "relbot: No round is open."


def test_report_and_export_suppress_small_groups(tmp_path: Path) -> None:
    env = {"RELBOT_DATABASE_URL": _database(tmp_path, 2), "RELBOT_MIN_GROUP_SIZE": "2"}
    report = relbot("report", env=env)
    assert report.returncode == 0, report.stderr
    assert "Pulse round 2" in report.stdout and "Trend" in report.stdout
    assert "(s)" in report.stdout  # Priya is the only provider: her cells are hidden
    exported = relbot("export", env=env)
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    provider = next(
        r
        for r in rows
        if r["breakdown"] == "side" and r["side"] == "provider" and r["measure"] == "index"
    )
    assert (provider["suppressed"], provider["value"], provider["respondents"]) == ("true", "", "")
    # Three officers are enough, but shown beside the total they would give Priya away.
    officer = next(
        r
        for r in rows
        if r["breakdown"] == "side" and r["side"] == "officer" and r["measure"] == "index"
    )
    assert (officer["suppressed"], officer["value"]) == ("true", "")
    overall = next(r for r in rows if r["breakdown"] == "overall")
    assert (overall["suppressed"], overall["respondents"]) == ("false", "4")
    out = relbot("export", "--round", "1", "-o", str(tmp_path / "r1.csv"), env=env)
    assert out.stdout.startswith("Wrote ") and (tmp_path / "r1.csv").exists()
    missing = relbot("export", "--round", "9", env=env)
    assert (missing.returncode, missing.stderr.strip()) == (1, "relbot: there is no pulse round 9")
