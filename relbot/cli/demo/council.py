"""A realistic synthetic council: the departments of the seed report, and providers across
areas, service types and sizes. Deterministic for a given seed."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from relbot.domain.roster import DEPARTMENT_COLUMNS, ROSTER_COLUMNS
from relbot.models.enums import Area, CouncilShare, OrgSize, ServiceType

COUNCIL = "Essex-like County Council"
T = TypeVar("T")


@dataclass(frozen=True)
class DemoDepartment:
    name: str
    aliases: str
    queue_channel: str
    target_days: float
    description: str
    officers: int


DEPARTMENTS = (
    DemoDepartment(
        "Adult Operations Service Teams",
        "AO Service Teams;Social Workers",
        "C0AOTEAMS",
        2,
        "Social workers who assess and review people's care",
        12,
    ),
    DemoDepartment(
        "Adult Operations Senior Managers",
        "AO Senior Managers",
        "C0AOSENIOR",
        3,
        "Heads of locality teams and escalations",
        5,
    ),
    DemoDepartment(
        "Commissioning",
        "Commissioning Officers",
        "C0COMMISS",
        3,
        "Market shaping, strategies and contracts",
        8,
    ),
    DemoDepartment(
        "Procurement", "Tenders", "C0PROCURE", 5, "Tenders, frameworks and spot contracts", 5
    ),
    DemoDepartment(
        "Community Agents",
        "Agents",
        "C0AGENTS",
        3,
        "Connecting people with local community support",
        4,
    ),
    DemoDepartment(
        "Safeguarding",
        "Safeguarding Team",
        "C0SAFEGRD",
        1,
        "Safeguarding concerns and enquiries",
        6,
    ),
    DemoDepartment(
        "Finance",
        "Payments;Invoices",
        "C0FINANCE",
        2,
        "Payments to providers, invoices and top-ups",
        5,
    ),
    DemoDepartment(
        "Commercial Team",
        "Commercial",
        "C0COMMERC",
        3,
        "Pricing, fee rates and contract performance",
        4,
    ),
    DemoDepartment(
        "Sourcing and Placements",
        "SPT;Placements;Brokerage",
        "C0PLACEMT",
        1,
        "Finding and arranging care packages and placements",
        7,
    ),
)

FIRST = (
    "Aisha Alex Amir Ben Bola Carys Chen Dan Dev Ella Emeka Fran Gita Hannah Ivy Jack "
    "Jas Kate Kofi Lena Leo Mara Maya Mo Nadia Niall Olu Priya Raj Rosa Sam Sian Tom "
    "Una Vik Wen Yusuf Zara"
).split()
LAST = (
    "Adeyemi Baker Brennan Chowdhury Clarke Davies Evans Farah Green Hall Hussain "
    "Jones Kaur Khan Lewis Mensah Morgan Nowak Okafor Patel Price Quinn Reid Shah "
    "Smith Taylor Turner Walsh Watson Wright Young"
).split()
ORG_WORDS = (
    "Oak Willow Harbour Meadow Beacon Riverside Maple Heath Bridge Elm Lantern "
    "Orchard Kingfisher Cedar Estuary Chalk Marsh Priory Lavender Saxon"
).split()
ORG_KINDS = {
    ServiceType.HOMECARE: "Home Care",
    ServiceType.RESIDENTIAL: "Care Home",
    ServiceType.SUPPORTED_LIVING: "Supported Living",
    ServiceType.DAY_CARE: "Day Services",
    ServiceType.OTHER: "Care Services",
}
SERVICE_WEIGHTS = (
    (ServiceType.HOMECARE, 40),
    (ServiceType.RESIDENTIAL, 30),
    (ServiceType.SUPPORTED_LIVING, 15),
    (ServiceType.DAY_CARE, 10),
    (ServiceType.OTHER, 5),
)
AREA_WEIGHTS = (
    (Area.NORTH, 20),
    (Area.MID, 22),
    (Area.SOUTH, 22),
    (Area.WEST, 20),
    (Area.COUNTYWIDE, 16),
)
SIZE_WEIGHTS = ((OrgSize.SMALL, 50), (OrgSize.MEDIUM, 35), (OrgSize.LARGE, 15))
SHARE_WEIGHTS = (
    (CouncilShare.UP_TO_25, 15),
    (CouncilShare.FROM_25_TO_50, 25),
    (CouncilShare.FROM_50_TO_75, 30),
    (CouncilShare.FROM_75_TO_100, 30),
)
OFFICER_POSITIONS = (("head_of_service", 1), ("manager", 3), ("officer", 6), ("practitioner", 5))
PROVIDER_POSITIONS = {
    OrgSize.SMALL: ("owner", "registered_manager", "frontline"),
    OrgSize.MEDIUM: ("director", "registered_manager", "care_manager", "frontline"),
    OrgSize.LARGE: ("director", "registered_manager", "care_manager", "care_manager", "frontline"),
}


class SyntheticCouncil:
    """Writes the departments file and the roster a council would prepare."""

    def __init__(self, seed: int, organisations: int = 80) -> None:
        self.random = random.Random(seed)
        self.organisations = organisations
        self._ids: set[str] = set()
        self._names: set[str] = set()

    def write(self, folder: Path) -> tuple[Path, Path]:
        folder.mkdir(parents=True, exist_ok=True)
        departments, roster = folder / "departments.csv", folder / "roster.csv"
        with departments.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(DEPARTMENT_COLUMNS)
            for d in DEPARTMENTS:
                writer.writerow(
                    [d.name, d.aliases, d.queue_channel, f"{d.target_days:g}", d.description]
                )
        with roster.open("w", newline="", encoding="utf-8") as handle:
            people = csv.DictWriter(handle, fieldnames=ROSTER_COLUMNS)
            people.writeheader()
            people.writerows(self.officers())
            people.writerows(self.providers())
        return departments, roster

    def officers(self) -> list[dict[str, str]]:
        rows = []
        for department in DEPARTMENTS:
            for index in range(department.officers):
                position = self._pick(OFFICER_POSITIONS) if index else "head_of_service"
                rows.append(
                    self._person(
                        side="officer",
                        organisation=COUNCIL,
                        department=department.name,
                        position=position,
                        area=self._pick(AREA_WEIGHTS).value,
                        decision_maker="yes"
                        if position in ("head_of_service", "manager")
                        else "no",
                        domain="council.example.gov.uk",
                    )
                )
        return rows

    def providers(self) -> list[dict[str, str]]:
        rows = []
        for _ in range(self.organisations):
            service = self._pick(SERVICE_WEIGHTS)
            size = self._pick(SIZE_WEIGHTS)
            name = self._organisation_name(service)
            share = self._pick(SHARE_WEIGHTS).value
            area = self._pick(AREA_WEIGHTS).value
            staff = {OrgSize.SMALL: 1, OrgSize.MEDIUM: 2, OrgSize.LARGE: 4}[size]
            domain = name.lower().replace(" ", "") + ".example.org"
            for index in range(self.random.randint(1, staff)):
                rows.append(
                    self._person(
                        side="provider",
                        organisation=name,
                        department="",
                        position=PROVIDER_POSITIONS[size][index % len(PROVIDER_POSITIONS[size])],
                        area=area,
                        service_type=service.value,
                        org_size=size.value,
                        council_share=share,
                        domain=domain,
                    )
                )
        return rows

    def _person(self, *, domain: str, **cells: str) -> dict[str, str]:
        name = self._new_name()
        row = dict.fromkeys(ROSTER_COLUMNS, "")
        row.update(cells)
        row.update(
            slack_user_id=self._new_id(),
            name=name,
            email=f"{name.lower().replace(' ', '.')}@{domain}",
        )
        return row

    def _organisation_name(self, service: ServiceType) -> str:
        while True:
            name = f"{self.random.choice(ORG_WORDS)} {ORG_KINDS[service]}"
            if name not in self._names:
                self._names.add(name)
                return name
            name = f"{self.random.choice(ORG_WORDS)} {self.random.choice(ORG_WORDS)} {ORG_KINDS[service]}"
            if name not in self._names:
                self._names.add(name)
                return name

    def _new_name(self) -> str:
        return f"{self.random.choice(FIRST)} {self.random.choice(LAST)}"

    def _new_id(self) -> str:
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        while True:
            user_id = "U0" + "".join(self.random.choice(alphabet) for _ in range(8))
            if user_id not in self._ids:
                self._ids.add(user_id)
                return user_id

    def _pick(self, weighted: tuple[tuple[T, int], ...]) -> T:
        values = [value for value, _ in weighted]
        weights = [weight for _, weight in weighted]
        chosen: T = self.random.choices(values, weights=weights)[0]
        return chosen
