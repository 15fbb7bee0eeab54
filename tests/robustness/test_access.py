"""Who may see and do what: admin commands, officer-only views, and the minimum group size."""

from __future__ import annotations

import csv
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from relbot.cli.commands.report import export
from relbot.cli.demo.simulate import simulate_rounds
from relbot.cli.parser import build_parser
from relbot.models import AuditEntry
from relbot.models.musthaves import MustHaveCollection
from relbot.slack.ids import Action
from standin.harness import Harness
from standin.signing import block_action
from tests.conftest import ADMIN
from tests.directory_data import OFFICER, PROVIDER
from tests.robustness.support import answers, assert_clear
from tests.slack.blocktext import block_text


def said(harness: Harness, text: str, user: str, command: str = "/relbot") -> str:
    harness.slack.reset()
    reply = harness.command(text, user_id=user, command=command)
    assert reply.status == 200
    return assert_clear(answers(harness, reply), text)


def _rounds(harness: Harness) -> int | None:
    with harness.sessions.begin() as session:
        return session.scalar(select(func.count()).select_from(MustHaveCollection))


@pytest.mark.parametrize("user", [PROVIDER, OFFICER])
@pytest.mark.parametrize("text", ["open-round Q9", "OPEN-ROUND  Q9", "close-round", "review"])
def test_admin_subcommands_are_refused_to_everyone_else(
    council: Harness, user: str, text: str
) -> None:
    before = _rounds(council)
    answer = said(council, text, user, command="/musthave")
    assert "Only relbot admins" in answer
    assert _rounds(council) == before


@pytest.mark.parametrize("user", [PROVIDER, OFFICER])
def test_recategorising_is_refused_to_everyone_else(council: Harness, user: str) -> None:
    council.command("open-round Q9", user_id=ADMIN, command="/musthave")
    council.settle()
    say = council.command("Pay invoices on time", user_id=PROVIDER, command="/musthave")
    assert say.status == 200
    council.settle()
    with council.sessions.begin() as session:
        audits = session.scalar(select(func.count()).select_from(AuditEntry))
    payload = block_action(user_id=user, action_id=Action.MUST_HAVE_CATEGORY.value)
    payload["actions"][0].update(
        {"type": "static_select", "block_id": "mh_1", "selected_option": {"value": "other"}}
    )
    payload["response_url"] = council.slack.response_url()
    council.slack.reset()
    reply = council.interact(payload)
    assert reply.status == 200
    assert "Only relbot admins can re-categorise" in assert_clear(answers(council, reply))
    with council.sessions.begin() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == audits


@pytest.mark.parametrize(
    ("text", "refusal"),
    [("digest", "for council officers"), ("voice", "for council officers and admins")],
)
def test_providers_are_refused_officer_views(council: Harness, text: str, refusal: str) -> None:
    answer = said(council, text, PROVIDER)
    assert refusal in answer
    assert "Health index" not in answer and "Most supported" not in answer


def _home(harness: Harness, user: str) -> str:
    harness.slack.reset()
    event = {"type": "app_home_opened", "user": user, "tab": "home"}
    assert harness.event(event, event_id=f"EvHome{user}").status == 200
    harness.settle()
    [published] = harness.slack.calls_to("views.publish")
    return assert_clear([published.params["view"]])


def test_a_providers_home_shows_no_queue(council: Harness) -> None:
    council.command("Finance when are we paid?", user_id=PROVIDER, command="/query")
    council.settle()
    council.command("Safeguarding a concern", user_id="UOFFI0002", command="/query")
    council.settle()
    assert "open queries, oldest first" in _home(council, OFFICER)
    home = _home(council, PROVIDER)
    assert "open queries, oldest first" not in home
    # No query at all: a provider follows their own in their DM thread, not on the Home tab.
    assert "waiting for a first response" not in home
    assert "when are we paid" not in home
    assert "a concern" not in home


@pytest.fixture
def few_answered(council: Harness) -> Harness:
    """Two rounds answered by the council's four people: every group is under five."""
    with council.sessions.begin() as session:
        simulate_rounds(
            session=session,
            rng=random.Random(7),
            start=datetime.now(UTC) - timedelta(weeks=5),
            rounds=2,
            response_rate=1.0,
        )
    return council


def test_no_figure_under_the_minimum_group_in_digest_export_or_home(
    few_answered: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    digest = said(few_answered, "digest", OFFICER)
    assert "(s)" in digest
    assert not re.search(r"Health index: \d", digest)

    output = tmp_path / "export.csv"
    args = build_parser().parse_args(["export", "--output", str(output)])
    assert export(few_answered.settings, args) == 0
    rows = list(csv.DictReader(output.open(encoding="utf-8")))
    assert rows
    for row in rows:
        figure = row["breakdown"] in ("overall", "side", "department") or row["measure"] == "index"
        if figure and row["suppressed"] == "false" and row["respondents"]:
            assert int(row["respondents"]) >= few_answered.settings.min_group_size, row
    pulse = [r for r in rows if r["measure"] == "index"]
    assert pulse and all(r["value"] == "" for r in pulse)

    for user in (OFFICER, PROVIDER):
        home = _home(few_answered, user)
        assert "Health index" not in home and "/ 4" not in home
    assert block_text([]) == ""
