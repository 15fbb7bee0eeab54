"""Organisations import: each provider organisation with its Slack teams and segments, all or
nothing, errors with line and column; its people take the segments their rows leave empty."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from relbot.db import SessionFactory
from relbot.domain.csvfile import CsvError
from relbot.domain.directory import import_people
from relbot.domain.organisations import (
    ORGANISATION_COLUMNS,
    import_organisations,
    read_organisations,
)
from relbot.domain.roster import read_roster
from relbot.models import Organisation, OrganisationTeam, Person
from relbot.models.enums import CouncilShare, OrgSize, ServiceType
from tests.directory_data import load_council, write_roster
from tests.test_cli import relbot

HEADER = list(ORGANISATION_COLUMNS)
ROWS = [
    ["Oak Home Care", "T0OAK0001", "homecare", "small", "25-50"],
    ["Birch Care", "tbirch001; E0BIRCHGRID", "Residential", "LARGE", "75-100%"],
    ["Ash Day Services", "", "day care", "", ""],
]


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _import(session: Session, path: Path) -> tuple[int, int, int, int]:
    result = import_organisations(session=session, records=read_organisations(path), actor="test")
    return (result.created, result.updated, result.unchanged, result.people_filled)


def _teams(session: Session) -> dict[str, str]:
    query = select(OrganisationTeam.team_id, Organisation.name).join(Organisation)
    return {str(team): str(name) for team, name in session.execute(query)}


def test_import_stores_teams_and_segments_and_reimport_updates_by_name(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        assert _import(session, _write(tmp_path / "o.csv", ROWS)) == (3, 0, 0, 0)
    with sessions.begin() as session:
        assert _teams(session) == {
            "T0OAK0001": "Oak Home Care",
            "TBIRCH001": "Birch Care",
            "E0BIRCHGRID": "Birch Care",
        }
        birch = session.scalars(select(Organisation).where(Organisation.name == "Birch Care")).one()
        assert (birch.service_type, birch.org_size, birch.council_share) == (
            ServiceType.RESIDENTIAL,
            OrgSize.LARGE,
            CouncilShare.FROM_75_TO_100,
        )
    moved = [
        ["oak home care", "T0OAK0001;TBIRCH001", "homecare", "medium", "25-50"],
        ["Birch Care", "E0BIRCHGRID", "residential", "large", "75-100"],
        ["Ash Day Services", "", "day_care", "", ""],
    ]
    with sessions.begin() as session:  # a team moves from one organisation to another
        assert _import(session, _write(tmp_path / "o2.csv", moved)) == (0, 2, 1, 0)
    with sessions.begin() as session:
        assert _teams(session)["TBIRCH001"] == "oak home care"
        assert len(session.scalars(select(Organisation)).all()) == 3


def test_people_take_the_segments_their_roster_row_leaves_empty(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        _import(session, _write(tmp_path / "o.csv", ROWS))
    people = [
        dict(slack_user_id="UBIRCH001", name="Bea", side="provider", organisation="Birch Care"),
        dict(
            slack_user_id="UBIRCH002",
            name="Bo",
            side="provider",
            organisation="birch care",
            service_type="homecare",
        ),
    ]
    with sessions.begin() as session:
        import_people(
            session=session,
            records=read_roster(write_roster(tmp_path / "r.csv", people)),
            actor="t",
        )
    with sessions.begin() as session:
        found = {p.slack_user_id: p for p in session.scalars(select(Person))}
        bea, bo = found["UBIRCH001"], found["UBIRCH002"]
        assert (bea.service_type, bea.org_size, bea.council_share) == (
            ServiceType.RESIDENTIAL,
            OrgSize.LARGE,
            CouncilShare.FROM_75_TO_100,
        )
        assert (bo.service_type, bo.org_size) == (ServiceType.HOMECARE, OrgSize.LARGE)


def test_an_organisations_file_after_the_roster_fills_only_empty_segments(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        load_council(session, tmp_path)  # Priya of Oak Home Care: homecare, small, 25-50
        people = [
            dict(
                slack_user_id="UOAK00002", name="Ola", side="provider", organisation="Oak Home Care"
            )
        ]
        import_people(
            session=session,
            records=read_roster(write_roster(tmp_path / "r.csv", people)),
            actor="t",
        )
    rows = [["Oak Home Care", "T0OAK0001", "homecare", "medium", "50-75"]]
    with sessions.begin() as session:
        assert _import(session, _write(tmp_path / "o.csv", rows)) == (0, 1, 0, 1)
    with sessions.begin() as session:
        found = {p.slack_user_id: p for p in session.scalars(select(Person))}
        assert found["UOAK00002"].org_size is OrgSize.MEDIUM
        assert found["UOAK00002"].council_share is CouncilShare.FROM_50_TO_75
        assert found["UPROV0001"].org_size is OrgSize.SMALL  # her row's own value stays


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        (
            [["Oak", "T0OAK0001", "", "", ""], ["Birch", "T0BIRCH01;t0oak0001", "", "", ""]],
            HEADER,
            "line 3, column slack_team_ids: T0OAK0001 is already listed for the organisation "
            "on line 2; a Slack team belongs to one organisation",
        ),
        (
            [["Oak", "T0OAK0001", "", "", ""], ["Birch", "C0CHANNEL", "", "", ""]],
            HEADER,
            "line 3, column slack_team_ids: 'C0CHANNEL' is not a Slack team id",
        ),
        (
            [["Oak", "T0OAK0001", "care homes", "", ""]],
            HEADER,
            "line 2, column service_type: 'care homes' is not allowed (allowed: homecare, "
            "residential, supported_living, day_care, other)",
        ),
        (
            [["Oak", "", "", "", "half"]],
            HEADER,
            "line 2, column council_share: 'half' is not allowed",
        ),
        ([["", "T0OAK0001", "", "", ""]], HEADER, "line 2, column name: is empty"),
        (
            [["Oak", "", "", "", ""], ["OAK", "", "", "", ""]],
            HEADER,
            "line 3, column name: 'OAK' already appears on line 2",
        ),
        ([["Oak", "T0OAK0001"]], HEADER[:2], "line 1, column service_type: is missing"),
    ],
)
def test_a_bad_file_names_line_and_column_and_imports_nothing(
    engine: Engine,
    sessions: SessionFactory,
    tmp_path: Path,
    rows: list[list[str]],
    header: list[str],
    message: str,
) -> None:
    path = _write(tmp_path / "bad.csv", rows, header)
    env = {"RELBOT_DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    done = relbot("organisations", "import", str(path), env=env)
    assert done.returncode == 1
    assert message in done.stderr and "Nothing was imported." in done.stderr
    with sessions.begin() as session:
        assert session.scalars(select(Organisation)).all() == []


def test_a_team_kept_by_an_organisation_the_file_leaves_out_is_refused(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        _import(session, _write(tmp_path / "o.csv", ROWS))
    with sessions.begin() as session, pytest.raises(CsvError) as refused:
        _import(session, _write(tmp_path / "o2.csv", [["Elm", "T0OAK0001", "", "", ""]]))
    assert str(refused.value) == (
        "line 2, column slack_team_ids: T0OAK0001 already belongs to 'Oak Home Care'; list it "
        "there, or add 'Oak Home Care' to this file without it"
    )
    with sessions.begin() as session:
        assert _teams(session)["T0OAK0001"] == "Oak Home Care"
        assert session.scalar(select(Organisation).where(Organisation.name == "Elm")) is None


def test_the_command_line_imports_a_good_file(
    engine: Engine, sessions: SessionFactory, tmp_path: Path
) -> None:
    env = {"RELBOT_DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    done = relbot("organisations", "import", str(_write(tmp_path / "o.csv", ROWS)), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "Imported organisations: 3 new, 0 updated, 0 unchanged. "
        "People given their organisation's segments: 0."
    )
    with sessions.begin() as session:
        assert len(_teams(session)) == 3
