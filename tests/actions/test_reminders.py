"""Overdue actions remind their owner on the due date and weekly after, each occasion once."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from relbot.db import SessionFactory
from relbot.domain.actions import (
    ReminderDue,
    claim_reminder,
    due_reminders,
    reminder_occasion,
    update_action,
)
from relbot.models import Action, ActionStatus
from tests.actions.council import ADMIN_EDITOR, NOW, add, council
from tests.directory_data import OFFICER

DUE = date(2027, 3, 10)


def test_the_occasions_are_the_due_date_then_every_seven_days() -> None:
    assert reminder_occasion(DUE, DUE - timedelta(days=1)) is None
    assert reminder_occasion(DUE, DUE) == DUE
    assert reminder_occasion(DUE, DUE + timedelta(days=6)) == DUE
    assert reminder_occasion(DUE, DUE + timedelta(days=7)) == DUE + timedelta(days=7)
    assert reminder_occasion(DUE, DUE + timedelta(days=20)) == DUE + timedelta(days=14)


def _claim_all(sessions: SessionFactory, today: date) -> list[ReminderDue]:
    with sessions.begin() as session:
        due = due_reminders(session=session, today=today)
        return [
            d
            for d in due
            if claim_reminder(session=session, action_id=d.action_id, occasion=d.occasion)
        ]


def test_each_occasion_reminds_the_owner_once_until_the_action_closes(
    sessions: SessionFactory, tmp_path: Path
) -> None:
    with sessions.begin() as session:
        council(session, tmp_path)
        number = add(session, "Pay on time", due=DUE).id
        add(session, "Publish contacts", due=DUE + timedelta(days=30))  # not due yet
    days = [DUE - timedelta(days=1), DUE, DUE, DUE + timedelta(days=3), DUE + timedelta(days=7)]
    claimed = [[(r.action_id, r.occasion) for r in _claim_all(sessions, day)] for day in days]
    assert claimed == [[], [(number, DUE)], [], [], [(number, DUE + timedelta(days=7))]]
    with sessions.begin() as session:
        assert session.get_one(Action, number).last_reminded_on == DUE + timedelta(days=7)
        [due] = due_reminders(session=session, today=DUE + timedelta(days=14))
        assert due == ReminderDue(
            number, DUE + timedelta(days=14), "Pay on time", DUE, OFFICER, DUE + timedelta(days=7)
        )
        update_action(
            session=session,
            editor=ADMIN_EDITOR,
            action_id=number,
            status=ActionStatus.DONE,
            now=NOW,
        )
    assert _claim_all(sessions, DUE + timedelta(days=14)) == []
    with sessions.begin() as session:
        # Claiming a closed action's occasion directly is refused too.
        assert not claim_reminder(
            session=session, action_id=number, occasion=DUE + timedelta(days=14)
        )


def test_two_processes_at_once_claim_an_occasion_once(
    engine: Engine, sessions: SessionFactory, tmp_path: Path
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one process by design")
    with sessions.begin() as session:
        council(session, tmp_path)
        number = add(session, "Pay on time", due=DUE).id
    start = threading.Barrier(4)
    claimed: list[bool] = []
    errors: list[BaseException] = []

    def remind() -> None:
        try:
            with sessions.begin() as session:
                [due] = due_reminders(session=session, today=DUE)  # all four see it due
                start.wait(10)
                won = claim_reminder(
                    session=session, action_id=due.action_id, occasion=due.occasion
                )
                time.sleep(0.2)  # hold the transaction open while the others try
            claimed.append(won)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=remind) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(claimed) == [False, False, False, True]
    with sessions.begin() as session:
        assert session.get_one(Action, number).last_reminded_on == DUE
