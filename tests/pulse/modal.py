"""Answering a modal exactly as Slack posts it back."""

from __future__ import annotations

from typing import Any


def radio_state(view: dict[str, Any], choices: dict[str, str]) -> dict[str, Any]:
    """State for every input of `view`: radio blocks from `choices` (block id -> value),
    other inputs with their initial values."""
    state: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        key = block["block_id"]
        if element["type"] == "radio_buttons":
            value = choices.get(key, (element.get("initial_option") or {}).get("value"))
            option = next((o for o in element["options"] if o["value"] == value), None)
            state[key] = {
                element["action_id"]: {"type": "radio_buttons", "selected_option": option}
            }
        elif element["type"] == "plain_text_input":
            state[key] = {
                element["action_id"]: {
                    "type": "plain_text_input",
                    "value": choices.get(key, element.get("initial_value")),
                }
            }
        elif element["type"] == "multi_static_select":
            wanted = choices.get(key, "")
            chosen = [o for o in element["options"] if o["value"] in wanted.split(",")]
            state[key] = {
                element["action_id"]: {"type": "multi_static_select", "selected_options": chosen}
            }
    return state
