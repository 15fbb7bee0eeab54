"""The views the web workers keep in memory: a forgotten person's leave within minutes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from relbot.domain.privacy import forget_person
from relbot.slack import viewcache
from relbot.slack.home.profile import MODALS_KEPT
from relbot.slack.home.publish import HOMES_KEPT
from standin.harness import Harness
from standin.signing import block_action
from tests.directory_data import OFFICER, PROVIDER

NAME = "Priya Patel"  # PROVIDER's name in the directory


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The time views are kept by, moved on by hand; the caches start and end empty."""
    now = [1_000.0]
    monkeypatch.setattr(viewcache, "clock", lambda: now[0])
    for cache in (HOMES_KEPT, MODALS_KEPT):
        cache.clear()
    yield now
    for cache in (HOMES_KEPT, MODALS_KEPT):
        cache.clear()


def _kept() -> str:
    return json.dumps([list(cache.values()) for cache in (HOMES_KEPT, MODALS_KEPT)])


def _open_home_and_profile(council: Harness, user: str) -> None:
    home = {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"}
    assert council.event(home).status == 200
    button = block_action(user_id=user, action_id="open_profile", view={"id": "VHOME"})
    assert council.interact(button).status == 200
    council.settle()


def test_a_forgotten_persons_views_leave_memory_within_minutes(
    council: Harness, clock: list[float]
) -> None:
    _open_home_and_profile(council, PROVIDER)
    assert NAME in _kept()
    with council.sessions.begin() as session:
        forget_person(
            session=session,
            slack_user_id=PROVIDER,
            actor="cli:dpo",
            min_group=council.settings.min_group_size,
            now=datetime.now(UTC),
        )
    clock[0] += viewcache.KEPT_SECONDS - 1
    _open_home_and_profile(council, OFFICER)
    assert NAME in _kept()  # kept a while, never longer than KEPT_SECONDS
    clock[0] += 2
    _open_home_and_profile(council, "UOFFI0002")  # the next views kept drop the old ones
    assert NAME not in _kept()
    assert "UOFFI0002" in _kept()
