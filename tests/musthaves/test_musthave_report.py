"""`relbot report` and `relbot export --must-haves`: each side's counts under each category."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from relbot.db import make_engine, make_session_factory
from relbot.domain.categories import category_specs, ensure_categories
from relbot.domain.directory import import_people
from relbot.domain.musthaves import collections, entries
from relbot.domain.profile import person_by_slack_id
from relbot.domain.roster import read_roster
from relbot.migrate import upgrade
from tests.directory_data import PEOPLE, load_council, write_roster
from tests.test_cli import relbot

EXTRA = [
    dict(slack_user_id="UPROV0002", name="Tom Tan", side="provider", organisation="Elm Care"),
    dict(slack_user_id="UPROV0003", name="Ann Ash", side="provider", organisation="Elm Care"),
]
SAID = {
    "UPROV0001": ["Pay invoices on time", "A contact list with the decision makers"],
    "UPROV0002": ["Faster payment of invoices, please & thanks <3"],
    "UPROV0003": ["Be honest with us when a contract is at risk"],
    "UOFFI0001": ["Providers to invoice the hours actually delivered"],
    "UOFFI0002": ["Providers open with us about quality worries"],
}


def _database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/relbot.db"
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    with sessions.begin() as session:
        load_council(session, tmp_path)
        roster = write_roster(tmp_path / "more.csv", [*PEOPLE, *EXTRA])
        import_people(session=session, records=read_roster(roster), actor="test")
    with sessions.begin() as session:
        ensure_categories(session=session, specs=category_specs(()))
        opened = collections.open_collection(
            session=session, name="Workshop 3", now=datetime.now(UTC), actor="test"
        )
        for slack_id, texts in SAID.items():
            person = person_by_slack_id(session=session, slack_user_id=slack_id)
            assert person is not None
            for text in texts:
                assert entries.add(session=session, collection=opened, person=person, text=text)
    engine.dispose()
    return url


def test_report_puts_each_side_under_its_category(tmp_path: Path) -> None:
    env = {"RELBOT_DATABASE_URL": _database(tmp_path), "RELBOT_MIN_GROUP_SIZE": "3"}
    shown = relbot("report", env=env)
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "Must Haves, round Workshop 3" in out
    payments = next(line for line in out.splitlines() if "Payments and finance" in line)
    assert payments.split("│")[2].strip() == "2"  # providers; officers are too few to show
    assert "officers: 2 so far; shown from 3" in " ".join(out.split())
    assert "Mattering most to providers: Payments and finance;" in out
    assert (
        "[Payments and finance · Providers] Faster payment of invoices, please & thanks <3" in out
    )
    assert "Providers to invoice the hours" not in out


def test_export_writes_each_must_have_without_names(tmp_path: Path) -> None:
    env = {"RELBOT_DATABASE_URL": _database(tmp_path), "RELBOT_MIN_GROUP_SIZE": "2"}
    written = relbot("export", "--must-haves", "--collection", "Workshop 3", env=env)
    assert written.returncode == 0, written.stderr
    rows = list(csv.DictReader(io.StringIO(written.stdout)))
    assert len(rows) == 6
    assert {r["side"] for r in rows} == {"provider", "officer"}
    officer_payments = [
        r for r in rows if r["side"] == "officer" and r["category"] == "Payments and finance"
    ]
    assert [r["text"] for r in officer_payments] == [
        "Providers to invoice the hours actually delivered"
    ]
    assert not any(name in written.stdout for name in ("Priya", "Olu", "UPROV", "UOFFI"))
    missing = relbot("export", "--must-haves", "--collection", "Nope", env=env)
    assert missing.returncode == 1
    assert "there is no Must Haves round named 'Nope'" in missing.stderr
