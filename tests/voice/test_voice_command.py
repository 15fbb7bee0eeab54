"""`/voice` through signed slash commands: anonymous, providers only, text kept as text."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from relbot.models import Base, Person, VoiceItem
from standin.harness import Harness
from standin.slack_api import BOT_ID, SlackStandIn
from tests.directory_data import OFFICER, PROVIDER, STRANGER
from tests.slack.blocktext import block_text
from tests.voice.conftest import VOICE, items

MARKUP = "<!channel> <@U123> & < > <https://evil.example|click> &amp; &lt;b&gt;"


def _voice(harness: Harness, text: str, user: str = PROVIDER) -> dict[str, Any]:
    assert harness.command(text, user_id=user, command="/voice").status == 200
    [said] = harness.slack.wait_for("response_url")
    harness.settle()
    return said.params


def _rows(session: Session) -> dict[str, list[dict[str, Any]]]:
    return {
        table.name: [dict(row._mapping) for row in session.execute(select(table))]
        for table in Base.metadata.sorted_tables
    }


def _person(harness: Harness) -> tuple[int, str, str]:
    with harness.sessions.begin() as session:
        person = session.scalars(select(Person).where(Person.slack_user_id == PROVIDER)).one()
        return person.id, person.name, person.email or ""


def test_a_provider_raises_an_item_that_relbot_posts_without_an_author(council: Harness) -> None:
    said = _voice(council, "Invoices are paid late and nobody tells us why")
    [post] = council.slack.calls_to("chat.postMessage")
    assert post.params["channel"] == VOICE
    assert not {"username", "icon_url", "icon_emoji", "as_user"} & set(post.params)
    shown = block_text(post.params["blocks"])
    assert shown.startswith("Invoices are paid late and nobody tells us why\n")
    assert "Raised anonymously by a provider with `/voice`" in shown
    assert PROVIDER not in str(post.params) and "Priya" not in str(post.params)
    assert said["response_type"] == "ephemeral"
    assert f"Posted anonymously in <#{VOICE}>" in said["text"]
    [link] = council.slack.calls_to("chat.getPermalink")
    ts = link.params["message_ts"]
    assert f"<https://council.example/archives/{VOICE}/p{ts}|See it in the channel>" in said["text"]
    [item] = items(council)
    assert (item.channel, item.ts, item.thread_ts) == (VOICE, ts, None)
    assert (item.anonymous, item.author_id, item.author_side.value) == (True, None, "provider")
    assert item.permalink == f"https://council.example/archives/{VOICE}/p{ts}"


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every log record at DEBUG and above, with SQL statements logged as an operator
    turning on SQLAlchemy's echo would see them."""
    caplog.set_level(logging.DEBUG)
    # Bolt copies the root level into its loggers when the app starts, so set them directly.
    levels = {name: logging.DEBUG for name in ("relbot", "slack_bolt.App", "slack_sdk")}
    levels["sqlalchemy.engine"] = logging.INFO
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    yield caplog
    for name in levels:
        logging.getLogger(name).setLevel(logging.NOTSET)


def test_no_log_line_and_no_row_ties_the_item_to_its_author(
    debug_logs: pytest.LogCaptureFixture, council: Harness
) -> None:
    person_id, name, email = _person(council)
    with council.sessions.begin() as session:
        before = _rows(session)
    debug_logs.clear()
    _voice(council, "Our fees have not gone up in three years")
    with council.sessions.begin() as session:
        after = _rows(session)

    records = debug_logs.records
    # The capture saw the whole request: relbot's listener work and its Slack calls.
    assert any("chat.postMessage" in r.getMessage() for r in records)
    assert any(r.name.startswith("slack_bolt") for r in records)
    assert any(r.name.startswith("sqlalchemy.engine") for r in records)
    for record in records:
        line = " ".join(
            [record.getMessage(), record.exc_text or "", repr(record.__dict__.get("args"))]
        ).lower()
        for secret in (PROVIDER.lower(), name.lower(), email.lower()):
            assert secret not in line, (record.name, record.getMessage())

    changed = {t: [r for r in rows if r not in before[t]] for t, rows in after.items()}
    changed = {t: rows for t, rows in changed.items() if rows}
    assert set(changed) <= {"voice_item", "must_have_category"}
    [item] = changed["voice_item"]
    assert item["anonymous"] is True and item["author_id"] is None
    person_columns = {
        (fk.parent.table.name, fk.parent.name)
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "person"
    }
    for table, rows in after.items():
        for row in rows:
            if table == "person":
                continue
            text = " ".join(str(value) for value in row.values()).lower()
            assert PROVIDER.lower() not in text and name.lower() not in text, (table, row)
            for owner, column in person_columns:
                if owner == table:
                    assert row[column] != person_id, (table, row)


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (OFFICER, "`/voice` is for care providers to raise issues anonymously"),
        (STRANGER, "only for care providers in relbot's directory"),
    ],
)
def test_officers_and_strangers_are_refused_and_nothing_is_posted(
    council: Harness, user: str, expected: str
) -> None:
    said = _voice(council, "Something to say", user=user)
    assert expected in said["text"] and said["response_type"] == "ephemeral"
    assert council.slack.calls_to("chat.postMessage") == []
    assert items(council) == []


