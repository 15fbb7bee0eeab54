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
    for block_id, actions in view.get("state", {}).get("values", {}).items():
        for element in actions.values():
            kind = element.get("type")
            if kind in ("static_select", "radio_buttons"):
                option = element.get("selected_option")
                values[block_id] = option["value"] if option else None
            elif kind == "multi_static_select":
                chosen = element.get("selected_options") or []
                values[block_id] = ",".join(o["value"] for o in chosen)
            elif kind == "plain_text_input":
                values[block_id] = element.get("value")
    return values


def scores_from(
    values: Mapping[str, str | None], blocks: Mapping[str, E]
) -> tuple[dict[E, int], list[str]]:
    """Scores keyed by the enum each block id stands for, and the block ids left unanswered."""
    scores: dict[E, int] = {}
    missing: list[str] = []
    for block_id, key in blocks.items():
        raw = values.get(block_id)
        if raw is None or not raw.isdigit():
            missing.append(block_id)
        else:
            scores[key] = int(raw)
    return scores, missing
