"""Putting people's text into Slack messages safely and within Slack's limits."""

from __future__ import annotations

import re

# Slack's documented limits for the pieces relbot builds.
SECTION_TEXT_LIMIT = 3000
MESSAGE_BLOCK_LIMIT = 50
FALLBACK_TEXT_LIMIT = 4000


def escape(text: str) -> str:
    """Escape what a person typed so Slack shows it as text: no pings, no forged links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def from_slack(text: str) -> str:
    """Slack's formatted message text as the plain text the person typed (entities undone)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def escape_within(text: str, limit: int) -> str:
    """`escape(text)` in at most `limit` characters, never cut inside an entity."""
    return clip(escape(text), limit)


# What a cut must not fall inside: Slack's links and mentions (`<@U…>`, `<#C…|name>`,
# `<!here>`, `<https://…|label>`), `&…;` entities and `:emoji:` codes (an unclosed code at the
# start of a word counts, as it may close later). Only those shapes: a lone `<` in what a
# person typed is no entity, and text after it is cut as any other.
_OPENERS = r"(?:[@#!]|https?://|mailto:|tel:|slack://)"
_WHOLE = re.compile(
    rf"<{_OPENERS}[^<>\s|]*(?:\|[^<>]*)?>?|&(?:amp|lt|gt);|:[a-z0-9_+'-]+:|(?<!\S):[a-z0-9_+'-]+"
)


def _cut_at(text: str, at: int) -> int:
    """The last place at or before `at` that is not inside a link, an entity or an emoji."""
    for match in _WHOLE.finditer(text):
        if match.start() >= at:
            break
        if match.end() > at:
            return match.start()
    return at


def _kept(text: str, at: int) -> str:
    """The text before a cut at or before `at`, with no half entity or code at its end (an
    ellipsis right after `:code` would read as an emoji code cut short)."""
    kept = text[: _cut_at(text, at)].rstrip()
    return _OPEN_CODE.sub("", kept).rstrip()


_OPEN_CODE = re.compile(r"(?<!\S):[a-z0-9_+'-]+$")


def clip(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters, marking the cut with an ellipsis; never cut
    inside a link, a mention, an `&…;` entity or an `:emoji:` code."""
    if len(text) <= limit:
        return text
    return _kept(text, limit - 1) + "…"


def fit(text: str, limit: int = SECTION_TEXT_LIMIT) -> str:
    """mrkdwn shortened to `limit` characters, saying how much was left out: whole lines
    and how many more where lines make up the text, else the characters left out."""
    if len(text) <= limit:
        return text
    lines = text.split("\n")
    kept: list[str] = []
    size = 0
    for count, line in enumerate(lines):
        told = f"\n_…and {len(lines) - count} more lines_"
        if size + len(line) + 1 + len(told) > limit:
            break
        kept.append(line)
        size += len(line) + 1
    if size >= limit // 2:
        return "\n".join(kept) + f"\n_…and {len(lines) - len(kept)} more lines_"
    room = limit - len(f"… _({len(text):,} more characters)_")
    if room < 1:
        return clip(text, limit)
    shown = _kept(text, room)
    return f"{shown}… _({len(text) - len(shown):,} more characters)_"


def user(slack_user_id: str) -> str:
    """A mention of a user by id; Slack shows their current name."""
    return f"<@{slack_user_id}>"


def channel(channel_id: str) -> str:
    """A link to a channel by id."""
    return f"<#{channel_id}>"


def days(value: float) -> str:
    """`2` -> `2 working days`, `0.5` -> `0.5 working days`, `1` -> `1 working day`."""
    number = f"{value:g}"
    return f"{number} working day" + ("" if number == "1" else "s")
