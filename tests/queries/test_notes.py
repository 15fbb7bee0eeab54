"""An officer's internal note never reaches the provider, however Slack's composer writes it;
a reply that only looks like one is held until its author says where it goes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import update

from relbot.domain.queries.notes import Reading, _visible, read_reply, rich_text
from relbot.models import Person, QueryRelay, QueryTicket
from relbot.slack.ids import Action
from standin.harness import Harness
from standin.signing import block_action
from tests.directory_data import OFFICER
from tests.queries.test_relay import (
    DM,
    _ask,
    _in,
    _officer_reply,
    _reactions,
    provider,
    settings,
)

__all__ = ["provider", "settings"]  # the relay tests' fixtures, used here too
COLLEAGUE = "UOFFI0002"

NOTES = [
    "note: x",
    "*note:* x",
    "_Note:_ x",
    "_note_: x",  # the word italicised, then the colon: what the composer sends
    "_Internal note_: x",
    "*Internal note*: x",
    "Internal note: x",
    "Notes: x",
    "`note:` x",
    "Internal-note: x",
    "internal: x",
    "note\uff1a x",  # a full-width colon
    "Note - x",
    "Note \u2014 x",
    "&gt; note: x",
    "\u200bnote: x",  # zero-width space first
    "\u202enote: x",  # a right-to-left override first
    "\u200fNote: x",  # a right-to-left mark first
    "<@UOFFI0002> note: can you check the run?",  # a note addressed to a colleague
    "\u201cnote\u201d: x",
    ":lock: x",
    "\N{LOCK} x",
]
NEAR = [
    "Notes are attached",
    "Note the run failed for three providers",
    "x note: y",
    "Please note: the run failed",
    "Internal only - the run failed",
    "NB the run failed",
    "Confidential - do not share",
    "Confidentially, the budget is frozen",
    "Internally we agreed to wait",
    "Not for the provider: the budget is frozen",
    "Private note attached",
]
REPLIES = [
    "Not paid yet, sorry",
    "notebook: x",
    "It goes out on *Friday*",
    "noted, thanks",
    "Private fees went up in April, so the rate changes too.",
    "Lock codes at the day centre change on Monday.",
    "I will take a note of that and come back to you.",
    "",
]


@pytest.mark.parametrize("text", NOTES)
def test_a_note_is_internal_however_the_composer_formats_it(text: str) -> None:
    assert read_reply(text) is Reading.NOTE


@pytest.mark.parametrize("text", NEAR)
def test_a_reply_that_looks_like_a_note_is_held(text: str) -> None:
    assert read_reply(text) is Reading.UNSURE


@pytest.mark.parametrize("text", REPLIES)
def test_a_reply_is_relayed(text: str) -> None:
    assert read_reply(text) is Reading.REPLY


def _rich(*elements: dict[str, Any]) -> list[dict[str, Any]]:
    """A message's rich-text blocks as Slack sends them with the event."""
    section = {"type": "rich_text_section", "elements": list(elements)}
    return [{"type": "rich_text", "block_id": "r1", "elements": [section]}]


def test_the_rich_text_is_read_as_well_as_the_text() -> None:
    blocks = _rich(
        {"type": "user", "user_id": COLLEAGUE},
        {"type": "text", "text": " "},
        {"type": "text", "text": "Internal", "style": {"bold": True}},
        {"type": "text", "text": " note", "style": {"italic": True}},
        {"type": "text", "text": ": check the run"},
    )
    assert read_reply("check the run", blocks) is Reading.NOTE
    assert read_reply("check the run", _rich({"type": "text", "text": "Notes attached"})) is (
        Reading.UNSURE
    )


