"""Roster and departments import: all-or-nothing, errors with line and column, upserts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relbot.db import SessionFactory
from relbot.domain.csvfile import CsvError
from relbot.domain.directory import import_departments, import_people
from relbot.domain.roster import read_departments, read_roster
from relbot.models import AuditEntry, Department, Organisation, Person
from relbot.models.enums import Area, CouncilShare, Position, Side
from tests.directory_data import PEOPLE, PROVIDER, load_council, write_departments, write_roster


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_import_creates_people_departments_and_organisations(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        load_council(session, tmp_path)
    with sessions.begin() as session:
        priya = session.scalars(select(Person).where(Person.slack_user_id == PROVIDER)).one()
        assert priya.side is Side.PROVIDER
        assert priya.organisation is not None and priya.organisation.name == "Oak Home Care"
        assert priya.position is Position.REGISTERED_MANAGER
        assert priya.area is Area.NORTH
        assert priya.council_share is CouncilShare.FROM_25_TO_50
        finance = session.scalars(select(Department).where(Department.name == "Finance")).one()
        assert finance.alias_list == ["Payments", "Invoices"]
        assert finance.queue_channel == "C0FINANCE"
        assert sorted(p.name for p in finance.people) == ["Ben Baker", "Olu Okafor"]
        placements = session.scalars(
            select(Department).where(Department.name == "Sourcing and Placements")
        ).one()
        assert placements.response_target_days == 0.5
        assert placements.queue_channel is None
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        assert actions == ["departments.import", "participants.import"]


def test_reimport_updates_in_place(sessions: SessionFactory, tmp_path: Path) -> None:
    with sessions.begin() as session:
        load_council(session, tmp_path)
    changed = [dict(p) for p in PEOPLE]
    changed[0].update(area="WEST", name="Priya Patel-Jones", council_share="75-100")
    with sessions.begin() as session:
        result = import_people(
            session=session,
            actor="test",
            records=read_roster(write_roster(tmp_path / "r2.csv", changed)),
        )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    with sessions.begin() as session:
        assert _count(session, Person) == 4
        priya = session.scalars(select(Person).where(Person.slack_user_id == PROVIDER)).one()
        assert (priya.name, priya.area, priya.council_share) == (
            "Priya Patel-Jones",
            Area.WEST,
            CouncilShare.FROM_75_TO_100,
        )


def test_roster_names_new_departments_and_creates_them(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    people = [
        dict(
            slack_user_id="U0NEW0001",
            name="Ann Reid",
            side="Officer",
            department="Quality Assurance",
            position="Manager",
        )
    ]
    with sessions.begin() as session:
        result = import_people(
            session=session,
            actor="test",
            records=read_roster(write_roster(tmp_path / "r.csv", people)),
        )
    assert result.departments_created == ("Quality Assurance",)
    with sessions.begin() as session:
        department = session.scalars(select(Department)).one()
        assert (department.name, department.response_target_days) == ("Quality Assurance", 2.0)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"area": "east"},
            "line 3, column area: 'east' is not allowed (allowed: north, mid, "
            "south, west, countywide)",
        ),
        (
            {"side": "vendor"},
            "line 3, column side: 'vendor' is not allowed (allowed: provider, officer)",
        ),
        (
            {"position": "owner"},
            "line 3, column position: 'owner' is not allowed (allowed: "
            "head_of_service, manager, officer, practitioner)",
        ),
        ({"slack_user_id": "bob"}, "line 3, column slack_user_id: 'bob' is not a Slack user id"),
        ({"department": ""}, "line 3, column department: is empty; every officer belongs"),
        ({"org_size": "large"}, "line 3, column org_size: is for providers only"),
        (
            {"decision_maker": "maybe"},
            "line 3, column decision_maker: 'maybe' is not yes or no (allowed: yes, no)",
        ),
        ({"email": "olu at council"}, "line 3, column email: 'olu at council' is not an email"),
        (
            {"slack_user_id": PROVIDER},
            f"line 3, column slack_user_id: {PROVIDER} already appears on line 2",
        ),
    ],
)
def test_one_bad_row_is_refused_with_line_and_column_and_nothing_is_written(
    sessions: SessionFactory, tmp_path: Path, change: dict[str, str], expected: str
) -> None:
    people = [dict(p) for p in PEOPLE]
    people[1].update(change)
    path = write_roster(tmp_path / "bad.csv", people)
    with pytest.raises(CsvError) as refused:
        read_roster(path)
    assert str(refused.value).startswith(expected)
    with sessions.begin() as session:
        assert _count(session, Person) == _count(session, Department) == 0


def test_values_are_case_insensitive(tmp_path: Path) -> None:
    people = [
        dict(
            PEOPLE[0],
            side="PROVIDER",
            area="North",
            service_type="Supported Living",
            org_size="Small",
            council_share="25-50%",
            position="Registered_Manager",
        )
    ]
    record = read_roster(write_roster(tmp_path / "r.csv", people))[0]
    assert (
        record.side,
        record.area,
        record.service_type.value if record.service_type else None,
        record.council_share,
    ) == (Side.PROVIDER, Area.NORTH, "supported_living", CouncilShare.FROM_25_TO_50)


def test_header_problems_name_the_column(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("slack_user_id,name,sid\nU1,Ann,provider\n", encoding="utf-8")
    with pytest.raises(
        CsvError,
        match=r"line 1, column sid: is not a known column \(allowed: "
        r"slack_user_id, name, side,",
    ):
        read_roster(path)
    path.write_text("slack_user_id,name\n", encoding="utf-8")
    with pytest.raises(CsvError, match="line 1, column side: is missing from the header"):
        read_roster(path)
    path.write_text("", encoding="utf-8")
    with pytest.raises(CsvError, match="the file is empty"):
        read_roster(path)
    path.write_bytes("slack_user_id,name,side\nU0AB12,Zoë\xff,provider\n".encode("latin-1"))
    with pytest.raises(CsvError, match="line 2: is not UTF-8 text"):
        read_roster(path)
    with pytest.raises(CsvError, match="does not exist"):
        read_roster(tmp_path / "missing.csv")


def test_excel_bom_and_blank_lines_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "\ufeffslack_user_id,name,side,organisation\n\nu0ab12cd,Ann Lee,provider,Oak\n",
        encoding="utf-8",
    )
    [record] = read_roster(path)
    assert (record.line, record.slack_user_id, record.organisation) == (3, "U0AB12CD", "Oak")


def test_old_mac_line_ends_are_lines_and_unreadable_csv_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(b"slack_user_id,name,side,organisation\ru0ab12cd,Ann Lee,provider,Oak\r")
    [record] = read_roster(path)
    assert (record.line, record.name) == (2, "Ann Lee")
    path.write_bytes(b"\r\x00")
    with pytest.raises(CsvError, match="line 1, column slack_user_id: is missing from the header"):
        read_roster(path)
    path.write_text(f"slack_user_id,name,side\nU0AB12,{'x' * 200_000},provider\n")
    with pytest.raises(CsvError, match=r"line 2: is not readable as CSV \(field larger"):
        read_roster(path)


def test_bad_department_rows_are_refused(sessions: SessionFactory, tmp_path: Path) -> None:
    cases = {
        "line 2, column first_response_target_days: 'soon' is not a number": [
            ["Finance", "", "", "soon", ""]
        ],
        "line 2, column queue_channel: 'finance' is not a channel id": [
            ["Finance", "", "finance", "", ""]
        ],
        "line 3, column aliases: 'pay' is already used on line 2": [
            ["Finance", "Pay", "", "", ""],
            ["Payroll", "pay", "", "", ""],
        ],
        "line 2, column first_response_target_days: '0' is not a number": [
            ["Finance", "", "", "0", ""]
        ],
    }
    for expected, rows in cases.items():
        with pytest.raises(CsvError) as refused:
            read_departments(write_departments(tmp_path / "d.csv", rows))
        assert str(refused.value).startswith(expected)


def test_department_reimport_matches_names_case_insensitively(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        load_council(session, tmp_path)
    rows = [["FINANCE", "Payments", "C0FINNEW", "3", "Payments"]]
    with sessions.begin() as session:
        result = import_departments(
            session=session,
            actor="test",
            records=read_departments(write_departments(tmp_path / "d2.csv", rows)),
        )
    assert (result.created, result.updated) == (0, 1)
    with sessions.begin() as session:
        finance = session.scalars(select(Department).where(Department.name_key == "finance")).one()
        assert (finance.name, finance.queue_channel, finance.response_target_days) == (
            "FINANCE",
            "C0FINNEW",
            3.0,
        )
        assert _count(session, Organisation) == 1


def test_a_500_row_roster_imports_whole(sessions: SessionFactory, tmp_path: Path) -> None:
    from bench.roster_import import write_roster as write_large_roster

    records = read_roster(write_large_roster(tmp_path / "large.csv", 500))
    with sessions.begin() as session:
        result = import_people(session=session, records=records, actor="test")
    assert (result.created, result.updated) == (500, 0)
    with sessions.begin() as session:
        assert _count(session, Person) == 500


def test_a_roster_may_name_a_department_by_its_alias(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        load_council(session, tmp_path)
    people = [dict(slack_user_id="U0ALIAS01", name="Ali As", side="officer", department="payments")]
    with sessions.begin() as session:
        result = import_people(
            session=session,
            actor="test",
            records=read_roster(write_roster(tmp_path / "a.csv", people)),
        )
    assert result.departments_created == ()
    with sessions.begin() as session:
        ali = session.scalars(select(Person).where(Person.slack_user_id == "U0ALIAS01")).one()
        assert ali.department is not None and ali.department.name == "Finance"


def test_an_overlong_department_name_is_a_clear_error(tmp_path: Path) -> None:
    people = [dict(PEOPLE[1], department="x" * 121)]
    with pytest.raises(CsvError, match="line 2, column department: is longer than 120"):
        read_roster(write_roster(tmp_path / "r.csv", people))
