"""A small council written as the CSV files an operator would import."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy.orm import Session

from relbot.domain.directory import import_departments, import_people
from relbot.domain.roster import DEPARTMENT_COLUMNS, ROSTER_COLUMNS, read_departments, read_roster

PROVIDER = "UPROV0001"
OFFICER = "UOFFI0001"
STRANGER = "USTRANGE1"

DEPARTMENT_ROWS = [
    ["Finance", "Payments;Invoices", "C0FINANCE", "2", "Payments to providers & invoices"],
    ["Safeguarding", "", "C0SAFEGRD", "1", "Safeguarding concerns"],
    ["Sourcing and Placements", "SPT;Brokerage", "", "0.5", "Care packages and placements"],
]
PEOPLE = [
    dict(
        slack_user_id=PROVIDER,
        name="Priya Patel",
        side="provider",
        organisation="Oak Home Care",
        position="registered_manager",
        area="north",
        service_type="homecare",
        org_size="small",
        council_share="25-50",
        email="priya@oak.example.org",
    ),
    dict(
        slack_user_id=OFFICER,
        name="Olu Okafor",
        side="officer",
        department="Finance",
        position="head_of_service",
        area="countywide",
        decision_maker="yes",
        email="olu@council.example.gov.uk",
    ),
    dict(
        slack_user_id="UOFFI0002",
        name="Ben Baker",
        side="officer",
        department="Finance",
        position="officer",
        area="mid",
        decision_maker="no",
    ),
    dict(
        slack_user_id="UOFFI0003",
        name="Sian Shah",
        side="officer",
        department="Safeguarding",
        position="manager",
        area="south",
        decision_maker="yes",
    ),
]


def write_departments(path: Path, rows: list[list[str]] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(DEPARTMENT_COLUMNS)
        writer.writerows(DEPARTMENT_ROWS if rows is None else rows)
    return path


def write_roster(path: Path, people: list[dict[str, str]] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=ROSTER_COLUMNS)
        writer.writeheader()
        for person in PEOPLE if people is None else people:
            writer.writerow({column: person.get(column, "") for column in ROSTER_COLUMNS})
    return path


def load_council(session: Session, folder: Path) -> None:
    """Import the departments and people above through the same path as the CLI."""
    import_departments(
        session=session,
        records=read_departments(write_departments(folder / "departments.csv")),
        actor="test",
    )
    import_people(
        session=session, records=read_roster(write_roster(folder / "roster.csv")), actor="test"
    )
