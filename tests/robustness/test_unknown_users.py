"""People relbot does not know, on every command, action, form and event: told whom to ask."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from relbot.jobs.pulse import PulseJobs
from relbot.models.pulse import Dimension
from relbot.slack.ids import Action, Callback, ProfileBlock, QueryBlock
from relbot.slack.metadata import (
    Metadata,
    MustHaveMetadata,
    ProfileMetadata,
    PulseMetadata,
    QueryMetadata,
)
from standin.harness import Harness
from standin.signing import block_action, view_submission
from standin.slack_api import TEAM_ID
from tests.conftest import ADMIN
from tests.directory_data import OFFICER, PROVIDER, STRANGER
from tests.robustness.support import answers, assert_clear

DIRECTORY = "relbot's directory"
# Officer-only answers refuse anyone else, strangers included, without saying more.
OFFICERS_ONLY = ("for council officers",)


@pytest.fixture
def open_rounds(council: Harness, jobs: PulseJobs) -> Harness:
    jobs.open(now=datetime.now(UTC), slot="manual:strangers", by=ADMIN)
    council.command("open-round Strangers", user_id=ADMIN, command="/musthave")
    council.settle()
    return council


def said(harness: Harness, send: Any) -> str:
    harness.slack.reset()
    reply = send()
    assert reply.status == 200
    return assert_clear(answers(harness, reply))


@pytest.mark.parametrize(
    ("command", "text"),
    [
        ("/relbot", "profile"),
        ("/relbot", "pulse"),
        ("/musthave", ""),
        ("/musthave", "list"),
        ("/musthave", "remove 1"),
        ("/musthave", "Pay invoices on time"),
        ("/query", ""),
        ("/query", "list"),
        ("/query", "Finance when will we be paid?"),
        ("/voice", "Payments are late again"),
    ],
)
def test_commands_tell_a_stranger_they_are_not_in_the_directory(
    open_rounds: Harness, command: str, text: str
) -> None:
    answer = said(open_rounds, lambda: open_rounds.command(text, user_id=STRANGER, command=command))
    assert DIRECTORY in answer
    assert open_rounds.slack.calls_to("views.open") == []


@pytest.mark.parametrize("text", ["digest", "voice"])
def test_officer_only_commands_refuse_a_stranger(open_rounds: Harness, text: str) -> None:
    answer = said(open_rounds, lambda: open_rounds.command(text, user_id=STRANGER))
    refusal = {
        "digest": "The digest preview is for council officers",
        "voice": "Sorry, the provider-voice summary is for council officers and admins.",
    }
    assert answer.startswith(refusal[text]), answer
    # The refusal, and nothing of what it guards.
    assert "Health index" not in answer and "Most supported" not in answer
    assert len(answer) < 300, answer


@pytest.mark.parametrize("action", [Action.OPEN_PROFILE, Action.OPEN_PULSE])
def test_home_buttons_tell_a_stranger(open_rounds: Harness, action: Action) -> None:
    payload = block_action(user_id=STRANGER, action_id=action.value)
    answer = said(open_rounds, lambda: open_rounds.interact(payload))
    assert DIRECTORY in answer
    assert open_rounds.slack.calls_to("views.open") == []


def test_query_buttons_and_recategorising_refuse_a_stranger(open_rounds: Harness) -> None:
    open_rounds.command("Finance when will we be paid?", user_id=PROVIDER, command="/query")
    open_rounds.settle()
    for action in (Action.QUERY_RESPOND, Action.QUERY_RESOLVE, Action.QUERY_REASSIGN):
        payload = {
            **block_action(user_id=STRANGER, action_id=action.value, value="1"),
            "response_url": open_rounds.slack.response_url(),
        }
        assert "Only the person who asked" in said(
            open_rounds, lambda p=payload: open_rounds.interact(p)
        )
    payload = block_action(user_id=STRANGER, action_id=Action.MUST_HAVE_CATEGORY.value)
    payload["response_url"] = open_rounds.slack.response_url()
    assert "Only relbot admins" in said(open_rounds, lambda: open_rounds.interact(payload))


def test_the_query_shortcut_tells_a_stranger(open_rounds: Harness) -> None:
    payload = {
        "type": "message_action",
        "callback_id": Callback.LOG_QUERY_SHORTCUT.value,
        "team": {"id": TEAM_ID, "domain": "council"},
        "user": {"id": STRANGER, "team_id": TEAM_ID},
        "channel": {"id": "C0GENERAL", "name": "general"},
        "message": {"type": "message", "text": "When is the invoice paid?", "ts": "1.000001"},
        "trigger_id": "trig-short",
        "response_url": open_rounds.slack.response_url(),
    }
    assert DIRECTORY in said(open_rounds, lambda: open_rounds.interact(payload))
    assert open_rounds.slack.calls_to("views.open") == []


def _submit(
    harness: Harness, callback: Callback, metadata: str, values: dict[str, Any], user: str
) -> str:
    view = {"id": "VSTRANGE", "type": "modal", "callback_id": callback.value}
    view["private_metadata"] = metadata
    return said(
        harness,
        lambda: harness.interact(view_submission(user_id=user, view=view, values=values)),
    )


def _text(block: str, value: str) -> dict[str, Any]:
    return {block: {"a": {"type": "plain_text_input", "value": value}}}


def _forms(owner: str) -> list[tuple[Callback, Metadata, dict[str, Any]]]:
    """Every form relbot opens, as `owner` would submit it (the ratings left unanswered)."""
    department = {
        QueryBlock.DEPARTMENT.value: {
            "a": {"type": "static_select", "selected_option": {"value": "1"}}
        }
    }
    return [
        (Callback.PROFILE, ProfileMetadata(slack_user_id=owner, side="provider"), _text(ProfileBlock.NAME, "Sam")),
        (Callback.QUERY_MODAL, QueryMetadata(slack_user_id=owner), {**_text(QueryBlock.TEXT, "Hi"), **department}),
        (Callback.QUERY_REASSIGN, QueryMetadata(slack_user_id=owner, ticket_id=1), department),
        (Callback.MUST_HAVE_MODAL, MustHaveMetadata(slack_user_id=owner, collection_id=1), _text("must_have_1", "Pay on time")),
        (Callback.PULSE_OVERALL, PulseMetadata(slack_user_id=owner, round_id=1), {d.value: {"a": {"type": "radio_buttons", "selected_option": {"value": "3"}}} for d in Dimension}),
        (Callback.PULSE_DEPARTMENTS, PulseMetadata(slack_user_id=owner, round_id=1), {}),
        (Callback.PULSE_RATINGS, PulseMetadata(slack_user_id=owner, round_id=1, departments=(1,)), {}),
    ]  # fmt: skip


def test_forms_submitted_by_a_stranger_say_so(open_rounds: Harness) -> None:
    for callback, metadata, values in _forms(STRANGER):
        if callback is Callback.QUERY_REASSIGN:
            continue  # an admin outside the directory may reassign; a stranger is refused later
        answer = _submit(open_rounds, callback, metadata.dump(), values, STRANGER)
        assert DIRECTORY in answer, (callback, answer)


def test_forms_submitted_by_someone_else_say_they_are_not_theirs(open_rounds: Harness) -> None:
    for callback, metadata, values in _forms(PROVIDER):
        answer = _submit(open_rounds, callback, metadata.dump(), values, OFFICER)
        said_lines = {line for line in answer.splitlines() if line}
        assert said_lines == {"This form belongs to someone else."}, (callback, answer)
        assert open_rounds.slack.calls == [], callback


def test_app_home_welcomes_a_stranger(open_rounds: Harness) -> None:
    event = {"type": "app_home_opened", "user": STRANGER, "tab": "home"}
    open_rounds.slack.reset()
    assert open_rounds.event(event, event_id="EvStranger").status == 200
    open_rounds.settle()
    [published] = open_rounds.slack.calls_to("views.publish")
    assert DIRECTORY in assert_clear([published.params["view"]])
