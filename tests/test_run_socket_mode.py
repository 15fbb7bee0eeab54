"""`relbot run` over Socket Mode as an operator starts it: it answers what Slack sends over
the connection, and a refused token stops it at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from relbot.slack.ids import Callback, ProfileBlock
from relbot.slack.metadata import ProfileMetadata
from standin.signing import view_submission
from standin.slack_api import TEAM_ID, SlackStandIn
from standin.socket_mode import APP_ID, SocketModeEnd, slash_command


def _environment(slack: SlackStandIn, engine: Engine, app_token: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RELBOT_", "SLACK_"))}
    env.update(
        SLACK_BOT_TOKEN=slack.token,
        SLACK_APP_TOKEN=app_token,
        SLACK_API_URL=slack.api_url,
        RELBOT_DATABASE_URL=engine.url.render_as_string(hide_password=False),
    )
    return env


def test_run_answers_commands_forms_and_events_over_the_connection(
    slack: SlackStandIn, engine: Engine, tmp_path: Path
) -> None:
    stranger = "USTRANGE1"
    with SocketModeEnd.running() as end:
        slack.socket_mode_url = end.url
        relbot = subprocess.Popen(
            [sys.executable, "-m", "relbot", "run"],
            env=_environment(slack, engine, slack.app_token),
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            end.wait_connected()
            help_ack = end.ack_for(
                end.send("slash_commands", slash_command("/relbot", "", stranger))
            )
            assert "/relbot contacts [department]" in str(help_ack["payload"]["blocks"])

            # The form check reads the directory on the connection's own threads.
            view = {"id": "VSOCKET", "type": "modal", "callback_id": Callback.PROFILE.value}
            view["private_metadata"] = ProfileMetadata(
                slack_user_id=stranger, side="provider"
            ).dump()
            submitted = view_submission(user_id=stranger, view=view, values={})
            form_ack = end.ack_for(end.send("interactive", submitted))
            assert form_ack["payload"] == {
                "response_action": "errors",
                "errors": {ProfileBlock.NAME.value: "You are no longer in relbot's directory."},
            }

            event = {
                "type": "event_callback",
                "team_id": TEAM_ID,
                "api_app_id": APP_ID,
                "event": {"type": "app_home_opened", "user": stranger, "tab": "home"},
                "event_id": "EvSocket1",
                "event_time": int(time.time()),
            }
            end.ack_for(end.send("events_api", event))
            [published] = slack.wait_for("views.publish", timeout=10)
            assert published.params["user_id"] == stranger
        finally:
            relbot.terminate()
            _, stderr = relbot.communicate(timeout=30)
        assert "Traceback" not in stderr, stderr


@pytest.mark.parametrize(
    ("app_token", "code"),
    [("xapp-revoked", "invalid_auth"), ("xoxb-test-token", "not_allowed_token_type")],
    ids=["revoked", "bot-token"],
)
def test_a_refused_app_token_stops_run_in_one_line(
    slack: SlackStandIn, engine: Engine, tmp_path: Path, app_token: str, code: str
) -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "relbot", "run"],
        env=_environment(slack, engine, app_token),
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
