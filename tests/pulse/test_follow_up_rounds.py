"""Which done actions a round asks about: done long enough before it opened, at most two a
round (the oldest done first), each once ever; dropped or reopened ones never. Both
databases; and the answers' own rules."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from relbot.db import SessionFactory
from relbot.domain.actions import update_action
from relbot.domain.pulse.answers import AnswerError, save_overall
from relbot.domain.pulse.follow_ups import round_follow_ups, save_follow_ups
from relbot.domain.pulse.rounds import RoundTimes, close_round, current_round, open_round
from relbot.models import Person, PulseFollowUpAnswer, TargetKind
from relbot.models.actions import ActionStatus
from relbot.models.pulse import Dimension
from tests.actions.council import ADMIN_EDITOR, NOW, add, council
from tests.directory_data import PROVIDER

TIMES = RoundTimes(5, 2, follow_up_days=28)


def _done(session: Session, title: str, days_after: int, *answers: tuple[TargetKind, str]) -> int:
    """An action made at NOW and done `days_after` days later."""
    action = add(session, title, *answers)
    update_action(
        session=session,
        editor=ADMIN_EDITOR,
        action_id=action.id,
        status=ActionStatus.DONE,
        now=NOW + timedelta(days=days_after),
    )
    return action.id


def _round(session: Session, day: int) -> int:
    """Close any open round, then open one `day` days after NOW."""
    if current_round(session=session) is not None:
        close_round(session=session, now=NOW + timedelta(days=day - 1), by="test")
    opened = NOW + timedelta(days=day)
    return open_round(session=session, now=opened, slot=f"d{day}", opened_by="test", times=TIMES).id


def _asked(session: Session, round_id: int) -> list[str]:
    return [q.title for q in round_follow_ups(session=session, round_id=round_id)]


def test_at_most_two_a_round_the_oldest_first_each_once(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        council(session, tmp_path)
        _done(session, "Third done", 3)
        _done(session, "First done", 1)
        _done(session, "Second done", 2)
        _done(session, "Done too late", 20)
        dropped = add(session, "Dropped")
        update_action(
            session=session,
            editor=ADMIN_EDITOR,
            action_id=dropped.id,
            status=ActionStatus.DROPPED,
            now=NOW,
        )
        reopened = _done(session, "Reopened", 1)
        update_action(
            session=session,
            editor=ADMIN_EDITOR,
            action_id=reopened,
            status=ActionStatus.IN_PROGRESS,
            note="Not finished after all",
            now=NOW + timedelta(days=2),
        )

        assert _asked(session, _round(session, 30)) == ["First done", "Second done"]
        # 48 days on, the one done on day 20 has waited 28 days: it joins the third.
        assert _asked(session, _round(session, 40)) == ["Third done"]
        assert _asked(session, _round(session, 48)) == ["Done too late"]
        assert _asked(session, _round(session, 90)) == []


def test_without_follow_up_days_a_round_asks_nothing(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        council(session, tmp_path)
        _done(session, "Done long ago", 1)
        pulse = open_round(
            session=session,
            now=NOW + timedelta(days=60),
            slot="plain",
            opened_by="test",
            times=RoundTimes(5, 2),
        )
        assert _asked(session, pulse.id) == []


def test_the_answers_rules(sessions: SessionFactory, tmp_path: Path) -> None:
    with sessions.begin() as session:
        council(session, tmp_path)
        _done(session, "Monthly finance surgery", 1, (TargetKind.DEPARTMENT, "Finance"))
        _done(session, "Forum for small providers", 1, (TargetKind.CATEGORY, "Responsiveness"))
        round_id = _round(session, 30)
        finance, forum = round_follow_ups(session=session, round_id=round_id)
        assert (finance.subject, finance.dimension) == ("working with Finance", None)
        assert (forum.subject, forum.dimension) == ("responsiveness", None)
        priya = session.scalars(select(Person).where(Person.slack_user_id == PROVIDER)).one()
        at = NOW + timedelta(days=30, hours=1)

        def save(scores: dict[int, int]) -> None:
            save_follow_ups(session=session, round_id=round_id, person=priya, now=at, scores=scores)

        with pytest.raises(AnswerError, match="council as a whole first"):
            save({finance.id: 3, forum.id: 0})
        save_overall(
            session=session,
            round_id=round_id,
            person=priya,
            now=at,
            scores=dict.fromkeys(Dimension, 3),
            comment=None,
        )
        with pytest.raises(AnswerError, match="1 left"):
            save({finance.id: 3})
        with pytest.raises(AnswerError, match="1 to 4, or not noticed"):
            save({finance.id: 5, forum.id: 0})
        save({finance.id: 3, forum.id: 0})
        save({finance.id: 4, forum.id: 0})
        kept = session.execute(
            select(PulseFollowUpAnswer.follow_up_id, PulseFollowUpAnswer.score).order_by(
                PulseFollowUpAnswer.follow_up_id
            )
        ).all()
        assert kept == [(finance.id, 4), (forum.id, 0)]
        close_round(session=session, now=at, by="test")
        with pytest.raises(AnswerError, match="closed"):
            save({finance.id: 1, forum.id: 1})