def test_no_text_gets_the_usage_and_overlong_text_is_refused(council: Harness) -> None:
    assert "Use `/voice &lt;what you want to raise&gt;`" in _voice(council, "   ")["text"]
    council.slack.reset()
    said = _voice(council, "x" * 3001)
    assert "Please keep it under 3,000 characters (yours has 3,001)" in said["text"]
    assert council.slack.calls_to("chat.postMessage") == [] and items(council) == []


def test_without_a_voice_channel_the_provider_is_told_which_key_is_missing(
    council: Harness, engine: Engine, slack: SlackStandIn
) -> None:
    from standin.harness import running_app

    settings = council.settings.model_copy(update={"provider_voice_channel": None})
    with running_app(settings, engine, slack) as bare:
        slack.reset()
        said = _voice(bare, "Something to say")
    assert "`RELBOT_PROVIDER_VOICE_CHANNEL`" in said["text"]
    assert slack.calls_to("chat.postMessage") == []


def test_markup_in_a_voice_item_is_shown_as_text_everywhere(council: Harness) -> None:
    said = _voice(council, MARKUP)
    [post] = council.slack.calls_to("chat.postMessage")
    for shown in (block_text(post.params["blocks"]), post.params["text"], said["text"]):
        assert "<!" not in shown and "<@" not in shown and "<https://evil" not in shown
    assert block_text(post.params["blocks"]).startswith(
        "&lt;!channel&gt; &lt;@U123&gt; &amp; &lt; &gt; &lt;https://evil.example|click&gt; "
        "&amp; &lt;b&gt;\n"
    )
    # relbot's own post comes back as an event with its bot id: not kept a second time.
    ts = post.params.get("ts") or items(council)[0].ts
    event = {"type": "message", "channel": VOICE, "bot_id": BOT_ID, "text": "x", "ts": ts}
    assert council.event(event, event_id="EvBot").status == 200
    council.settle()
    [item] = items(council)
    assert item.text == "<!channel> <@U123> & < > <https://evil.example|click> & <b>"
    with council.sessions.begin() as session:
        assert session.scalars(select(VoiceItem)).one().anonymous


def test_a_long_text_full_of_markup_fits_slacks_limits(council: Harness) -> None:
    _voice(council, "&<>" * 1000)
    [post] = council.slack.calls_to("chat.postMessage")  # the stand-in refuses oversize blocks
    sections = [b["text"]["text"] for b in post.params["blocks"] if b["type"] == "section"]
    assert all(len(text) <= 3000 for text in sections)
    assert "".join(sections) == "&amp;&lt;&gt;" * 1000


def test_a_post_whose_fate_is_unknown_is_not_repeated_and_the_provider_is_told(
    council: Harness,
) -> None:
    council.slack.drop("chat.postMessage")
    said = block_text(_voice(council, "Invoices are late again")["blocks"])
    assert "may or may not be in the channel" in said
    assert council.slack.calls_to("chat.postMessage") == []  # tried once, not again
    with council.sessions.begin() as session:
        assert session.scalars(select(VoiceItem)).all() == []


def test_an_internal_error_leaves_the_post_unconfirmed_and_it_is_not_repeated(
    council: Harness,
) -> None:
    # Slack's docs on internal_error: some aspect of the operation may have succeeded.
    council.slack.fail("chat.postMessage", error="internal_error")
    said = block_text(_voice(council, "Invoices are late again")["blocks"])
    assert "may or may not be in the channel" in said
    assert [c.status for c in council.slack.calls if c.method == "chat.postMessage"] == [500]


def test_a_refusal_says_nothing_was_posted(council: Harness) -> None:
    council.slack.refuse("chat.postMessage", "not_in_channel")
    said = block_text(_voice(council, "Invoices are late again")["blocks"])
    assert "could not post it in the provider-voice channel (not_in_channel)" in said
    with council.sessions.begin() as session:
        assert session.scalars(select(VoiceItem)).all() == []
