"""Reading what a person would read in a list of blocks."""

from __future__ import annotations

from typing import Any


def block_text(node: Any) -> str:
    """Every text string in blocks, views or elements, one per line, in order."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            text = value.get("text")
            if isinstance(text, str):
                found.append(text)
            for key, item in value.items():
                if key != "text" or not isinstance(item, str):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(node)
    return "\n".join(found)
