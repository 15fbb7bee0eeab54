"""The committee report as one self-contained HTML file, and the same figure model as an
accessible A4 PDF (PDF/UA-1: tagged, with its title, language and every font embedded)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from relbot.cli.render.committee.model import Document
from relbot.cli.render.committee.paper import CommitteePaper
from relbot.cli.render.committee.view import document

TEMPLATE = "paper.html.j2"
PDF_TEMPLATE = "paper.typ"
# The one family the PDF is set in; `fallback: false` in the template keeps out any other.
FONT_FILES = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
)
# Put where the PDF's font has no glyph (an emoji, a script it lacks): a PDF/UA file may not
# hold text it cannot show, and a mark says something was there.
MISSING = "\N{WHITE SQUARE}"


class RenderError(Exception):
    """The PDF could not be laid out."""


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("relbot.cli.render.committee", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["b64"] = lambda text: base64.b64encode(text.encode()).decode("ascii")
    return environment


def render_html(paper: CommitteePaper) -> str:
    """The report as HTML that reflows on a phone and prints on A4."""
    return html_of(document(paper))


def html_of(doc: Document) -> str:
    return _environment().get_template(TEMPLATE).render(doc=doc)


def _font_folder() -> Path:
    """DejaVu Sans, which matplotlib already installs: the characters people type, and the
    charts' own face."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@cache
def _glyphs() -> frozenset[int]:
    """The characters every face of the family can show."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    shown: frozenset[int] | None = None
    for name in FONT_FILES:
        with TTFont(_font_folder() / name, lazy=True) as font:
            mapped = frozenset(font.getBestCmap())
        shown = mapped if shown is None else shown & mapped
    return shown or frozenset()


def _printable(value: Any, glyphs: frozenset[int]) -> Any:
    """Every text of the model with the characters the font lacks marked; charts untouched."""
    if isinstance(value, str):
        return "".join(c if ord(c) in glyphs or c in "\n\t" else MISSING for c in value)
    if isinstance(value, list | tuple):
        return [_printable(v, glyphs) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "svg" else _printable(v, glyphs) for k, v in value.items()}
    return value


@cache
def _compiler_inputs() -> tuple[bytes, Any]:
    import typst

    template = resources.files("relbot.cli.render.committee").joinpath("templates", PDF_TEMPLATE)
    fonts = typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=False,
        font_paths=[str(_font_folder())],
    )
    return template.read_bytes(), fonts


def render_pdf(paper: CommitteePaper) -> bytes:
    """The report as a tagged A4 PDF (PDF/UA-1) with the council's name, the date and page
    numbers on every page."""
    return pdf_of(document(paper), paper.produced)


def pdf_of(doc: Document, produced: Any) -> bytes:
    import typst

    template, fonts = _compiler_inputs()
    data = json.dumps(_printable(doc.as_data(), _glyphs()))
    moment = datetime(produced.year, produced.month, produced.day, tzinfo=UTC)
    try:
        pdf, warnings = typst.compile_with_warnings(
            template,
            font_paths=fonts,
            sys_inputs={"data": data},
            pdf_standards="ua-1",
            timestamp=moment,
        )
    except typst.TypstError as error:
        raise RenderError(f"the PDF could not be laid out: {error.message}") from None
    if warnings:
        # A warning here means text could be lost (an unknown font drops it silently).
        raise RenderError(
            "the PDF could not be laid out: " + "; ".join(w.message for w in warnings)
        )
    if not isinstance(pdf, bytes):
        raise RenderError("the PDF could not be laid out: no single file was written")
    return pdf
