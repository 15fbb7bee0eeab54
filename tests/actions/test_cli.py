"""`relbot actions` as an operator runs it: add, update, list, CSV, and one-line refusals."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from relbot.cli import main
from relbot.db import make_engine, make_session_factory
from relbot.models import Action, ActionUpdate, AuditEntry
from tests.directory_data import OFFICER, PROVIDER, write_departments, write_roster

FAR = "2099-12-31"


@pytest.fixture
def shell(operator: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The operator's shell with the small council imported."""
    assert main(["departments", "import", str(write_departments(operator / "d.csv"))]) == 0
    assert main(["participants", "import", str(write_roster(operator / "p.csv"))]) == 0
    capsys.readouterr()
    return operator


def _counts(folder: Path) -> tuple[int, int]:
    engine = make_engine(f"sqlite:///{folder}/relbot.db")
    try:
        with make_session_factory(engine).begin() as session:
            actions = session.scalar(select(func.count()).select_from(Action)) or 0
            updates = session.scalar(select(func.count()).select_from(ActionUpdate)) or 0
            return actions, updates
    finally:
        engine.dispose()


def test_an_action_is_added_moved_on_listed_and_written_as_csv(
    shell: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    added = main(
        [
            "actions",
            "add",
            "--title",
            "Pay every invoice within 14 days",
            "--owner",
            OFFICER.lower(),
            "--due",
            FAR,
            "--answers",
            "dimension:trust",
            "--answers",
            "department:finance",
        ]
    )
    assert added == 0
    assert (
        capsys.readouterr().out
        == "Added action 1: Pay every invoice within 14 days (due 2099-12-31).\n"
    )
    assert main(["actions", "update", "1", "--status", "in_progress", "--note", "Runs weekly"]) == 0
    assert capsys.readouterr().out == "Action 1 is in progress with a new note.\n"

    assert main(["actions"]) == 0
    table = capsys.readouterr().out
    for shown in ("Pay every invoice", "Trust", "department: Finance", "Olu Okafor", "in progress"):
        assert shown in table
    assert main(["actions", "--csv", str(shell / "actions.csv")]) == 0
    assert capsys.readouterr().out == f"Wrote 1 action to {shell / 'actions.csv'}.\n"
    with (shell / "actions.csv").open(encoding="utf-8") as handle:
        [row] = list(csv.DictReader(handle))
    assert {k: row[k] for k in ("id", "title", "answers", "status", "due", "overdue")} == {
        "id": "1",
        "title": "Pay every invoice within 14 days",
        "answers": "dimension: Trust; department: Finance",
        "status": "in_progress",
        "due": FAR,
        "overdue": "false",
    }
    assert (row["department"], row["owner"], row["latest_update"]) == (
        "Finance",
        "Olu Okafor",
        "Runs weekly",
    )
    assert row["started"] and row["latest_update_at"] and not row["closed"]
    engine = make_engine(f"sqlite:///{shell}/relbot.db")
    with make_session_factory(engine).begin() as session:
        actors = session.scalars(
            select(AuditEntry.actor).where(AuditEntry.action.like("action.%"))
        ).all()
        created_by = session.scalars(select(Action.created_by)).one()
    engine.dispose()
    assert len(actors) == 2 and all(a.startswith("cli") for a in actors)
    assert created_by.startswith("cli")


BASE = ["actions", "add", "--title", "Pay on time", "--owner", OFFICER, "--due", FAR]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [*BASE, "--answers", "theme:trust"],
            "'theme' is not a kind of answer; use one of dimension, department, category, voice.",
        ),
        (
            [*BASE, "--answers", "dimension:trst"],
            "'trst' is not a dimension; use one of trust, information_sharing, inclusion, "
            "strategic_clarity, responsiveness, managing_conflicts, roles, integrated_working.",
        ),
        (
            [*BASE[:-1], "31/12/2099", "--answers", "dimension:trust"],
            "'31/12/2099' is not a date; use YYYY-MM-DD, like 2027-03-31.",
        ),
        (
            [*BASE[:-1], "2020-01-01", "--answers", "dimension:trust"],
            "The due date 2020-01-01 has passed; choose today or later.",
        ),
        (
            [*BASE[:5], "U0NOBODY1", *BASE[6:], "--answers", "dimension:trust"],
            "U0NOBODY1 is not in relbot's directory; import them first.",
        ),
        (
            [*BASE[:5], PROVIDER, *BASE[6:], "--answers", "dimension:trust"],
            f"Priya Patel ({PROVIDER}) is not an active council officer; an action's owner "
            "must be one.",
        ),
        (
            [*BASE, "--answers", "dimension:trust", "--answers", "voice:12"],
            "There is no provider-voice item 12.",
        ),
        (["actions", "update", "7", "--status", "done"], "There is no action 7."),
        (
            ["actions", "update", "1", "--status", "finished"],
            "'finished' is not a status; use one of planned, in_progress, done, dropped.",
        ),
    ],
)
def test_a_wrong_part_is_one_line_and_writes_nothing(
    shell: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main([*BASE, "--answers", "dimension:trust"]) == 0
    capsys.readouterr()

    assert main(args) == 1

    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"relbot: {message} Nothing was written.\n"
    assert _counts(shell) == (1, 1)
