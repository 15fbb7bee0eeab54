"""Putting people's text into Slack messages safely and within Slack's limits."""

from __future__ import annotations

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
    """`escape(text)` in at most `limit` characters, cut between whole characters."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    kept, size = [], 0
    for character in text:
        piece = escape(character)
        if size + len(piece) > limit - 1:
            break
        kept.append(piece)
        size += len(piece)
    return "".join(kept) + "…"


def clip(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
