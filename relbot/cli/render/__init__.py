"""What commands show: terminal tables, CSV files and the digest's files."""

from __future__ import annotations

from rich.console import Console


def wide_console() -> Console:
    """A console at least as wide as the report's tables."""
    return Console(width=max(Console().width, 132))
