"""The schedule DMs an overdue action's owner on the due date and a week after, once each,
however many ticks and processes run, with a button to update it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.domain.actions import update_action
from relbot.models import ActionStatus
from relbot.slack.ids import Action
from standin.slack_api import SlackStandIn
from tests.actions.council import ADMIN_EDITOR, NOW, add, council
from tests.actions.slackcalls import action_jobs, button, posts, tick_together
from tests.directory_data import OFFICER

DUE = date(2027, 3, 10)  # a Wednesday; London is on GMT until 28 March


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def _actions(sessions: SessionFactory, folder: Path) -> int:
    with sessions.begin() as session:
        council(session, folder)
        number = add(session, "Pay every invoice within 14 days", due=DUE).id
        add(session, "Publish <!channel> contacts", due=DUE + timedelta(days=30))  # not due
        return number


def test_the_owner_is_reminded_on_the_due_date_and_a_week_after_once_each(
    settings: Settings, sessions: SessionFactory, slack: SlackStandIn, tmp_path: Path
) -> None:
    number = _actions(sessions, tmp_path)
    jobs = action_jobs(settings, sessions)
    jobs.tick(_at(DUE - timedelta(days=1), 10))
    jobs.tick(_at(DUE, 8, 59))  # the date has come, working hours not yet
    assert posts(slack) == []

    tick_together([action_jobs(settings, sessions), action_jobs(settings, sessions)], _at(DUE, 9))
    for day in range(7):
        jobs.tick(_at(DUE + timedelta(days=day), 15))
    tick_together(
        [action_jobs(settings, sessions), action_jobs(settings, sessions)],
        _at(DUE + timedelta(days=7), 9, 30),
    )
    jobs.tick(_at(DUE + timedelta(days=7), 16))
    jobs.tick(_at(DUE + timedelta(days=13), 16))

    sent = posts(slack)
    assert [(c.params["channel"], c.status) for c in sent] == [(OFFICER, 200), (OFFICER, 200)]
    assert [c.params["text"] for c in sent] == [
        ":alarm_clock: Your action *Pay every invoice within 14 days* is due today.",
        ":alarm_clock: Your action *Pay every invoice within 14 days* was due on "
        "Wednesday 10 March 2027: 7 days overdue.",
    ]
    assert [(button(c)["action_id"], button(c)["value"]) for c in sent] == [
        (Action.ACTION_UPDATE, str(number)),
        (Action.ACTION_UPDATE, str(number)),
    ]
    assert button(sent[0])["text"]["text"] == "Update it"

    with sessions.begin() as session:
        update_action(
            session=session,
            editor=ADMIN_EDITOR,
            action_id=number,
            status=ActionStatus.DONE,
            now=NOW,
        )
    jobs.tick(_at(DUE + timedelta(days=14), 10))
    assert len(posts(slack)) == 2  # done: no more reminders


def test_an_unclear_reminder_is_not_sent_again_for_that_occasion(
    settings: Settings, sessions: SessionFactory, slack: SlackStandIn, tmp_path: Path
) -> None:
    _actions(sessions, tmp_path)
    slack.fail("chat.postMessage", status=500, error="internal_error")  # Slack may have sent it
    jobs = action_jobs(settings, sessions)
    jobs.tick(_at(DUE, 10))
    jobs.tick(_at(DUE, 11))
    jobs.tick(_at(DUE + timedelta(days=3), 10))
    assert [c.status for c in posts(slack)] == [500]
    jobs.tick(_at(DUE + timedelta(days=7), 10))
    assert [c.status for c in posts(slack)] == [500, 200]
    assert "7 days overdue" in posts(slack)[1].params["text"]


def test_a_reminder_slack_asked_to_wait_for_is_sent_on_the_next_pass(
    settings: Settings, sessions: SessionFactory, slack: SlackStandIn, tmp_path: Path
) -> None:
    _actions(sessions, tmp_path)
    slack.throttle("chat.postMessage", times=10, retry_after=0)  # beyond the client's waits
    jobs = action_jobs(settings, sessions)
    jobs.tick(_at(DUE, 10))
    assert [c.status for c in posts(slack)] and all(c.status == 429 for c in posts(slack))
    slack.reset()
    jobs.tick(_at(DUE, 11))
    jobs.tick(_at(DUE, 12))
    assert [c.status for c in posts(slack)] == [200]  # once, on the next pass
    assert "is due today" in posts(slack)[0].params["text"]


def test_a_title_is_shown_as_typed_without_pinging_anyone(
    settings: Settings, sessions: SessionFactory, slack: SlackStandIn, tmp_path: Path
) -> None:
    _actions(sessions, tmp_path)
    action_jobs(settings, sessions).tick(_at(DUE + timedelta(days=31), 10))
    texts = [c.params["text"] for c in posts(slack)]
    assert texts == [
        ":alarm_clock: Your action *Pay every invoice within 14 days* was due on "
        "Wednesday 10 March 2027: 31 days overdue.",
        ":alarm_clock: Your action *Publish &lt;!channel&gt; contacts* was due on "
        "Friday 9 April 2027: 1 day overdue.",
    ]
