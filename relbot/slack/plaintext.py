"""Block Kit as a terminal would show it: what a person would read in Slack, in plain text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

MENTION = re.compile(r"<@([UW][A-Z0-9]+)>")
CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")
EMOJI = {
    ":star:": "★",
    ":white_check_mark:": "✓",
    ":warning:": "⚠",
    ":hourglass:": "⌛",
    ":speech_balloon:": "💬",
    ":incoming_envelope:": "📨",
    ":outbox_tray:": "📤",
    ":lock:": "🔒",
    ":inbox_tray:": "📥",
    ":eyes:": "👀",
    ":wave:": "👋",
}


def render_blocks(
    blocks: list[dict[str, Any]], people: Mapping[str, str], channels: Mapping[str, str]
) -> str:
    """Plain text of a message or view's blocks, with mentions and channels named."""
    lines: list[str] = []
    for block in blocks:
        kind = block["type"]
        if kind == "header":
            lines += ["", block["text"]["text"].upper()]
        elif kind == "section":
            if "text" in block:
                lines.append(_text(block["text"]["text"], people, channels))
            for field in block.get("fields", []):
                lines.append(_text(field["text"], people, channels).replace("\n", ": ", 1))
        elif kind == "context":
            lines += [_text(e.get("text", ""), people, channels) for e in block["elements"]]
        elif kind == "divider":
            lines.append("─" * 60)
        elif kind == "actions":
            lines.append("  ".join(f"[ {e['text']['text']} ]" for e in block["elements"]))
        elif kind == "input":
            lines.append(f"{block['label']['text']}: {_initial(block['element'])}")
    return "\n".join(lines).strip()


def _initial(element: dict[str, Any]) -> str:
    if "initial_option" in element:
        return str(element["initial_option"]["text"]["text"]) + "  ▾"
    return f"[{element.get('initial_value', '')}]"


def _text(text: str, people: Mapping[str, str], channels: Mapping[str, str]) -> str:
    text = MENTION.sub(lambda m: "@" + people.get(m.group(1), m.group(1)), text)
    text = CHANNEL.sub(lambda m: "#" + channels.get(m.group(1), m.group(1)), text)
    for code, symbol in EMOJI.items():
        text = text.replace(code, symbol)
    text = text.replace("*", "").replace("`", "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
