"""`relbot digest` as an operator runs it, and its numbers beside `relbot report --week`."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.digest.data import DigestWeek
from standin.slack_api import SlackStandIn
from tests.digest.council import load_quarter
from tests.slack.blocktext import block_text
from tests.test_charts import PNG_SIGNATURE
from tests.test_cli import relbot

CHANNEL = "C0DIGEST"
NUMBER = r"(\d\.\d\d\*?|\(s\)|—)"


@pytest.fixture
def env(engine: Engine, slack: SlackStandIn) -> dict[str, str]:
    return {
        "RELBOT_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "SLACK_BOT_TOKEN": slack.token,
        "SLACK_API_URL": slack.api_url,
        "RELBOT_DIGEST_CHANNEL": CHANNEL,
    }


@pytest.fixture
def week(settings: Settings, sessions: SessionFactory, tmp_path: Path) -> DigestWeek:
    """This week, after a quarter of activity."""
    current = DigestWeek.of(datetime.now(UTC), settings.zone)
    load_quarter(sessions, settings, tmp_path, current)
    return current


def test_post_posts_once_and_a_second_run_posts_nothing(
    week: DigestWeek, env: dict[str, str], slack: SlackStandIn
) -> None:
    first = relbot("digest", "--post", env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == (
        f"Posted the digest for {week} in {CHANNEL} with its chart in the thread."
    )
    [post] = slack.calls_to("chat.postMessage")
    assert post.params["channel"] == CHANNEL
    [chart] = slack.shared_files()
    assert chart.data is not None and chart.data[:8] == PNG_SIGNATURE
    second = relbot("digest", "--post", env=env)
    assert second.returncode == 0, second.stderr
    ts = slack.calls_to("chat.postMessage")[0].params
    assert "Already posted" in second.stdout and "nothing was posted" in second.stdout
    assert len(slack.calls_to("chat.postMessage")) == 1 and len(slack.shared_files()) == 1
    assert ts == post.params


def test_every_number_in_the_digest_matches_the_report_for_the_week(
    week: DigestWeek, env: dict[str, str], slack: SlackStandIn
) -> None:
    assert relbot("digest", "--post", env=env).returncode == 0
    digest = block_text(slack.calls_to("chat.postMessage")[0].params["blocks"]).replace("†", "*")
    report = relbot("report", "--week", str(week), env=env)
    assert report.returncode == 0, report.stderr
    table = report.stdout
    headline = re.search(rf"Health index: {NUMBER} / 4\*  . (.+?) since the last round", digest)
    answered = re.search(r"(\d+) of (\d+) answered \((\d+)%\)", digest)
    assert headline and answered
    assert (
        f"Health index {headline[1]} ({headline[2]} since the round before) · responses "
        f"{answered[1]} of "
        f"{answered[2]} ({answered[3]}%)"
    ) in table
    dimensions = re.findall(rf"\n([A-Z][a-z ]+): \*{NUMBER}\* · \*{NUMBER}\* · gap (\S+)", digest)
    assert len(dimensions) == 8
    for title, providers, officers, gap in dimensions:
        assert re.search(
            rf"│ {title}\s+│\s+{re.escape(providers)} │\s+{re.escape(officers)} │\s+"
            rf"{re.escape(gap)} │",
            table,
        ), title
    lowest = re.findall(rf"\n\d\. ([A-Z][a-z ]+): \*{NUMBER}\*", digest)
    assert len(lowest) == 3
    for title, value in lowest:
        assert re.search(rf"│ {title}\s+│.*│\s+{re.escape(value)} │\n", table), title
    trend = re.search(r"Last rounds: (.*)", digest)
    assert trend is not None
    rounds = re.findall(r"│ \d+\s+│ \d{4}-\d\d-\d\d │ \d+/\d+\s+│ (\S+)\s+│", table)
    assert trend[1].split(" → ") == rounds[-6:]
    departments = re.findall(r"\n([A-Z][A-Za-z ]+): \*(\S+)\* \((\d+) raters\)", digest)
    rated = table[table.index("Departments, as providers rated them") : table.index("Trend")]
    for name, value, raters in departments:
        assert re.search(rf"│ {name}\s+│ {raters}\s+│ {re.escape(value)}\s+│", rated), name
    few = re.findall(r"\n([A-Z][A-Za-z ]+): \(s\) fewer than 5 raters", digest)
    for name in few:
        assert re.search(rf"│ {name}\s+│ < 5\s+│ \(s\)\s+│", rated), name
    assert len(departments) + len(few) >= 5
    times = re.findall(
        r"\*([A-Z][A-Za-z ]+)\* · (\d+) quer(?:y|ies) · (\d+) overdue\n\s+median (\S+) h · "
        r"90th pct (\S+) h(?: · oldest open (\d+ \w+))?",
        digest,
    )
    assert times
    for name, count, overdue, median, p90, oldest in times:
        row = re.search(rf"│ {name}\s+│(.*)│\n", table[table.index("Query response times") :])
        assert row is not None, name
        cells = [c.strip() for c in row[1].split("│")]
        assert [cells[0], cells[1], cells[3], cells[7], cells[9]] == [
            count,
            median,
            p90,
            overdue,
            oldest or "—",
        ], name


def test_dry_run_prints_the_digest_and_writes_its_json_and_chart(
    week: DigestWeek, env: dict[str, str], slack: SlackStandIn, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    quiet = {k: v for k, v in env.items() if k not in ("SLACK_BOT_TOKEN", "RELBOT_DIGEST_CHANNEL")}
    result = relbot("digest", "--dry-run", "--out", str(out), env=quiet)
    assert result.returncode == 0, result.stderr
    # Named by the ISO week it reports on: the week before it is posted.
    reported = (date.fromisocalendar(week.year, week.week, 1) - timedelta(days=7)).isocalendar()
    assert f"RELATIONSHIP HEALTH · WEEK {reported.week}, {reported.year}" in result.stdout
    assert f"Wrote {out / 'digest.json'}" in result.stdout
    blocks = json.loads((out / "digest.json").read_text("utf-8"))["blocks"]
    assert blocks[0]["type"] == "header" and len(blocks) <= 50
    assert (out / "digest-chart.png").read_bytes()[:8] == PNG_SIGNATURE
    assert slack.calls == []


def test_post_needs_the_digest_channel_and_a_week_must_exist(env: dict[str, str]) -> None:
    unset = {**env, "RELBOT_DIGEST_CHANNEL": ""}
    missing = relbot("digest", "--post", env=unset)
    assert (missing.returncode, missing.stderr.strip()) == (
        2,
        "relbot: configuration error: RELBOT_DIGEST_CHANNEL is required for this command but "
        "is not set",
    )
    wrong = relbot("digest", "--dry-run", "--week", "2026-W54", env=env)
    assert (wrong.returncode, wrong.stderr.strip()) == (1, "relbot: 2026 has no week 54")
