"""Text cut to Slack's limits: never inside a link, a mention, an entity or an emoji code,
and saying how much was left out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from relbot.models.queries import QueryStatus
from relbot.slack.queries.blocks import TicketView, own_queries_message, queue_message
from relbot.slack.text import SECTION_TEXT_LIMIT, clip, escape, fit
from standin.surfaces import mrkdwn_problems

PIECES = st.sampled_from(
    [
        "<https://council.example/archives/C0QUEUE/p1700000001000100|#12>",
        "<@U0PROVIDER1>",
        "<#C0QUEUE>",
        ":hourglass_flowing_sand:",
        "&amp;",
        "&lt;",
        "word",
        " ",
        "\n",
        "• ",
        "Health & <Safety> :x",
    ]
)
MRKDWN = st.lists(PIECES, max_size=400).map(
    lambda parts: "".join(escape(p) if "Safety" in p else p for p in parts)
)


@given(MRKDWN, st.integers(min_value=100, max_value=3000))
def test_fit_never_cuts_inside_an_entity_and_keeps_to_the_limit(text: str, limit: int) -> None:
    shown = fit(text, limit)
    assert len(shown) <= limit
    assert list(mrkdwn_problems(shown)) == list(mrkdwn_problems(text)) == []
    if shown != text:
        assert shown.endswith(("more lines_", "more characters)_"))


@given(MRKDWN, st.integers(min_value=2, max_value=300))
def test_clip_never_cuts_inside_an_entity(text: str, limit: int) -> None:
    shown = clip(text, limit)
    assert len(shown) <= limit
    assert list(mrkdwn_problems(shown)) == []


@given(st.text(max_size=400), st.integers(min_value=2, max_value=300))
def test_what_a_person_typed_clipped_then_escaped_is_safe(text: str, limit: int) -> None:
    assert list(mrkdwn_problems(escape(clip(text, limit)))) == []


def test_a_long_list_keeps_whole_items_and_says_how_many_more() -> None:
    asked = datetime(2026, 11, 2, 9, tzinfo=UTC)
    tickets = [
        TicketView(
            ticket_id=n,
            asker="U0PROVIDER1",
            department="Finance & Payments",
            target_days=2,
            text="<!channel> " + "x" * 200,
            status=QueryStatus.OPEN,
            created_at=asked + timedelta(hours=n),
            permalink=f"https://council.example/archives/C0QUEUE/p17000000{n:02d}000100",
        )
        for n in range(1, 41)
    ]
    text = own_queries_message(tickets, ZoneInfo("Europe/London")).payload()["blocks"][0]["text"]
    lines = text["text"].split("\n")
    assert lines[0] == "*Your open queries (40)*"
    items = [line for line in lines if line.startswith("• ")]
    told = lines[-1]
    assert told.startswith("_…and ") and told.endswith(" more lines_")
    # Every item the heading counts is shown or counted: none silently lost.
    assert len(items) + int(told.split()[1]) == 20  # the list shows the oldest 20
    assert len(text["text"]) <= SECTION_TEXT_LIMIT
    assert list(mrkdwn_problems(text["text"])) == []


def test_a_query_whose_asker_is_forgotten_names_no_one_and_breaks_nothing() -> None:
    ticket = TicketView(
        ticket_id=7,
        asker=None,
        department="Finance",
        target_days=2,
        text="When is the run?",
        status=QueryStatus.OPEN,
        created_at=datetime(2026, 11, 2, 9, tzinfo=UTC),
    )
    text = queue_message(ticket, ZoneInfo("Europe/London")).payload()["blocks"][0]["text"]["text"]
    assert text.startswith("*Query #7 for Finance* from someone no longer listed\n")
    assert list(mrkdwn_problems(text)) == []


def test_a_lone_less_than_sign_someone_typed_is_no_link_to_protect() -> None:
    typed = "Our costs rose < 5% but " + "word " * 100
    assert clip(typed, 120) == typed[:119].rstrip() + "…"
