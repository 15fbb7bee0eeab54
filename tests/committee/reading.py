"""Reading the committee report back as a person or a screen reader would: the HTML parsed,
the PDF's text extracted page by page."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from pypdf import PdfReader


@dataclass
class Table:
    id: str | None
    head: list[tuple[str, str | None]] = field(default_factory=list)  # (text, scope)
    rows: list[list[tuple[str, str, str | None]]] = field(default_factory=list)  # tag, text, scope
    styles: list[list[str | None]] = field(default_factory=list)

    def texts(self) -> list[list[str]]:
        return [[text for _, text, _ in row] for row in self.rows]

    def column(self, heading: str) -> list[str]:
        index = [text for text, _ in self.head].index(heading)
        return [row[index][1] for row in self.rows]


@dataclass
class Page:
    """The parts of the HTML a test asks about."""

    lang: str | None = None
    headings: list[tuple[int, str, str | None]] = field(default_factory=list)  # level, text, id
    tables: dict[str, Table] = field(default_factory=dict)
    images: list[dict[str, str | None]] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)  # id -> its text
    text: str = ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._heading: tuple[int, str | None] | None = None
        self._table: Table | None = None
        self._in_head = False
        self._cell: tuple[str, str | None, str | None] | None = None
        self._buffer: list[str] = []
        self._section: str | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.page.lang = found.get("lang")
        elif tag in ("style", "script", "title"):
            self._skip += 1
        elif tag == "section":
            self._section = found.get("id")
            self.page.sections[self._section or ""] = ""
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = (int(tag[1]), found.get("id"))
            self._buffer = []
        elif tag == "table":
            self._table = Table(found.get("id"))
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._table is not None and not self._in_head:
            self._table.rows.append([])
            self._table.styles.append([])
        elif tag in ("th", "td") and self._table is not None:
            self._cell = (tag, found.get("scope"), found.get("style"))
            self._buffer = []
        elif tag == "img":
            self.page.images.append(found)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._skip -= 1
        elif tag == "section":
            self._section = None
        elif re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            level, anchor = self._heading
            self.page.headings.append((level, _clean("".join(self._buffer)), anchor))
            self._heading = None
        elif tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._table is not None and self._cell is not None:
            kind, scope, style = self._cell
            text = _clean("".join(self._buffer))
            if self._in_head:
                self._table.head.append((text, scope))
            else:
                self._table.rows[-1].append((kind, text, scope))
                self._table.styles[-1].append(style)
            self._cell = None
        elif tag == "table" and self._table is not None:
            self.page.tables[self._table.id or f"table-{len(self.page.tables)}"] = self._table
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self._buffer.append(data)
        self.page.text += data
        if self._section is not None:
            self.page.sections[self._section] += data


def _clean(text: str) -> str:
    return " ".join(text.split())


def read_html(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page


def pdf_pages(content: bytes) -> list[str]:
    """Each page's text, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(content))
    return [_clean(page.extract_text() or "") for page in reader.pages]


def pdf_sizes(content: bytes) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(content))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def words(text: str) -> str:
    return _clean(text)
