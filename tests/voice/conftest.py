"""Provider-voice fixtures: the council with a provider-voice and an officers' channel."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, select

from relbot.config import Settings
from relbot.models import VoiceItem
from standin.harness import Harness
from standin.slack_api import SlackStandIn
from tests.conftest import ADMIN, SIGNING_SECRET

VOICE = "C0VOICE01"
OFFICERS = "C0OFFICER"


@pytest.fixture
def settings(slack: SlackStandIn, engine: Engine) -> Settings:
    """The usual settings plus the provider-voice and officers' channels; no bank holidays, so
    working days are plain weekdays whatever the date the tests run on."""
    return Settings(
        _env_file=None,
        slack_bot_token=slack.token,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.api_url,
        database_url=engine.url.render_as_string(hide_password=False),
        admins=ADMIN,
        queries_channel="C0QUERIES",
        provider_voice_channel=VOICE,
        officers_channel=OFFICERS,
        holiday_calendar="none",
    )


def ts_of(moment: datetime) -> str:
    """A Slack ts for an instant."""
    return f"{moment.timestamp():.6f}"


def message(user: str, text: str, ts: str, thread_ts: str | None = None) -> dict[str, Any]:
    """A message event in the provider-voice channel, as Slack sends it."""
    event = {"type": "message", "channel": VOICE, "user": user, "text": text, "ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def send(harness: Harness, event: dict[str, Any], event_id: str, retry: int | None = None) -> None:
    """Deliver a signed event and wait until relbot has finished with it."""
    assert harness.event(event, event_id=event_id, retry_num=retry).status == 200
    harness.settle()


def reaction(user: str, name: str, ts: str, event_ts: str, added: bool = True) -> dict[str, Any]:
    """A reaction_added or reaction_removed event on a provider-voice message."""
    return {
        "type": "reaction_added" if added else "reaction_removed",
        "user": user,
        "reaction": name,
        "item": {"type": "message", "channel": VOICE, "ts": ts},
        "item_user": "UPROV0001",
        "event_ts": event_ts,
    }


def items(harness: Harness) -> list[VoiceItem]:
    """Every kept item, oldest first."""
    with harness.sessions.begin() as session:
        return list(session.scalars(select(VoiceItem).order_by(VoiceItem.ts)))


def now() -> datetime:
    return datetime.now(UTC)
