"""NUL bytes, other control characters and lone surrogates, as a client can send them, are
cleaned where they arrive: nothing is lost, nothing fails, no text reaches the log."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from relbot.domain.cleaning import clean_text, for_terminal
from relbot.models import MustHave, QueryTicket, VoiceItem
from relbot.slack.ids import Action
from standin.harness import Harness
from standin.signing import view_submission
from tests.directory_data import PROVIDER
from tests.hub.test_hub import VOICE, _press, settings

__all__ = ["settings"]


@given(st.text())
def test_clean_text_keeps_words_and_drops_only_what_no_database_or_reader_wants(
    text: str,
) -> None:
    cleaned = clean_text(text)
    cleaned.encode("utf-8")  # no lone surrogate is left
    assert "\x00" not in cleaned
    assert all(c in "\t\n\r" or not (ord(c) < 32 or 127 <= ord(c) < 160) for c in cleaned)
    assert clean_text(cleaned) == cleaned
    kept = "".join(c for c in text if c.isalnum())
    assert "".join(c for c in cleaned if c.isalnum()) == kept


def test_a_terminal_shows_no_controls_or_direction_marks() -> None:
    name = "Sid\u202e\x1b[31mrotceriD ecnaniF\x00\n"
    assert for_terminal(name) == "Sid[31mrotceriD ecnaniF"


def _quiet(caplog: pytest.LogCaptureFixture) -> None:
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert problems == [], [r.getMessage() for r in problems]


def test_a_nul_in_a_query_or_must_have_is_dropped_and_nothing_lost(
    council: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        council.command("finance When is\x00 invoice 42 paid?", user_id=PROVIDER, command="/query")
        council.command(
            "Pay invoices\x00 within 30 days\x07", user_id=PROVIDER, command="/musthave"
        )
        council.settle()
    with council.sessions.begin() as session:
        assert session.scalars(select(QueryTicket.text)).one() == "When is invoice 42 paid?"
        assert session.scalars(select(MustHave.text)).one() == "Pay invoices within 30 days"
    _quiet(caplog)


def test_a_lone_surrogate_in_a_raise_is_posted_replaced(
    council: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    _press(council, PROVIDER, Action.HUB_RAISE)
    [opened] = council.slack.calls_to("views.open")
    view = {**opened.params["view"], "id": "VRAISE2"}
    text = {"raise_text": {"a": {"type": "plain_text_input", "value": "Fees \udcff lag\x00"}}}
    council.slack.reset()
    with caplog.at_level(logging.INFO):
        assert council.interact(view_submission(user_id=PROVIDER, view=view, values=text)).status
        council.settle()
    [posted] = council.slack.calls_to("chat.postMessage")
    assert posted.params["channel"] == VOICE
    with council.sessions.begin() as session:
        assert session.scalars(select(VoiceItem.text)).one() == "Fees \ufffd lag"
    _quiet(caplog)
