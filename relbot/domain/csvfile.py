"""Reading an operator's CSV file into checked rows, with errors that name line and column."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

E = TypeVar("E", bound=StrEnum)


@dataclass(eq=False)
class CsvError(Exception):
    """A bad cell or file; `str()` is the one message the operator reads.

    Not frozen: Python sets `__traceback__` on an exception as it passes through a `with`
    block or an `except` clause, which a frozen dataclass would refuse.
    """

    line: int
    column: str | None
    message: str
    allowed: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        if self.line <= 0:
            return self.message
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        text = f"{where}: {self.message}"
        if self.allowed:
            text += f" (allowed: {', '.join(self.allowed)})"
        return text


@dataclass(frozen=True)
class CsvRow:
    """One data row: its line number in the file and its cells by column name, trimmed."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def problem(self, column: str, message: str, allowed: Iterable[str] = ()) -> CsvError:
        return CsvError(self.line, column, message, tuple(allowed))

    def choice(self, column: str, enum: type[E], allowed: Sequence[E] | None = None) -> E | None:
        """The cell as one of an enum's values, case-insensitively; empty gives None."""
        raw = self.get(column)
        if not raw:
            return None
        options = list(allowed) if allowed is not None else list(enum)
        value = raw.strip().lower().replace(" ", "_").removesuffix("%")
        for option in options:
            if option.value == value:
                return option
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise self.problem(column, f"{shown!r} is not allowed", (o.value for o in options))

    def flag(self, column: str) -> bool:
        """A yes/no cell; empty means no."""
        value = self.get(column).lower()
        if value in ("", "no", "n", "false", "0"):
            return False
        if value in ("yes", "y", "true", "1"):
            return True
        raise self.problem(column, f"{self.get(column)!r} is not yes or no", ("yes", "no"))


def read_rows(source: Path | str, columns: Sequence[str], required: Sequence[str]) -> list[CsvRow]:
    """Read a CSV file (UTF-8, with or without Excel's BOM) whose header names `columns`.

    Columns in `required` must be in the header; any column not in `columns` is refused.
    """
    text = _read_text(source)
    # As the csv module asks: lines end at \n, \r\n or a lone \r, and quoted cells keep theirs.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CsvError(1, None, "the file is empty; the first line must be the header") from None
    except csv.Error as error:
        raise _unreadable(reader, error) from None
    names = [cell.strip().lower() for cell in header]
    unknown = [name for name in names if name not in columns]
    if unknown:
        raise CsvError(1, unknown[0], "is not a known column", tuple(columns))
    missing = [name for name in required if name not in names]
    if missing:
        raise CsvError(1, missing[0], "is missing from the header", tuple(columns))
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise CsvError(1, duplicated[0], "appears twice in the header")
    try:
        return list(_rows(reader, names))
    except csv.Error as error:
        raise _unreadable(reader, error) from None


def _unreadable(reader: CsvReader, error: csv.Error) -> CsvError:
    return CsvError(max(reader.line_num, 1), None, f"is not readable as CSV ({error})")


def _rows(reader: CsvReader, names: list[str]) -> Iterator[CsvRow]:
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(names):
            raise CsvError(line, None, f"has {len(row)} cells but the header has {len(names)}")
        cells = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(names)}
        for name, value in cells.items():
            if "\x00" in value:  # no database keeps it; a sign of a file saved as UTF-16
                raise CsvError(line, name, "contains a NUL character; save the file as CSV UTF-8")
        yield CsvRow(line, cells)


def _read_text(source: Path | str) -> str:
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CsvError(0, None, f"file {str(path)!r} does not exist") from None
    except IsADirectoryError:
        raise CsvError(0, None, f"{str(path)!r} is a folder, not a CSV file") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvError(line, None, "is not UTF-8 text; save the file as CSV UTF-8") from None
