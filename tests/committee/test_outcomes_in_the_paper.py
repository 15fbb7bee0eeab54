"""An action's outcome is its own change beside the change in what no action answered, over
the same rounds; every done action has its line, good or bad. Gathered from the database
as `relbot report --html` gathers it, on both databases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from relbot.cli.commands.committee import gather_paper
from relbot.cli.render.committee.document import render_html
from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.actions import Answer, Editor, create_action, update_action
from relbot.domain.pulse.answers import answer_tally
from relbot.models import (
    Department,
    PulseAnswer,
    PulseDepartmentAnswer,
    PulseResponse,
    PulseRound,
)
from relbot.models.actions import ActionStatus, TargetKind
from relbot.models.enums import Side
from relbot.models.pulse import Dimension, RoundStatus
from tests.committee.reading import read_html
from tests.directory_data import OFFICER, load_council

FIRST = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
SECOND = datetime(2027, 4, 12, 10, 0, tzinfo=UTC)
NOW = SECOND + timedelta(days=8)
PEOPLE = 40
# Scores spread 1 to 4 around each person's level, so every mean has noise.
SPREAD = (-1, 0, 0, 1)

Scores = Callable[[Dimension, int], int]


def _round(
    session: Session, opened: datetime, score: Scores, finance: Callable[[int], int]
) -> None:
    pulse = PulseRound(
        slot=f"{opened:%Y-%m-%d}",
        question_version=1,
        status=RoundStatus.CLOSED,
        open_marker=None,
        opened_at=opened,
        closes_at=opened + timedelta(days=5),
        closed_at=opened + timedelta(days=5),
        opened_by="schedule",
    )
    session.add(pulse)
    session.flush()
    department = session.scalars(select(Department).where(Department.name == "Finance")).one()
    others = session.scalars(select(Department).where(Department.name != "Finance")).all()
    for person in range(PEOPLE):
        scores = {d: score(d, person) for d in Dimension}
        count, total = answer_tally(scores.values())
        response = PulseResponse(
            round_id=pulse.id, side=Side.PROVIDER, answer_count=count, answer_total=total
        )
        response.answers = [PulseAnswer(dimension=d, score=s) for d, s in scores.items()]
        response.department_answers = [
            PulseDepartmentAnswer(department_id=department.id, dimension=d, score=finance(person))
            for d in Dimension
        ] + [
            PulseDepartmentAnswer(department_id=other.id, dimension=d, score=score(d, person))
            for other in others
            for d in Dimension
        ]
        session.add(response)
    session.flush()


def _level(base: int, person: int) -> int:
    return max(1, min(4, base + SPREAD[person % len(SPREAD)]))


def _council(
    sessions: SessionFactory,
    folder: Path,
    after: Scores,
    finance_after: Callable[[int], int],
) -> None:
    with sessions.begin() as session:
        load_council(session, folder)
        _round(session, FIRST, lambda d, p: _level(2, p), lambda p: _level(3, p))
    editor = Editor("test")
    with sessions.begin() as session:
        for title, answers in (
            ("Publish a contacts list", [Answer(TargetKind.DIMENSION, Dimension.TRUST.value)]),
            ("Pay invoices within 14 days", [Answer(TargetKind.DEPARTMENT, "Finance")]),
            ("Hold a forum", [Answer(TargetKind.DIMENSION, Dimension.INCLUSION.value)]),
        ):
            started = FIRST + timedelta(days=10)
            made = create_action(
                session=session,
                editor=editor,
                title=title,
                owner=OFFICER,
                due=(started + timedelta(days=20)).date(),
                answers=answers,
                today=started.date(),
                now=started,
            )
            if title != "Hold a forum":
                update_action(
                    session=session,
                    editor=editor,
                    action_id=made.id,
                    status=ActionStatus.DONE,
                    now=started + timedelta(days=14),
                )
    with sessions.begin() as session:
        _round(session, SECOND, after, finance_after)


def _outcomes(sessions: SessionFactory, settings: Settings) -> dict[str, list[str]]:
    paper = gather_paper(sessions, settings, now=NOW)
    page = read_html(render_html(paper))
    return {row[0]: row for row in page.tables["action-table"].texts()}


@pytest.fixture
def paper_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"min_group_size": 5})


def test_an_action_that_rose_with_everything_else_is_not_credited(
    sessions: SessionFactory, paper_settings: Settings, tmp_path: Path
) -> None:
    # Everything rose by one point, trust included; Finance stayed where it was, as did
    # every department no action answered.
    _council(sessions, tmp_path, lambda d, p: _level(3, p), lambda p: _level(3, p))
    rows = _outcomes(sessions, paper_settings)
    trust = rows["Publish a contacts list"][5]
    assert trust.startswith("Trust rose by 1.00 (±")
    assert "while the 6 dimensions no action answered rose by 1.00" in trust
    assert trust.endswith(
        "no different from the general drift. Providers have not been asked about it yet."
    )
    finance = rows["Pay invoices within 14 days"][5]
    assert finance.startswith("Providers' rating of Finance about the same")
    assert "the departments no action answered rose by 1.00" in finance
    assert "worse than the general drift by -1.00 (±" in finance
    assert rows["Hold a forum"][5] == "—"  # not done: no outcome yet


def test_an_action_whose_dimension_rose_alone_is_better_than_the_drift(
    sessions: SessionFactory, paper_settings: Settings, tmp_path: Path
) -> None:
    def after(dimension: Dimension, person: int) -> int:
        return _level(3 if dimension is Dimension.TRUST else 2, person)

    _council(sessions, tmp_path, after, lambda p: _level(4, p))
    rows = _outcomes(sessions, paper_settings)
    trust = rows["Publish a contacts list"][5]
    assert "while the 6 dimensions no action answered were about the same (+0.00" in trust
    assert "better than the general drift by +1.00 (±" in trust
    finance = rows["Pay invoices within 14 days"][5]
    assert "Providers' rating of Finance rose by" in finance
    assert "better than the general drift" in finance
