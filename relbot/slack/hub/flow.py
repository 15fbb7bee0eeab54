"""Keeping the hub in every provider channel: posted once, refreshed in place.

Each channel's row is claimed before its hub is posted, so a restart, a second process or
`relbot hub` run twice posts no second hub. A post Slack may have made (the one rule of
`relbot.slack.outcome`) is never made again: `relbot hub` says which channel to check.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient

from relbot.domain import hub
from relbot.slack.deps import Deps
from relbot.slack.hub.blocks import hub_message
from relbot.slack.outcome import Outcome, failure_of

logger = logging.getLogger(__name__)

# chat.update's answers when the message is no longer there to update: it is posted again.
GONE = frozenset({"message_not_found", "cant_update_message"})


@dataclass
class HubReport:
    """What one pass did in each provider channel."""

    posted: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def keep_hubs(client: WebClient, deps: Deps, *, refresh: bool) -> HubReport:
    """Post the hub where it is missing; with `refresh`, bring the others up to date too."""
    channels = deps.settings.hub_channels
    report = HubReport()
    with deps.sessions.begin() as session:
        hub.ensure(session=session, channels=channels)
    payload = hub_message().payload()
    for channel in channels:
        with deps.sessions.begin() as session:
            ts = hub.posted_ts(session=session, channel=channel)
        if ts is not None and (not refresh or _kept(client, deps, channel, ts, payload, report)):
            continue
        _post(client, deps, channel, payload, report)
    return report


def _kept(
    client: WebClient,
    deps: Deps,
    channel: str,
    ts: str,
    payload: dict[str, Any],
    report: HubReport,
) -> bool:
    """Refresh a posted hub; False when it is gone from the channel and must be posted."""
    try:
        client.chat_update(channel=channel, ts=ts, **payload)
    except Exception as error:
        failure = failure_of(error)
        if failure is None:
            raise
        if failure.reason not in GONE:
            report.failed[channel] = failure.reason
            return True
        with deps.sessions.begin() as session:
            hub.record_gone(session=session, channel=channel)
        return False
    report.refreshed.append(channel)
    return True


def _post(
    client: WebClient, deps: Deps, channel: str, payload: dict[str, Any], report: HubReport
) -> None:
    with deps.sessions.begin() as session:
        claimed = hub.claim(session=session, channel=channel)
        if not claimed and hub.posted_ts(session=session, channel=channel) is None:
            report.unconfirmed.append(channel)  # perhaps posted already, or being posted now
    if not claimed:
        return
    try:
        answer = client.chat_postMessage(channel=channel, **payload)
    except Exception as error:
        failure = failure_of(error)
        if failure is None:
            raise
        if failure.outcome is Outcome.UNCLEAR:
            logger.error(
                "the hub may or may not be in %s (%s); not posted again", channel, failure.reason
            )
            report.unconfirmed.append(channel)
            return
        with deps.sessions.begin() as session:
            hub.record_refused(session=session, channel=channel, error=failure.reason)
        logger.warning("the hub could not be posted in %s: %s", channel, failure.reason)
        report.failed[channel] = failure.reason
        return
    with deps.sessions.begin() as session:
        hub.record_posted(
            session=session, channel=channel, ts=str(answer["ts"]), now=datetime.now(UTC)
        )
    report.posted.append(channel)
