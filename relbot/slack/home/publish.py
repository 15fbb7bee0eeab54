"""Publishing App Home, shared by the event and by anything that changes what Home shows."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from relbot.db import read_scope
from relbot.domain.home import Pending, person_and_pending
from relbot.domain.profile import Profile, profile_of
from relbot.slack.deps import Deps
from relbot.slack.home.blocks import home_view, stranger_home_view
from relbot.slack.outcome import failure_of
from relbot.slack.viewcache import kept_views

logger = logging.getLogger(__name__)


def home_payload(deps: Deps, slack_user_id: str) -> dict[str, Any]:
    """The person's Home from the database, as `views.publish` takes it, carrying a
    fingerprint of its content in its metadata. Not to be changed: it may be shared."""
    with read_scope(deps.sessions) as session:
        found = person_and_pending(
            session=session,
            slack_user_id=slack_user_id,
            today=datetime.now(deps.settings.zone).date(),
            show_owner=deps.settings.actions_show_owner,
        )
        if found is None:
            return _stranger_payload(deps.settings.admins)
        person, pending = found
        return _home_payload(profile_of(person), pending, deps.settings.zone)


# Home is a pure function of what it shows, and people open it again and again while that
# stays the same: the Slack form of each recent one is kept rather than built anew.
HOMES_KEPT, _keep_home = kept_views(4096)


@_keep_home
def _home_payload(profile: Profile, pending: Pending, zone: ZoneInfo) -> dict[str, Any]:
    return _fingerprinted(home_view(profile, pending, zone).to_dict())


@lru_cache(maxsize=16)
def _stranger_payload(admins: tuple[str, ...]) -> dict[str, Any]:
    return _fingerprinted(stranger_home_view(admins).to_dict())


def _fingerprinted(payload: dict[str, Any]) -> dict[str, Any]:
    content = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    payload["private_metadata"] = hashlib.sha256(content.encode()).hexdigest()[:32]
    return payload


def publish_home(
    client: WebClient, deps: Deps, slack_user_id: str, shown: dict[str, Any] | None = None
) -> bool:
    """Publish the person's Home, unless `shown` (the Home Slack says they see, which comes
    with `app_home_opened`) is the same already. True when it was published."""
    payload = home_payload(deps, slack_user_id)
    if shown is not None and shown.get("private_metadata") == payload["private_metadata"]:
        return False
    client.views_publish(user_id=slack_user_id, view=payload)
    return True


def refresh_home(client: WebClient, deps: Deps, slack_user_id: str) -> None:
    """Publish the person's Home after something they did was saved. Slack may not show Home
    to a provider from another workspace (Slack Connect), so a refusal is logged, never
    turned into an apology for what was saved."""
    try:
        publish_home(client, deps, slack_user_id)
    except Exception as error:
        failure = failure_of(error)
        if failure is None:
            raise
        logger.warning("Home was not refreshed after a saved change: %s", failure.reason)
