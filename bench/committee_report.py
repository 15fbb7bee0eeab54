"""Time to write the committee report, HTML and PDF, for a year of a large council (the scale
benchmark's: 5,000 providers' staff, 26 rounds, 40,000 queries), on SQLite and PostgreSQL;
the target for the PDF, from the database to the file's bytes, is under ten seconds."""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

from bench.common import fresh_database
from bench.scale import _analyse
from bench.scale_seed import PROVIDERS, ROUNDS, seed
from relbot.cli.commands.committee import gather_paper
from relbot.cli.render.committee.document import render_html, render_pdf
from relbot.cli.render.committee.paper import CommitteePaper
from relbot.config import Settings
from relbot.db import make_session_factory

TARGET_SECONDS = 10.0
RUNS = 3
Timings = dict[str, float]


def _median(work: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def run(kind: str) -> tuple[Timings, int]:
    """Seed a fresh database of `kind`; time the paper's parts; also the PDF's page count."""
    with fresh_database(kind) as engine:
        now = datetime.now(UTC)
        seed(engine, now)
        _analyse(engine)
        url = engine.url.render_as_string(hide_password=False)
        settings = Settings(_env_file=None, database_url=url, council_name="Bench County Council")
        sessions = make_session_factory(engine)

        def paper() -> CommitteePaper:
            return gather_paper(sessions, settings, now=now)

        gathered = paper()
        pdf = render_pdf(gathered)
        timings = {
            "gather the figures": _median(paper),
            "HTML (with charts)": _median(lambda: render_html(paper())),
            "PDF, from the database": _median(lambda: render_pdf(paper())),
        }
        return timings, len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def main() -> int:
    """Print the table; a non-zero exit when the PDF misses its target."""
    print(
        f"committee report: a year of {PROVIDERS:,} providers' staff and {ROUNDS} rounds "
        f"(median of {RUNS} runs, PDF target < {TARGET_SECONDS:g} s)"
    )
    missed = False
    for kind in ("sqlite", "postgresql"):
        timings, pages = run(kind)
        pdf = timings["PDF, from the database"]
        verdict = "ok" if pdf < TARGET_SECONDS else "SLOW"
        missed = missed or pdf >= TARGET_SECONDS
        parts = "   ".join(f"{what} {seconds:5.2f} s" for what, seconds in timings.items())
        print(f"  {kind:<11} {parts}   ({pages} pages)   {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
