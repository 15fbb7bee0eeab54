"""An anonymous post whose database fails: kept before it is posted, posted at most once, and
nothing given to the author (an error reference, a message that stays) ties them to it."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from relbot.domain.voice import items as voice_items
from relbot.domain.voice.summary import theme_counts
from standin.harness import Harness
from tests.directory_data import PROVIDER
from tests.voice.conftest import VOICE, items


def _down(*args: Any, **kwargs: Any) -> None:
    raise OperationalError("UPDATE voice_item", {}, Exception("server closed the connection"))


def _voice(harness: Harness, text: str) -> str:
    assert harness.command(text, user_id=PROVIDER, command="/voice").status == 200
    harness.settle()
    [said] = harness.slack.calls_to("response_url")
    assert said.params["response_type"] == "ephemeral"  # Slack keeps no copy of it
    return str(said.params["text"])


def _no_reference(caplog: pytest.LogCaptureFixture) -> None:
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "handling" not in logged  # the error handler, which gives its reference, never ran
    assert PROVIDER not in logged and "Fees" not in logged


def test_a_database_down_before_the_post_posts_nothing_and_says_so(
    council: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(voice_items, "reserve_anonymous", _down)
    with caplog.at_level(logging.INFO):
        said = _voice(council, "Fees lag inflation")
    assert "nothing was posted" in said
    assert council.slack.calls_to("chat.postMessage") == []
    assert items(council) == []
    _no_reference(caplog)


def test_a_database_down_after_the_post_says_it_was_posted_and_never_posts_again(
    council: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(voice_items, "confirm_anonymous", _down)
    with caplog.at_level(logging.INFO):
        said = _voice(council, "Fees lag inflation")
    assert f"Posted anonymously in <#{VOICE}>" in said and "nothing" not in said
    [post] = council.slack.calls_to("chat.postMessage")
    assert post.params["channel"] == VOICE  # and nothing to the author's DMs
    _no_reference(caplog)
    # The item stays a tombstone, shown nowhere, rather than a half-kept record.
    [item] = items(council)
    assert item.deleted_at is not None and item.author_id is None
    day = timedelta(days=1)
    with council.sessions.begin() as session:
        shown = theme_counts(session=session, start=item.posted_at - day, end=item.posted_at + day)
        assert sum(theme.count for theme in shown) == 0


def test_a_post_slack_refuses_keeps_nothing(council: Harness) -> None:
    council.slack.refuse("chat.postMessage", "not_in_channel")
    said = _voice(council, "Fees lag inflation")
    assert "nothing was posted" in said
    assert items(council) == []


def test_a_link_slack_never_answers_for_still_says_posted_and_nothing_more(
    council: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    council.slack.drop("chat.getPermalink", times=10)
    with caplog.at_level(logging.INFO):
        said = _voice(council, "Fees lag inflation")
    assert f"Posted anonymously in <#{VOICE}>" in said and "See it" not in said
    assert len(council.slack.calls_to("chat.postMessage")) == 1
    _no_reference(caplog)
