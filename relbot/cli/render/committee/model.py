"""The committee report as one figure model: sections of paragraphs, lists, tables and
charts as plain data. The HTML and the PDF are both written from it, so they cannot drift."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Literal["body", "note", "finding", "quote"] = "body"
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    style: Literal["body", "messages"] = "body"
    kind: Literal["bullets"] = "bullets"


@dataclass(frozen=True)
class Subheading:
    text: str
    id: str
    kind: Literal["subheading"] = "subheading"


@dataclass(frozen=True)
class Cell:
    """A table cell; a heatmap cell has its fill and ink."""

    text: str
    fill: str | None = None
    ink: str | None = None


@dataclass(frozen=True)
class Table:
    """A table whose first column names its rows. `empty` is said instead when it has no
    rows; `widths` are the columns' relative widths."""

    id: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty: str = "Nothing to show."
    widths: tuple[float, ...] | None = None
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class Figure:
    """A chart as SVG, with a text alternative that states its finding."""

    id: str
    svg: str
    alt: str
    width: float = 1.0  # of the text width
    kind: Literal["figure"] = "figure"


Block = Paragraph | Bullets | Subheading | Table | Figure


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    blocks: tuple[Block, ...]
    new_page: bool = False


@dataclass(frozen=True)
class Document:
    title: str
    language: str
    council: str
    produced: str
    heading: str
    intro: tuple[Block, ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def as_data(self) -> dict[str, Any]:
        """Plain JSON-ready data, as the PDF template reads it."""
        return dataclasses.asdict(self)

    def tables(self) -> list[Table]:
        blocks = [*self.intro, *(b for s in self.sections for b in s.blocks)]
        return [b for b in blocks if isinstance(b, Table)]


def row(*cells: str | Cell) -> tuple[Cell, ...]:
    """A table row from texts (or cells already made)."""
    return tuple(c if isinstance(c, Cell) else Cell(c) for c in cells)
