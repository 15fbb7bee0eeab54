"""Each command opens the database once: one engine, one migration, however much it reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command as alembic_command
from sqlalchemy import event
from sqlalchemy.pool import Pool

from relbot.cli import main

NOBODY = "U0NOBODY1"


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["migrate"], 0, "Database is up to date."),
        (["report"], 0, "No closed pulse round yet: figures are shown once a round closes."),
        (["report", "--week", "2026-W07"], 0, "No Must Haves were recorded that week."),
        (["export"], 0, "round,breakdown,side,group,measure,respondents,value,suppressed,reliable"),
        (["export", "--must-haves"], 1, "relbot: there are no Must Haves yet"),
        (["digest", "--dry-run", "--week", "2026-W07", "--out", "digest"], 0, "Wrote digest"),
        (["pulse", "close"], 1, "relbot: No round is open."),
        (["actions"], 0, "No actions yet. Add one with `relbot actions add`."),
        (["actions", "update", "3", "--status", "done"], 1, "relbot: There is no action 3."),
        (["export-user", NOBODY], 1, NOBODY),
        (["forget", NOBODY, "--yes"], 1, NOBODY),
    ],
)
def test_a_command_makes_one_engine_and_migrates_once(
    operator: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    said: str,
) -> None:
    migrations: list[str] = []
    upgrade = alembic_command.upgrade

    def counted(config: Any, revision: str, **options: Any) -> None:
        migrations.append(revision)
        upgrade(config, revision, **options)

    monkeypatch.setattr(alembic_command, "upgrade", counted)
    engines: list[object] = []

    def connected(connection: object, record: object) -> None:
        engines.append(connection)

    event.listen(Pool, "first_connect", connected)
    try:
        assert main(args) == code
    finally:
        event.remove(Pool, "first_connect", connected)
    out, err = capsys.readouterr()
    assert said in out + err
    assert migrations == ["head"]
    assert len(engines) == 1
