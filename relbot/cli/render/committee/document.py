"""The committee report as one self-contained HTML file, and the same content as an A4 PDF."""

from __future__ import annotations

import io
import logging
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from relbot.cli.render.committee.paper import CommitteePaper
from relbot.cli.render.committee.view import TEXTS_SHOWN, context

TEMPLATE = "paper.html.j2"


class RenderError(Exception):
    """The PDF could not be laid out."""


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("relbot.cli.render.committee", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _dates(paper: CommitteePaper) -> dict[str, str]:
    def day(moment: Any) -> str:
        return f"{moment:%-d %B %Y}"

    return {
        "produced": day(paper.produced),
        "round_opened": day(paper.round_opened),
        "round_closed": day(paper.round_closed) if paper.round_closed else "",
        "period_start": day(paper.period_start),
        "period_end": day(paper.period_end),
        "since": day(paper.since) if paper.since else "",
    }


def _font_folder() -> Path:
    """Fonts with the characters people type (matplotlib's DejaVu, already installed): the
    PDF's standard fonts have no glyphs beyond Latin-1."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


FONTS = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
}


def render_html(paper: CommitteePaper, *, pdf: bool = False) -> str:
    """The report as HTML; with `pdf`, marked up for the PDF renderer's page frames."""
    values = {
        **context(paper),
        **_dates(paper),
        "pdf": pdf,
        "fonts": FONTS if pdf else {},
        "day_hours": f"{paper.day_minutes / 60:g}",
        "texts_shown": TEXTS_SHOWN,
    }
    return _environment().get_template(TEMPLATE).render(values)


def render_pdf(paper: CommitteePaper) -> bytes:
    """The report as an A4 PDF with the council's name, the date and page numbers on every
    page."""
    from xhtml2pdf import pisa

    # xhtml2pdf logs every CSS property it does not know at WARNING: noise for an operator.
    logging.getLogger("xhtml2pdf").setLevel(logging.ERROR)
    output = io.BytesIO()
    # The document "lives" beside the fonts: its relative font names resolve there, and the
    # renderer reads local files from that folder only, whatever the working directory.
    status = pisa.CreatePDF(
        render_html(paper, pdf=True),
        dest=output,
        encoding="utf-8",
        path=str(_font_folder() / "committee-report.html"),
    )
    if status.err:
        raise RenderError(f"the PDF could not be laid out ({status.err} errors)")
    return output.getvalue()
