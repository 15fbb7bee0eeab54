"""`relbot report --html/--pdf` as an operator runs it: the files, and one-line refusals."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from relbot.cli import main
from relbot.config import Settings
from relbot.db import make_engine, make_session_factory
from relbot.domain.digest.data import DigestWeek
from relbot.migrate import upgrade
from tests.committee.reading import pdf_pages, read_html
from tests.digest.council import ROUNDS, load_quarter


def _seed(folder: Path) -> None:
    url = os.environ["RELBOT_DATABASE_URL"]
    engine = make_engine(url)
    try:
        upgrade(engine)
        settings = Settings(_env_file=None, database_url=url)
        week = DigestWeek.of(datetime.now(UTC), settings.zone)
        load_quarter(make_session_factory(engine), settings, folder / "council", week)
    finally:
        engine.dispose()


def test_report_writes_the_html_and_the_pdf_and_says_where(
    operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (operator / "council").mkdir()
    _seed(operator)
    monkeypatch.setenv("RELBOT_COUNCIL_NAME", "Northshire Council")
    assert main(["report", "--html", "paper.html", "--pdf", "paper.pdf"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == (
        f"Wrote the committee report for pulse round {ROUNDS} (Northshire Council) "
        "to paper.html and paper.pdf."
    )
    page = read_html((operator / "paper.html").read_text(encoding="utf-8"))
    assert page.headings[0][1] == "Northshire Council: the relationship with care providers"
    pages = pdf_pages((operator / "paper.pdf").read_bytes())
    assert all("Northshire Council" in text for text in pages)
    # The fonts with every character people type are embedded, run from any folder.
    assert b"DejaVuSans" in (operator / "paper.pdf").read_bytes()
    assert main(["report", "--round", "2", "--pdf", "second.pdf"]) == 0
    assert "pulse round 2 (" in capsys.readouterr().out
    assert "(round 2, opened" in " ".join(pdf_pages((operator / "second.pdf").read_bytes()))
    assert not list(operator.glob(".paper*")), "no temporary file is left behind"
    # The paper's headline figures are the terminal report's for the same round.
    assert main(["report", "--round", str(ROUNDS)]) == 0
    terminal = capsys.readouterr().out
    index = page.tables["headline"].texts()[0]
    moved = index[2].split(": ", 1)[1]
    assert f"Health index {index[1]} ({moved} since the round before)" in terminal
    # A period: the latest round closed in it.
    since = (datetime.now(UTC) - timedelta(days=30)).date().isoformat()
    assert main(["report", "--html", "period.html", "--since", since]) == 0
    assert f"pulse round {ROUNDS} (" in capsys.readouterr().out
    period = read_html((operator / "period.html").read_text(encoding="utf-8"))
    assert f"period since {date.fromisoformat(since):%-d %B %Y}" in period.sections["methods"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--html", "p.html"], "no pulse round has closed yet: the committee report needs one"),
        (["--pdf", "p.pdf", "--round", "99"], "there is no pulse round 99"),
        (["--pdf", "p.pdf", "--since", "2026-01-05"], "no pulse round has closed since 2026-01-05"),
        (
            ["--html", "p.html", "--round", "1", "--since", "2026-01-05"],
            "choose --round or --since, not both",
        ),
        (
            ["--pdf", "p.pdf", "--since", "5 Jan"],
            "--since: '5 Jan' is not a date; write it like 2026-03-01",
        ),
        (
            ["--since", "2026-01-05"],
            "--since is for the committee report: add --html FILE or --pdf FILE",
        ),
        (
            ["--pdf", "p.pdf", "--week", "2026-W07"],
            "the committee report takes --round or --since, not --week",
        ),
        (["--html", "missing/p.html"], "cannot write missing/p.html: there is no folder missing"),
    ],
)
def test_bad_input_gets_one_line_and_writes_nothing(
    operator: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    assert main(["report", *args]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == f"relbot: {said}"
    assert not list(operator.glob("p.*"))


def test_a_file_that_cannot_be_written_is_refused_in_one_line(
    operator: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (operator / "council").mkdir()
    _seed(operator)
    (operator / "taken.html").mkdir()
    assert main(["report", "--html", "taken.html"]) == 1
    assert capsys.readouterr().err.strip() == "relbot: cannot write taken.html: Is a directory"
    assert [p.name for p in operator.glob(".taken*")] == []
