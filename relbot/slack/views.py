"""Reading what a person entered in a submitted modal."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

E = TypeVar("E", bound=StrEnum)


def input_values(view: dict[str, Any]) -> dict[str, str | None]:
    """Each input block's value by block id: typed text, a chosen option's value, or for a
    multi-select the chosen values joined by commas."""
    values: dict[str, str | None] = {}
    state = view.get("state")
    found = state.get("values") if isinstance(state, dict) else None
    for block_id, actions in (found if isinstance(found, dict) else {}).items():
        for element in actions.values() if isinstance(actions, dict) else ():
            if not isinstance(element, dict):
                continue
            kind = element.get("type")
            if kind in ("static_select", "radio_buttons"):
                values[block_id] = _text(element.get("selected_option"), "value")
            elif kind == "multi_static_select":
                chosen = element.get("selected_options")
                picked = [_text(o, "value") for o in chosen] if isinstance(chosen, list) else []
                values[block_id] = ",".join(v for v in picked if v is not None)
            elif kind == "plain_text_input":
                values[block_id] = _text(element, "value")
            elif kind == "users_select":
                values[block_id] = _text(element, "selected_user")
            elif kind == "datepicker":
                values[block_id] = _text(element, "selected_date")
    return values


def chosen_values(view: dict[str, Any], block_id: str) -> list[str]:
    """The values chosen in one multi-select input, in order (values may hold commas)."""
    state = view.get("state")
    found = state.get("values") if isinstance(state, dict) else None
    block = found.get(block_id) if isinstance(found, dict) else None
    chosen: list[str] = []
    for element in block.values() if isinstance(block, dict) else ():
        options = element.get("selected_options") if isinstance(element, dict) else None
        for option in options if isinstance(options, list) else ():
            value = _text(option, "value")
            if value is not None:
                chosen.append(value)
    return chosen


def _text(found: object, key: str) -> str | None:
    value = found.get(key) if isinstance(found, dict) else None
    return value if isinstance(value, str) else None


def scores_from(
    values: Mapping[str, str | None], blocks: Mapping[str, E]
) -> tuple[dict[E, int], list[str]]:
    """Scores keyed by the enum each block id stands for, and the block ids left unanswered."""
    scores: dict[E, int] = {}
    missing: list[str] = []
    for block_id, key in blocks.items():
        raw = values.get(block_id)
        if raw is None or not raw.isdecimal():
            missing.append(block_id)
        else:
            scores[key] = int(raw)
    return scores, missing


def as_id(raw: object) -> int | None:
    """A database id from a submitted value or button, or None when it cannot be one."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text.isdecimal():
        return None
    number = int(text)
    return number if 1 <= number <= 2**31 - 1 else None
