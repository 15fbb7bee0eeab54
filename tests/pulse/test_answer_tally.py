"""Each response keeps the count and sum of its 1-4 answers; the trend and the change from the
previous round read those. They must always agree with the answers themselves."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from relbot.analysis.cells import Tally, cell, partition
from relbot.db import SessionFactory
from relbot.domain.pulse.answers import save_overall
from relbot.domain.pulse.report import round_report, trend
from relbot.domain.pulse.rounds import RoundTimes, close_round, open_round
from relbot.models import Person, PulseAnswer, PulseResponse
from relbot.models.enums import Side
from relbot.models.pulse import Dimension

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TIMES = RoundTimes(5, 2)


def _people(session: Session) -> list[Person]:
    people = [
        Person(slack_user_id=f"UTALLY{number:04d}", name=f"Person {number}", side=side)
        for number, side in enumerate([Side.PROVIDER] * 9 + [Side.OFFICER] * 7)
    ]
    session.add_all(people)
    session.flush()
    return people


def _scores(rng: random.Random) -> dict[Dimension, int]:
    """Mostly 1-4, with some no-contact answers (0) among them."""
    return {d: rng.choice([0, 1, 2, 3, 4, 4]) for d in Dimension}


def _round(
    session: Session, rng: random.Random, people: list[Person], number: int, *, close: bool = True
) -> int:
    opened = START + timedelta(weeks=2 * number)
    pulse = open_round(
        session=session, now=opened, slot=f"tally:{number}", opened_by="test", times=TIMES
    )
    for person in people:
        if rng.random() < 0.2:
            continue
        scores = _scores(rng)
        if person is people[0]:
            scores = dict.fromkeys(Dimension, 0)  # no contact at all: responded, no index
        save_overall(
            session=session,
            round_id=pulse.id,
            person=person,
            now=opened + timedelta(hours=1),
            scores=scores,
            comment=None,
        )
        if rng.random() < 0.4:
            # Answers change while the round is open: the stored tally follows them.
            save_overall(
                session=session,
                round_id=pulse.id,
                person=person,
                now=opened + timedelta(hours=2),
                scores=_scores(rng),
                comment="changed my mind",
            )
    if close:
        close_round(session=session, now=opened + timedelta(days=5), by="test")
    return pulse.id


def _answers_by_response(session: Session, round_id: int) -> dict[int, list[int]]:
    scores: dict[int, list[int]] = {}
    for response_id, score in session.execute(
        select(PulseAnswer.response_id, PulseAnswer.score)
        .join(PulseResponse)
        .where(PulseResponse.round_id == round_id)
    ):
        scores.setdefault(response_id, []).append(score)
    return scores


def _tallies_from_answers(session: Session, round_id: int) -> dict[Side, Tally]:
    """The health index's raw material by side, straight from the answers."""
    sides = dict(
        session.execute(
            select(PulseResponse.id, PulseResponse.side).where(PulseResponse.round_id == round_id)
        ).all()
    )
    tallies = dict.fromkeys(Side, Tally())
    for response_id, scores in _answers_by_response(session, round_id).items():
        side = sides[response_id]
        tallies[side] = tallies[side].add([s for s in scores if s > 0])
    return tallies


@pytest.fixture
def rounds(sessions: SessionFactory) -> list[int]:
    """Three closed rounds answered through the domain service, and one still open."""
    rng = random.Random(11)
    with sessions.begin() as session:
        people = _people(session)
        ids = [_round(session, rng, people, number) for number in range(3)]
        _round(session, rng, people, 3, close=False)
    return ids


def test_each_response_keeps_the_count_and_sum_of_its_answers(
    sessions: SessionFactory, rounds: list[int]
) -> None:
    with sessions.begin() as session:
        stored = {
            response_id: (count, total)
            for response_id, count, total in session.execute(
                select(PulseResponse.id, PulseResponse.answer_count, PulseResponse.answer_total)
            )
        }
        answers: dict[int, list[int]] = {}
        for round_id in session.scalars(select(PulseResponse.round_id).distinct()):
            answers.update(_answers_by_response(session, round_id))
    assert stored and set(stored) == set(answers)
    for response_id, scores in answers.items():
        given = [s for s in scores if s > 0]
        assert stored[response_id] == (len(given), sum(given))
    assert (0, 0) in stored.values()  # the one who had no contact at all


@pytest.mark.parametrize("min_group", [1, 3, 5])
def test_the_trend_equals_the_index_computed_from_the_answers(
    sessions: SessionFactory, rounds: list[int], min_group: int
) -> None:
    with sessions.begin() as session:
        points = trend(session=session, min_group=min_group)
        expected = {r: _tallies_from_answers(session, r) for r in rounds}
        responded = {
            r: len(
                session.scalars(select(PulseResponse.id).where(PulseResponse.round_id == r)).all()
            )
            for r in rounds
        }
    assert [p.round_id for p in points] == rounds  # the open round is not in it
    for point in points:
        by_side = expected[point.round_id]
        overall = sum(by_side.values(), Tally())
        assert point.responded == responded[point.round_id]
        assert point.overall == cell(overall, min_group)
        sides = partition({s.value: t for s, t in by_side.items()}, min_group, overall)
        assert point.by_side == {s: sides[s.value] for s in Side}
    if min_group == 1:
        # Nothing hidden: every figure is the mean of the 1-4 answers.
        assert all(p.overall.shown and p.by_side[Side.OFFICER].shown for p in points)


def test_the_change_from_the_previous_round_uses_its_answers(
    sessions: SessionFactory, rounds: list[int]
) -> None:
    with sessions.begin() as session:
        report = round_report(session=session, round_id=rounds[-1], min_group=3)
        before = sum(_tallies_from_answers(session, rounds[-2]).values(), Tally())
        now = sum(_tallies_from_answers(session, rounds[-1]).values(), Tally())
    assert report.overall.index.value == pytest.approx(now.total / now.count)
    assert report.change is not None
    assert report.change.value == pytest.approx(now.total / now.count - before.total / before.count)
