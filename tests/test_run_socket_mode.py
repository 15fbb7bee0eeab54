"""`relbot run` over Socket Mode as an operator starts it: a refused token stops it at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from standin.slack_api import SlackStandIn


@pytest.mark.parametrize(
    ("app_token", "code"),
    [("xapp-revoked", "invalid_auth"), ("xoxb-test-token", "not_allowed_token_type")],
    ids=["revoked", "bot-token"],
)
def test_a_refused_app_token_stops_run_in_one_line(
    slack: SlackStandIn, engine: Engine, tmp_path: Path, app_token: str, code: str
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RELBOT_", "SLACK_"))}
    env.update(
        SLACK_BOT_TOKEN=slack.token,
        SLACK_APP_TOKEN=app_token,
        SLACK_API_URL=slack.api_url,
        RELBOT_DATABASE_URL=engine.url.render_as_string(hide_password=False),
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "relbot", "run"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert time.monotonic() - started < 15
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"relbot: configuration error: Slack refused SLACK_APP_TOKEN ({code}): check that it "
        "is this app's app-level token (xapp-...), not revoked, with the connections:write scope"
    ]
    # Refused before anything started: no schedule ran, nothing was posted.
    assert [c.method for c in slack.calls] == ["apps.connections.open"]
