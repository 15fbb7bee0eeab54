"""Text as relbot keeps it: whatever arrives is cleaned once, where it arrives.

Slack passes on what a client sends: JSON can carry a NUL (which PostgreSQL refuses in text)
or half of a surrogate pair (which no database encodes), and both end in an error that shows
the text in a log. Controls other than tab, newline and carriage return mean nothing in a
message, so they go; a lone surrogate becomes the replacement character.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """`text` with control characters dropped and lone surrogates replaced."""
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", text))


def clean_tree(value: Any) -> Any:
    """Every string in a parsed request (dicts, lists, strings), cleaned in place where it
    can be; the cleaned value."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = clean_tree(item)
    elif isinstance(value, list):
        value[:] = [clean_tree(item) for item in value]
    return value


_MARKS = re.compile(r"[*_~`]")


def clean_name(name: str) -> str:
    """A person's name as relbot keeps it: one line, single spaces, no formatting marks
    (a name is shown in messages, where `*` or a line break would restyle what follows)."""
    return " ".join(_MARKS.sub("", clean_text(name)).split())


def for_terminal(text: str) -> str:
    """A name or text as a terminal should print it: no controls, no direction marks or
    other invisible formatting that could disguise what is around it."""
    return "".join(
        c for c in clean_text(text) if unicodedata.category(c) not in ("Cf", "Cc")
    ).replace("\ufffd", "?")
