"""Roster and departments files of any shape: a CsvError naming the line (and column), or an
import; never another exception, and nothing written when the file is refused."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from relbot.db import SessionFactory
from relbot.domain.csvfile import CsvError
from relbot.domain.directory import import_departments, import_people
from relbot.domain.roster import DEPARTMENT_COLUMNS, ROSTER_COLUMNS, read_departments, read_roster
from relbot.models import AuditEntry, Department, Organisation, Person
from relbot.models.enums import Area, CouncilShare, OrgSize, Position, ServiceType, Side

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
long = st.text(min_size=100, max_size=400)


def cell(*good: str) -> st.SearchStrategy[str]:
    """Mostly a plausible value, sometimes junk; plausible ones vary in case and spacing."""
    plausible = st.sampled_from(good or ("",))
    varied = st.tuples(plausible, st.sampled_from([str, str.upper, str.title])).map(
        lambda p: p[1](p[0])
    )
    return st.one_of(varied, varied.map(lambda v: f"  {v} "), text, long, st.just(""))


def values(enum: type) -> list[str]:
    return [m.value for m in enum]


person = st.fixed_dictionaries(
    {
        "slack_user_id": cell("U0001", "UPROV0001", "W0ABC", "u0aa1", "U1", "C0001"),
        "name": cell("Priya Patel", "Olu", "Ана", "O'Brien, Jr"),
        "side": cell(*values(Side), "Provider", "both"),
        "organisation": cell("Oak Home Care", "Oak home care", "", "A & B <Care>"),
        "department": cell("Finance", "Payments", "Straße", "STRASSE", "Safeguarding"),
        "position": cell(*values(Position)),
        "area": cell(*values(Area)),
        "service_type": cell(*values(ServiceType), "supported living"),
        "org_size": cell(*values(OrgSize)),
        "council_share": cell(*values(CouncilShare), "25-50%"),
        "decision_maker": cell("yes", "no", "Y", "maybe"),
        "email": cell("a@b.example", "not-an-email", "a@@b"),
    }
)
department = st.fixed_dictionaries(
    {
        "name": cell("Finance", "finance", "Straße", "STRASSE", "Ǆ", "ǅ", "Safeguarding"),
        "aliases": cell("Payments;Invoices", "pay, invoices", ";;", "Finance", "a;A"),
        "queue_channel": cell("C0FINANCE", "#c0finance", "G0ABC", "general", ""),
        "first_response_target_days": cell("2", "0.5", "0", "-1", "nan", "inf", "1e3", "60"),
        "description": cell("Payments & invoices", "<!channel>"),
    }
)


def as_csv(columns: list[str], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([[row.get(c, "") for c in columns] for row in rows])
    return out.getvalue().encode()


def files(
    fields: tuple[str, ...], rows: st.SearchStrategy[dict[str, str]]
) -> st.SearchStrategy[bytes]:
    header = st.one_of(
        st.just(list(fields)),
        st.permutations(list(fields)),
        st.lists(st.sampled_from([*fields, "extra", "", "NAME"]), min_size=1, max_size=14),
    )
    well_formed = st.tuples(header, st.lists(rows, max_size=6)).map(lambda p: as_csv(*p))
    return st.one_of(
        well_formed,
        well_formed.map(lambda b: b"\xef\xbb\xbf" + b),  # Excel's BOM
        well_formed.map(lambda b: b.replace(b"\r\n", b"\n")),
        st.tuples(well_formed, st.binary(max_size=40)).map(lambda p: p[0] + p[1]),
        st.binary(max_size=200),
        text.map(str.encode),
    )  # fmt: skip


def counts(sessions: SessionFactory) -> tuple[int | None, ...]:
    with sessions.begin() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (Person, Department, Organisation, AuditEntry)
        )


def attempt(sessions: SessionFactory, path: Path, data: bytes, people: bool) -> None:
    path.write_bytes(data)
    before = counts(sessions)
    try:
        with sessions.begin() as session:
            if people:
                import_people(session=session, records=read_roster(path), actor="fuzz")
            else:
                import_departments(session=session, records=read_departments(path), actor="fuzz")
    except CsvError as refused:
        message = str(refused)
        assert message.startswith("line ") or refused.line <= 0, message
        assert "Traceback" not in message
        assert counts(sessions) == before
    else:
        assert counts(sessions)[3] == (before[3] or 0) + 1  # one audit entry per import


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path


@FUZZ
@given(data=files(ROSTER_COLUMNS, person))
@example(data=b"slack_user_id,name,side,organisation\nU0001,A\x00B,provider,Oak\n")
@example(data=b'slack_user_id,name,side\nU0001,"unclosed,provider\n')
def test_roster_files(sessions: SessionFactory, folder: Path, data: bytes) -> None:
    attempt(sessions, folder / "roster.csv", data, people=True)


@FUZZ
@given(data=files(DEPARTMENT_COLUMNS, department))
@example(data=b"name\nStra\xc3\x9fe\nSTRASSE\n")
@example(data=b'name,aliases\nFinance,"a,b"\n')
def test_departments_files(sessions: SessionFactory, folder: Path, data: bytes) -> None:
    attempt(sessions, folder / "departments.csv", data, people=False)
