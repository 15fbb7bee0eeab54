"""`/relbot digest` through the HTTP endpoint: a preview only the asking officer or admin sees."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from relbot.cli.demo.simulate import simulate_rounds
from relbot.config import Settings
from relbot.domain.digest.data import DigestWeek
from relbot.models import Digest
from standin.harness import Harness
from tests.conftest import ADMIN
from tests.directory_data import OFFICER, PROVIDER, STRANGER
from tests.slack.blocktext import block_text


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The usual test settings with a digest channel."""
    return settings.model_copy(update={"digest_channel": "C0DIGEST"})


def _preview(harness: Harness, user_id: str) -> str:
    reply = harness.command("digest", user_id=user_id)
    assert (reply.status, reply.body) == (200, b"")
    [call] = harness.slack.wait_for("response_url")
    assert call.params["response_type"] == "ephemeral"
    return block_text(call.params["blocks"])


def _nothing_posted(harness: Harness) -> None:
    assert harness.slack.calls_to("chat.postMessage") == []
    with harness.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(Digest)) == 0


@pytest.mark.parametrize("user_id", [OFFICER, ADMIN])
def test_officers_and_admins_see_this_weeks_digest_as_a_preview(
    council: Harness, user_id: str
) -> None:
    with council.sessions.begin() as session:
        simulate_rounds(
            session=session,
            rng=random.Random(3),
            start=datetime.now(UTC) - timedelta(weeks=5),
            rounds=2,
            response_rate=1.0,
        )
    text = _preview(council, user_id)
    # Named by the ISO week it reports on: the week before this one.
    week = DigestWeek.of(datetime.now(UTC) - timedelta(days=7), council.settings.zone)
    assert f"Relationship health · week {week.week}, {week.year}" in text
    assert "Preview: only you can see this" in text
    # Four people answered: fewer than five, so no figure of theirs may show.
    assert "*Health index: (s) / 4*" in text
    assert "Trust: *(s)* · *(s)* · gap —" in text
    _nothing_posted(council)


def test_a_week_without_data_previews_the_short_message(council: Harness) -> None:
    text = _preview(council, OFFICER)
    assert "Nothing to report for the week of" in text
    _nothing_posted(council)


@pytest.mark.parametrize("user_id", [PROVIDER, STRANGER])
def test_providers_and_strangers_are_refused_politely(council: Harness, user_id: str) -> None:
    text = _preview(council, user_id)
    assert "The digest preview is for council officers" in text
    assert "posted every week in <#C0DIGEST>" in text
    assert "Health index" not in text and "Nothing to report" not in text
    _nothing_posted(council)
