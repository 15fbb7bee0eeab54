"""Whether an officer's reply in a provider's query thread is an internal note.

An officer keeps a reply inside the council by starting it with `note:`, `notes:`,
`internal:` or `internal note:` (any case; a dash or a full-width colon for the colon), or
with 🔒. It is read as Slack shows it, whatever the composer sent: bold, italic, code or
struck words (`_note_:`), a quote, a colleague mentioned first (`<@U…> note: …`), and
invisible characters (zero-width, direction marks) are looked through, in the message's
text and in its rich-text blocks alike.

A reply that only looks like one (it opens with such a word but no colon, or says "note:"
near its start) is neither relayed nor kept: the officer is asked whether it goes to the
provider. Detection fails closed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any


class Reading(StrEnum):
    NOTE = "note"  # internal: kept in the queue thread
    UNSURE = "unsure"  # held: its author decides
    REPLY = "reply"  # relayed to the provider


# Looked through at the start: spaces, formatting marks, quotes, brackets, mentions.
_LEAD = re.compile(r"^(?:[\s*_~`>\[\](){}\"'\u2018\u2019\u201c\u201d.,;|]+|<[@#!][^>]*>|@\w+)+")
_FORMATTING = re.compile(r"[*_~`\"'\u2018\u2019\u201c\u201d]")
_SEPARATOR = r"\s*(?::|-|\u2013|\u2014|=|\|)"
_NOTE = re.compile(
    r"^(?::lock:|\N{LOCK}|(?:internal[\s\-/]*(?:notes?)?|(?:private|confidential)[\s\-/]*notes?|notes?)"
    + _SEPARATOR
    + ")",
    re.IGNORECASE,
)
# Words that open a note; a reply opening with one without the colon is held.
_NEAR = re.compile(
    r"^(?:notes?|nb|n\.b|internal\w*|confidential\w*|private\s+notes?|"
    r"not\s+for\s+(?:the\s+)?providers?)\b",
    re.IGNORECASE,
)
_NEAR_INSIDE = re.compile(r"\b(?:notes?|internal)\s*:", re.IGNORECASE)
OPENING = 60  # how far into a reply "note:" makes it look like a note


def _visible(text: str) -> str:
    """The text with Slack's entities undone, compatibility forms folded (a full-width
    colon is a colon) and invisible format characters dropped."""
    text = text.replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def read_text(text: str) -> Reading:
    """How one rendering of a reply reads."""
    visible = _visible(text)
    opening = _LEAD.sub("", visible, count=1)
    plain = _FORMATTING.sub("", opening)
    plain = _LEAD.sub("", plain, count=1)
    if _NOTE.match(plain) or _NOTE.match(opening):
        return Reading.NOTE
    if _NEAR.match(plain) or _NEAR_INSIDE.search(_FORMATTING.sub("", visible)[:OPENING]):
        return Reading.UNSURE
    return Reading.REPLY


def rich_text(blocks: Sequence[Mapping[str, Any]] | None) -> str:
    """The words of a message's rich-text blocks, styles dropped, mentions as Slack writes
    them in text."""
    return "".join(_words(blocks or []))


def _words(nodes: Iterable[Any]) -> Iterable[str]:
    for node in nodes:
        if not isinstance(node, Mapping):
            continue
        kind = node.get("type")
        if kind == "text":
            yield str(node.get("text", ""))
        elif kind == "user":
            yield f"<@{node.get('user_id', '')}>"
        elif kind in ("usergroup", "broadcast"):
            yield "<!group>"
        elif kind == "channel":
            yield f"<#{node.get('channel_id', '')}>"
        elif kind == "emoji":
            yield f":{node.get('name', '')}:"
        elif kind == "link":
            yield str(node.get("text") or node.get("url", ""))
        elif isinstance(node.get("elements"), list):
            yield from _words(node["elements"])
            if kind in ("rich_text_section", "rich_text_quote", "rich_text_preformatted"):
                yield "\n"


def read_reply(text: str, blocks: Sequence[Mapping[str, Any]] | None = None) -> Reading:
    """How an officer's reply reads, the more cautious of its text and its rich text."""
    readings = {read_text(text)}
    if blocks:
        readings.add(read_text(rich_text(blocks)))
    for reading in (Reading.NOTE, Reading.UNSURE):
        if reading in readings:
            return reading
    return Reading.REPLY
