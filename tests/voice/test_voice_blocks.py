"""Provider-voice Block Kit: Slack's limits hold and people's text stays text, whatever the data."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from relbot.domain.voice.summary import ListedItem, ThemeCount, VoiceSummary
from relbot.models import AuthorSide
from relbot.slack.text import SECTION_TEXT_LIMIT
from relbot.slack.voice.blocks import (
    UNANSWERED_SHOWN,
    anonymous_post,
    escaped_pieces,
    summary_message,
)

LONDON = ZoneInfo("Europe/London")
END = datetime(2026, 3, 9, 9, 30, tzinfo=UTC)
OUR_LINK = re.compile(r"<https://council\.example/archives/C0VOICE01/p\d+\.\d+\|open>")
MARKUP = st.sampled_from(["<!channel>", "<@U123>", "&", "<", ">", "&amp;", "|", "\n", "*"])
TEXTS = st.lists(st.one_of(MARKUP, st.text(max_size=40)), max_size=30).map("".join)
LONG = st.sampled_from(["<!here>&", "é", "x "]).map(lambda unit: unit * (10_000 // len(unit)))


@st.composite
def listed(draw: st.DrawFn) -> ListedItem:
    number = draw(st.integers(0, 10**6))
    return ListedItem(
        item_id=number,
        channel="C0VOICE01",
        ts=f"{1772532000 + number}.000100",
        text=draw(st.one_of(TEXTS, LONG)),
        side=draw(st.sampled_from(AuthorSide)),
        anonymous=draw(st.booleans()),
        posted_at=END - timedelta(minutes=draw(st.integers(0, 20_000))),
        reactors=draw(st.integers(0, 500)),
        replies=draw(st.integers(0, 500)),
        permalink=draw(
            st.sampled_from(
                [None, f"https://council.example/archives/C0VOICE01/p{1772532000 + number}.000100"]
            )
        ),
    )


@st.composite
def summaries(draw: st.DrawFn) -> VoiceSummary:
    waiting = draw(st.lists(listed(), max_size=60))
    return VoiceSummary(
        start=END - timedelta(days=7),
        end=END,
        total=draw(st.integers(0, 100_000)),
        previous_total=draw(st.integers(0, 100_000)),
        themes=draw(
            st.lists(
                st.builds(ThemeCount, TEXTS, st.integers(0, 10**5), st.integers(-(10**5), 10**5)),
                max_size=45,
            )
        ),
        supported=draw(st.lists(listed(), max_size=12)),
        unanswered=waiting,
        unanswered_total=len(waiting) + draw(st.integers(0, 10_000)),
    )


def _check_limits(payload: dict[str, Any]) -> list[str]:
    blocks = payload["blocks"]
    assert len(blocks) <= 50 and len(payload["text"]) <= 4000
    texts: list[str] = []
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        elif block["type"] == "section":
            assert len(block["text"]["text"]) <= SECTION_TEXT_LIMIT
            texts.append(block["text"]["text"])
        elif block["type"] == "context":
            texts += [e["text"] for e in block["elements"]]
            assert all(len(e["text"]) <= SECTION_TEXT_LIMIT for e in block["elements"])
    return texts


def _no_markup_but_ours(text: str) -> None:
    """Only relbot's own links and quote marks may be markup; people's text never is."""
    bare = OUR_LINK.sub("", text)
    assert "<" not in bare
    assert all(">" not in line.removeprefix(">") for line in bare.splitlines())


@settings(max_examples=150, deadline=None)
@given(summaries())
def test_the_summary_fits_slack_and_escapes_everything(summary: VoiceSummary) -> None:
    payload = summary_message(summary, LONDON).payload()
    texts = _check_limits(payload)
    for text in [*texts, payload["text"]]:
        _no_markup_but_ours(text)
    hidden = summary.unanswered_total - min(len(summary.unanswered), UNANSWERED_SHOWN)
    if hidden:
        assert f"…and {hidden} more waiting for an answer in the channel." in texts


@settings(max_examples=100, deadline=None)
@given(st.one_of(TEXTS, LONG, st.text(alphabet="&<>", max_size=20_000)))
def test_an_anonymous_post_fits_slack_and_escapes_everything(text: str) -> None:
    payload = anonymous_post(text).payload()
    texts = _check_limits(payload)
    for shown in [*texts, payload["text"]]:
        _no_markup_but_ours(shown)


@given(TEXTS, st.integers(5, 3000))
def test_escaped_pieces_keep_every_character_and_never_split_an_entity(
    text: str, limit: int
) -> None:
    pieces = escaped_pieces(text, limit)
    assert all(len(piece) <= limit for piece in pieces)
    for piece in pieces:
        unescaped = piece.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")
        assert "&" not in unescaped
    joined = "".join(pieces)
    assert joined.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


def test_an_empty_period_says_so_plainly() -> None:
    empty = VoiceSummary(END - timedelta(days=7), END, 0, 3, [], [], [], 0)
    texts = _check_limits(summary_message(empty, LONDON).payload())
    assert texts == [
        "Nothing was raised in the provider-voice channel this period (the period before: 3).",
        "No provider's item has waited two working days for an answer.",
    ]


def test_the_biggest_week_is_cut_to_fit_and_the_rest_counted() -> None:
    item = ListedItem(
        1,
        "C0VOICE01",
        "1772532000.000100",
        "<!channel>&" * 1000,
        AuthorSide.PROVIDER,
        False,
        END - timedelta(days=3),
        9,
        4,
        "https://council.example/archives/C0VOICE01/p1772532000.000100",
    )
    themes = [ThemeCount("<@U1> & theme " * 20, 10**5, -(10**5)) for _ in range(45)]
    summary = VoiceSummary(
        END - timedelta(days=7), END, 10**5, 0, themes, [item] * 12, [item] * 200, 5000
    )
    payload = summary_message(summary, LONDON).payload()
    texts = _check_limits(payload)
    for text in texts:
        _no_markup_but_ours(text)
    assert texts[-1] == f"…and {5000 - UNANSWERED_SHOWN} more waiting for an answer in the channel."
    assert sum(text.count("|open>") for text in texts) == 5 + UNANSWERED_SHOWN
