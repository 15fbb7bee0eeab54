"""Every report and the digest over a year of a large council (5,000 providers' staff in 300
organisations, officers, 26 rounds, 40,000 queries, Must Haves, provider voice), timed on
SQLite and on PostgreSQL; the target for each is under two seconds."""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, select

from bench.common import fresh_database
from bench.scale_seed import (
    MUST_HAVE_ROUNDS,
    OFFICERS,
    ORGANISATIONS,
    PROVIDERS,
    QUERIES,
    ROUNDS,
    VOICE_ITEMS,
    seed,
)
from relbot.charts import digest_chart
from relbot.cli.render.export import export_rows, response_rows, write_export
from relbot.config import Settings
from relbot.db import SessionFactory, make_session_factory
from relbot.domain.digest.data import DigestFigures, DigestWeek
from relbot.domain.digest.gather import gather_figures
from relbot.domain.musthaves.collections import latest_collection
from relbot.domain.musthaves.report import must_have_report
from relbot.domain.pulse.report import round_report, trend
from relbot.domain.queries.report import response_table
from relbot.domain.voice.summary import summarise
from relbot.models import PulseRound
from relbot.models.pulse import RoundStatus
from relbot.slack.digest.blocks import digest_message

TARGET_SECONDS = 2.0
RUNS = 3
MIN_GROUP = 5
Timings = dict[str, float]


def _median(work: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def measure(sessions: SessionFactory, settings: Settings, now: datetime) -> Timings:
    """Seconds (median of a few runs) for each report, as the commands compute them."""
    zone: ZoneInfo = settings.zone
    calendar = settings.working_calendar()
    week = DigestWeek.of(now, zone)

    def latest_round() -> int:
        with sessions.begin() as session:
            found = session.scalar(
                select(func.max(PulseRound.id)).where(PulseRound.status == RoundStatus.CLOSED)
            )
        assert found is not None
        return found

    def pulse_report() -> None:
        chosen = latest_round()
        with sessions.begin() as session:
            round_report(session=session, round_id=chosen, min_group=MIN_GROUP)
            trend(session=session, min_group=MIN_GROUP, upto=chosen)

    def queries(days: int) -> Callable[[], object]:
        def table() -> object:
            with sessions.begin() as session:
                return response_table(
                    session=session, start=now - timedelta(days=days), end=now, calendar=calendar
                )

        return table

    def must_haves() -> None:
        with sessions.begin() as session:
            chosen = latest_collection(session=session)
            assert chosen is not None
            must_have_report(session=session, collection=chosen, min_group=MIN_GROUP)

    def voice() -> None:
        with sessions.begin() as session:
            summarise(session=session, end=now, calendar=calendar)

    def export() -> None:
        chosen = latest_round()
        with sessions.begin() as session:
            report = round_report(session=session, round_id=chosen, min_group=MIN_GROUP)
            table = response_table(
                session=session, start=now - timedelta(days=28), end=now, calendar=calendar
            )
        rows = [*export_rows(chosen, report), *response_rows(table, now - timedelta(days=28), now)]
        write_export(io.StringIO(), rows)

    def figures() -> DigestFigures:
        with sessions.begin() as session:
            return gather_figures(
                session=session, week=week, zone=zone, calendar=calendar, min_group=MIN_GROUP
            )

    def digest() -> None:
        digest_message(figures(), zone).payload()

    drawn = figures()
    assert drawn.pulse is not None and drawn.history, "the digest should show a round"
    return {
        "pulse report (round + trend)": _median(pulse_report),
        "response times, 28 days": _median(queries(28)),
        "response times, a year": _median(queries(365)),
        "Must Haves report": _median(must_haves),
        "provider-voice summary": _median(voice),
        "export rows (round + times)": _median(export),
        "digest (gather + message)": _median(digest),
        "digest chart PNG": _median(lambda: digest_chart(drawn, zone)),
    }


def run(kind: str, settings: Settings) -> tuple[Timings, float, int]:
    """Seed a fresh database of `kind`, then time everything; also seeding time and rows."""
    with fresh_database(kind) as engine:
        now = datetime.now(UTC)
        began = time.perf_counter()
        seeded = seed(engine, now)
        seeding = time.perf_counter() - began
        _analyse(engine)
        return measure(make_session_factory(engine), settings, now), seeding, seeded.rows


def _analyse(engine: Engine) -> None:
    # A real database has statistics; a freshly bulk-loaded one has none until autovacuum.
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")


def main() -> int:
    """Print the table; a non-zero exit when any figure misses the target."""
    settings = Settings(_env_file=None)
    print(
        f"Scale: {PROVIDERS:,} providers' staff in {ORGANISATIONS} organisations and "
        f"{OFFICERS} officers; {ROUNDS} fortnightly rounds, {QUERIES:,} queries, "
        f"{MUST_HAVE_ROUNDS} Must Haves rounds, {VOICE_ITEMS:,} provider-voice messages "
        f"over a year (median of {RUNS} runs, target < {TARGET_SECONDS:g} s)"
    )
    results: dict[str, Timings] = {}
    for kind in ("sqlite", "postgresql"):
        timings, seeding, rows = run(kind, settings)
        results[kind] = timings
        print(f"  {kind}: {rows:,} rows seeded in {seeding:.0f} s")
    missed = False
    print(f"  {'what':<30} {'SQLite s':>9} {'PostgreSQL s':>13}  target   result")
    for what, lite in results["sqlite"].items():
        pg = results["postgresql"][what]
        ok = max(lite, pg) < TARGET_SECONDS
        missed = missed or not ok
        verdict = "PASS" if ok else "MISS"
        print(f"  {what:<30} {lite:>9.3f} {pg:>13.3f}  < {TARGET_SECONDS:g} s    {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
