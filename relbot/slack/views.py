"""Reading what a person entered in a submitted modal."""

from __future__ import annotations

from typing import Any


def input_values(view: dict[str, Any]) -> dict[str, str | None]:
    """Each input block's value by block id: typed text, or the chosen option's value."""
    values: dict[str, str | None] = {}
    for block_id, actions in view.get("state", {}).get("values", {}).items():
        for element in actions.values():
            kind = element.get("type")
            if kind == "static_select":
                option = element.get("selected_option")
                values[block_id] = option["value"] if option else None
            elif kind == "plain_text_input":
                values[block_id] = element.get("value")
    return values