def test_rich_text_is_read_as_slack_shows_it_node_by_node() -> None:
    """Every kind of element, and elements missing their fields, as Slack's text writes them:
    a line ends each section, quote and preformatted block."""
    blocks = [
        {
            "type": "rich_text",
            "elements": [
                "not an element",
                {
                    "type": "rich_text_section",
                    "elements": [
                        {"type": "user", "user_id": COLLEAGUE},
                        {"type": "usergroup", "usergroup_id": "S1"},
                        {"type": "broadcast", "range": "here"},
                        {"type": "channel", "channel_id": "C0FINANCE"},
                        {"type": "emoji", "name": "lock"},
                        {"type": "link", "url": "https://example.org", "text": "the form"},
                        {"type": "link", "url": "https://example.org/bare"},
                        {"type": "text", "text": " end"},
                    ],
                },
                {"type": "rich_text_quote", "elements": [{"type": "text", "text": "quoted"}]},
                {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": "x=1"}]},
                {"type": "rich_text_list", "elements": [{"type": "text", "text": "item"}]},
                {
                    "type": "rich_text_section",
                    "elements": [{"type": "user"}, {"type": "channel"}, {"type": "emoji"}],
                },
                {"type": "rich_text_section", "elements": [{"type": "link"}, {"type": "text"}]},
            ],
        }
    ]
    assert rich_text(blocks) == (
        f"<@{COLLEAGUE}><!group><!group><#C0FINANCE>:lock:the formhttps://example.org/bare end\n"
        "quoted\nx=1\nitem<@><#>::\n\n"
    )
    assert rich_text(None) == "" and rich_text([]) == ""


def test_slacks_entities_and_invisible_characters_are_read_through() -> None:
    """Slack writes <, > and & as entities; a full-width colon is a colon; a zero-width
    space is nothing."""
    assert _visible("a &lt; b &amp; c &gt; d\u200b\uff1a") == "a < b & c > d:"


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("@*Sam* note: chase Payroll", Reading.NOTE),  # a plain mention, in bold
        ("Thanks, *note*: the invoice is paid", Reading.UNSURE),  # "note:" in its opening
        ("Thanks — the *note* is attached", Reading.REPLY),
    ],
)
def test_a_note_is_read_past_formatting_inside_a_mention_or_a_word(
    text: str, reading: Reading
) -> None:
    assert read_reply(text) is reading


def _cased(word: str, flips: list[bool]) -> str:
    return "".join(
        c.upper() if f else c for c, f in zip(word, flips + [False] * len(word), strict=False)
    )


