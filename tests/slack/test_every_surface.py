"""A quarter of a council's life, seen by everyone in it: each person's App Home and every
command's answer reach the stand-in, which holds them to what Slack accepts (the check
after every test, in conftest.py), whatever builder made them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from relbot.domain.digest.data import DigestWeek
from relbot.models import Person
from relbot.models.enums import Side
from standin.harness import Harness
from standin.surfaces import SEEN
from tests.conftest import ADMIN
from tests.digest.council import load_quarter

COMMANDS = [
    ("/relbot", "help"),
    ("/relbot", "nonsense <b>&"),
    ("/relbot", "contacts"),
    ("/relbot", "contacts finance"),
    ("/relbot", "contacts <!channel> & no such department"),
    ("/relbot", "digest"),
    ("/relbot", "voice"),
    ("/relbot", "action list"),
    ("/query", "list"),
    ("/query", "nowhere <what> & why"),
    ("/musthave", "help"),
    ("/musthave", "list"),
    ("/musthave", "remove 9"),
    ("/voice", ""),
]


def test_every_home_and_every_command_of_a_quarter_is_what_slack_accepts(
    harness: Harness, tmp_path: Path
) -> None:
    week = DigestWeek.of(datetime.now(UTC), harness.settings.zone)
    load_quarter(harness.sessions, harness.settings, tmp_path, week)
    with harness.sessions.begin() as session:
        people = session.execute(select(Person.slack_user_id, Person.side)).all()
    for number, (person, _) in enumerate(people):
        harness.event(
            {"type": "app_home_opened", "user": person, "tab": "home"}, event_id=f"Ev{number}"
        )
    harness.settle()
    assert len(harness.slack.calls_to("views.publish")) == len(people)
    officer = next(p for p, side in people if side is Side.OFFICER)
    provider = next(p for p, side in people if side is Side.PROVIDER)
    for user in (officer, provider, ADMIN, "U0NOBODY99"):
        for command, text in COMMANDS:
            assert harness.command(text, user_id=user, command=command).status == 200
    harness.settle()
    answered = harness.slack.calls_to("response_url") + harness.slack.calls_to("views.open")
    assert len(answered) >= len(COMMANDS)
    assert SEEN.take() == []
