"""Time to import a 500-row roster (read, check, write in one transaction); target < 2 s."""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import fresh_database
from relbot.cli.demo.council import SyntheticCouncil
from relbot.db import make_session_factory
from relbot.domain.directory import import_people
from relbot.domain.roster import ROSTER_COLUMNS, read_roster

ROWS = 500
RUNS = 5
TARGET_SECONDS = 2.0


def write_roster(path: Path, rows: int) -> Path:
    """A realistic roster of exactly `rows` people."""
    council = SyntheticCouncil(seed=7, organisations=400)
    people = (council.officers() + council.providers())[:rows]
    assert len(people) == rows
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=ROSTER_COLUMNS)
        writer.writeheader()
        writer.writerows(people)
    return path


def measure(kind: str, roster: Path) -> tuple[float, float]:
    """Seconds for a first import into an empty database, and for re-importing the same file."""
    firsts: list[float] = []
    repeats: list[float] = []
    for _ in range(RUNS):
        with fresh_database(kind) as engine:
            sessions = make_session_factory(engine)
            for times in (firsts, repeats):
                started = time.perf_counter()
                with sessions.begin() as session:
                    import_people(session=session, records=read_roster(roster), actor="bench")
                times.append(time.perf_counter() - started)
    return statistics.median(firsts), statistics.median(repeats)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        roster = write_roster(Path(folder) / "roster.csv", ROWS)
        print(f"roster import, {ROWS} rows, median of {RUNS} (target < {TARGET_SECONDS:g} s)")
        for kind in ("sqlite", "postgresql"):
            first, repeat = measure(kind, roster)
            verdict = "ok" if max(first, repeat) < TARGET_SECONDS else "SLOW"
            print(
                f"  {kind:<11} new {first * 1000:7.1f} ms   re-import {repeat * 1000:7.1f} ms"
                f"   {verdict}"
            )