LEADS = ["", " ", "\u200b", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff", "&gt; ", ">"]
LEADS += ["<@UOFFI0002> ", "*", "_", "~", "`", "(", "[", "\u201c"]
WORDS = ["note", "notes", "internal note", "internal-note", "internal", "internal notes"]
WORDS += ["internal_note", "private note", "confidential note", "internalnote"]
MARKS = ["", "*", "_", "~", "`", "\u201d", "*_"]
SEPARATORS = [":", "\uff1a", "\ufe55", " :", " -", " \u2013", " \u2014", "-", " |"]


@given(
    lead=st.lists(st.sampled_from(LEADS), max_size=4).map("".join),
    word=st.tuples(st.sampled_from(WORDS), st.lists(st.booleans(), max_size=20)).map(
        lambda pair: _cased(*pair)
    ),
    mark=st.sampled_from(MARKS),
    separator=st.sampled_from(SEPARATORS),
    rest=st.text(max_size=60),
)
def test_no_spelling_of_a_note_is_relayed_without_its_authors_say(
    lead: str, word: str, mark: str, separator: str, rest: str
) -> None:
    text = f"{lead}{mark}{word}{mark[::-1]}{separator} {rest}"
    assert read_reply(text) is not Reading.REPLY
    # The same words as rich text, with a plain fallback text that says nothing of a note.
    styled = {"type": "text", "text": word, "style": {"italic": True}}
    blocks = _rich(styled, {"type": "text", "text": f"{separator} {rest}"})
    assert read_reply(rest, blocks) is not Reading.REPLY


def _relays(harness: Harness) -> list[QueryRelay]:
    with harness.sessions.begin() as session:
        found = list(session.query(QueryRelay).all())
        session.expunge_all()
        return found


def test_an_italicised_note_stays_in_the_queue_thread(provider: Harness) -> None:
    ticket = _ask(provider)
    provider.slack.reset()
    blocks = _rich(
        {"type": "text", "text": "note", "style": {"italic": True}},
        {"type": "text", "text": ": check the payments run first"},
    )
    note = _officer_reply(provider, ticket, "_note_: check the payments run first", 10)
    addressed = _officer_reply(
        provider, ticket, f"<@{COLLEAGUE}> _Internal note_: can you look?", 11, blocks=blocks
    )
    assert _in(provider, DM) == []
    assert _reactions(provider) == [(note, "lock"), (addressed, "lock")]
    assert _relays(provider) == []


def _press(harness: Harness, user: str, action: Action, value: str) -> None:
    press = block_action(user_id=user, action_id=action.value, value=value)
    press["channel"] = {"id": "C0FINANCE"}
    press["response_url"] = harness.slack.response_url()
    assert harness.interact(press).status == 200
    harness.settle()


def _answers(harness: Harness) -> list[str]:
    return [str(c.params.get("text")) for c in harness.slack.calls_to("response_url")]


def _held(harness: Harness, text: str) -> tuple[QueryTicket, str, dict[str, Any]]:
    """A provider's query, then an officer's reply `text` that relbot holds: the query, the
    reply's ts, and what relbot asked the officer."""
    ticket = _ask(harness)
    harness.slack.reset()
    held = _officer_reply(harness, ticket, text, 10)
    harness.slack.wrote("C0FINANCE", held, OFFICER, text, thread_ts=str(ticket.queue_ts))
    [ask] = harness.slack.calls_to("chat.postEphemeral")
    return ticket, held, ask.params


def _button(ask: dict[str, Any], action: Action) -> str:
    """The value of one button of relbot's question about a held reply."""
    buttons = next(b for b in ask["blocks"] if b["type"] == "actions")["elements"]
    return str(next(b["value"] for b in buttons if b["action_id"] == action.value))


def test_a_reply_that_looks_like_a_note_waits_for_its_author(provider: Harness) -> None:
    ticket, held, ask = _held(provider, "Notes from the payments team are attached")
    assert _in(provider, DM) == [] and _relays(provider) == []
    assert _reactions(provider) == [(held, "warning")]
    assert (ask["user"], ask["thread_ts"]) == (OFFICER, ticket.queue_ts)
    buttons = next(b for b in ask["blocks"] if b["type"] == "actions")["elements"]
    assert [b["action_id"] for b in buttons] == ["query_held_send", "query_held_keep"]
    value = _button(ask, Action.QUERY_HELD_SEND)
    assert value == f"C0FINANCE|{held}"  # where the reply is, never what it says

    # Only its author decides: a colleague's press sends nothing.
    _press(provider, COLLEAGUE, Action.QUERY_HELD_SEND, value)
    assert _in(provider, DM) == []
    assert _answers(provider) == ["Only the officer who wrote that reply can decide where it goes."]

    _press(provider, OFFICER, Action.QUERY_HELD_SEND, value)
    _press(provider, OFFICER, Action.QUERY_HELD_SEND, value)  # twice: sent once
    [relayed] = _in(provider, DM)
    assert relayed["thread_ts"] == ticket.dm_ts
    assert "Notes from the payments team are attached" in relayed["text"]
    assert next(c.params["name"] for c in provider.slack.calls_to("reactions.remove")) == (
        "warning"
    )
    assert (held, "outbox_tray") in _reactions(provider)


def test_a_held_reply_kept_internal_is_marked_a_note(provider: Harness) -> None:
    _, held, ask = _held(provider, "NB the run failed for three providers")
    _press(provider, OFFICER, Action.QUERY_HELD_KEEP, _button(ask, Action.QUERY_HELD_KEEP))
    assert _in(provider, DM) == [] and _relays(provider) == []
    assert _reactions(provider)[-1] == (held, "lock")
    assert _answers(provider) == [":lock: Kept in the queue thread as an internal note."]


def test_a_held_reply_slack_will_not_relay_says_so(provider: Harness) -> None:
    _, _, ask = _held(provider, "Notes from the payments team are attached")
    provider.slack.refuse("chat.postMessage", "channel_not_found")
    _press(provider, OFFICER, Action.QUERY_HELD_SEND, _button(ask, Action.QUERY_HELD_SEND))
    assert _answers(provider) == [
        ":warning: Slack did not take it, so the provider does not have it."
    ]


def test_an_officer_removed_since_cannot_send_their_held_reply(provider: Harness) -> None:
    _, _, ask = _held(provider, "NB the run failed for three providers")
    with provider.sessions.begin() as session:
        session.execute(update(Person).where(Person.slack_user_id == OFFICER).values(active=False))
    _press(provider, OFFICER, Action.QUERY_HELD_SEND, _button(ask, Action.QUERY_HELD_SEND))
    assert _in(provider, DM) == [] and _relays(provider) == []
    assert _answers(provider) == [
        "Only council officers and admins can send a reply to a provider."
    ]
