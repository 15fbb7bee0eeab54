"""What the fault tests share: more people, overdue queries, and relbot run as a process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import datetime

from sqlalchemy import select

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.models import Department, Person, QueryTicket
from relbot.models.enums import Side
from relbot.models.pulse import DeliveryStatus
from relbot.models.queries import QuerySource, QueryStatus
from standin.slack_api import SlackStandIn

FINANCE_CHANNEL = "C0FINANCE"
DIGEST_CHANNEL = "C0DIGEST"


def add_providers(sessions: SessionFactory, count: int) -> set[str]:
    """`count` more providers, so a fan-out takes a while; their Slack ids."""
    ids = {f"UFAULT{i:04d}" for i in range(count)}
    with sessions.begin() as session:
        session.add_all(
            Person(slack_user_id=user, name=user, side=Side.PROVIDER, organisation_id=None)
            for user in sorted(ids)
        )
    return ids


def add_overdue_tickets(
    sessions: SessionFactory, count: int, created_at: datetime, *, posted: bool = True
) -> None:
    """`count` Finance queries already posted to its queue (or, not `posted`, waiting to be)
    and never answered."""
    with sessions.begin() as session:
        finance = session.scalars(select(Department).where(Department.name == "Finance")).one()
        session.add_all(
            QueryTicket(
                request_key=f"fault-{i}",
                department_id=finance.id,
                text=f"Question {i}",
                source=QuerySource.COMMAND,
                status=QueryStatus.OPEN,
                queue_channel=FINANCE_CHANNEL,
                queue_ts=f"1690000{i:03d}.000100" if posted else None,
                post_status=DeliveryStatus.SENT if posted else DeliveryStatus.PENDING,
                created_at=created_at,
            )
            for i in range(count)
        )


def posts_by_channel(slack: SlackStandIn) -> Counter[str]:
    """How many messages Slack accepted in each channel (a DM's channel is the user's id)."""
    return Counter(str(c.params["channel"]) for c in slack.calls_to("chat.postMessage"))


def posts_by_thread(slack: SlackStandIn) -> Counter[tuple[str, str]]:
    """How many times Slack accepted each message (thread and text) in a thread."""
    return Counter(
        (str(c.params.get("thread_ts")), str(c.params.get("text")))
        for c in slack.calls_to("chat.postMessage")
    )


def environment(settings: Settings) -> dict[str, str]:
    """The environment an operator gives relbot, for these settings; nothing inherited."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("RELBOT_", "SLACK_"))}
    assert settings.slack_bot_token is not None
    return {
        **base,
        "RELBOT_DATABASE_URL": settings.database_url,
        "SLACK_BOT_TOKEN": settings.slack_bot_token.get_secret_value(),
        "SLACK_API_URL": str(settings.slack_api_url),
        "RELBOT_DIGEST_CHANNEL": DIGEST_CHANNEL,
        "RELBOT_QUERIES_CHANNEL": settings.queries_channel or "",
    }


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """Start `python <args>` as its own process, as an operator or the scheduler would."""
    return subprocess.Popen(
        [sys.executable, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
