"""`/relbot` through the HTTP endpoint: help, contacts, profile."""

from __future__ import annotations

import pytest

from standin.harness import Harness
from tests.directory_data import OFFICER, PROVIDER, STRANGER


def _respond_text(harness: Harness) -> str:
    [call] = harness.slack.wait_for("response_url")
    assert call.params["response_type"] == "ephemeral"
    return str(call.params["blocks"])


def test_unknown_subcommand_gets_help_with_a_note(council: Harness) -> None:
    reply = council.command("dance <!channel>", user_id=PROVIDER)
    blocks = str(reply.json()["blocks"])
    assert "I don't know `dance`" in blocks
    assert "/relbot contacts [department]" in blocks


def test_contacts_lists_every_department_decision_makers_first(council: Harness) -> None:
    assert council.command("contacts", user_id=PROVIDER).status == 200
    text = _respond_text(council)
    assert "*Finance* — Payments to providers &amp; invoices" in text
    assert "Queries go to <#C0FINANCE>" in text
    assert text.index(f"<@{OFFICER}>") < text.index("<@UOFFI0002>")
    assert f":star: <@{OFFICER}>, Head of service (decision maker)" in text
    assert "First response within 0.5 working days" in text
    assert text.index("*Finance*") < text.index("*Safeguarding*") < text.index("*Sourcing")


@pytest.mark.parametrize("asked", ["finance", "FIN", "payments", "invoices"])
def test_contacts_finds_a_department_by_name_prefix_or_alias(council: Harness, asked: str) -> None:
    council.command(f"contacts {asked}", user_id=PROVIDER)
    text = _respond_text(council)
    assert "*Finance*" in text and "*Safeguarding*" not in text


def test_unknown_department_is_named_and_known_ones_listed(council: Harness) -> None:
    council.command("contacts <@U999> housing", user_id=PROVIDER)
    text = _respond_text(council)
    assert "I don't know a department called “&lt;@U999&gt; housing”" in text
    assert "*Finance*, *Safeguarding*, *Sourcing and Placements*" in text
    assert "<@U999>" not in text


def test_ambiguous_prefix_is_not_guessed(council: Harness) -> None:
    council.command("contacts s", user_id=PROVIDER)
    assert "I don't know a department called “s”" in _respond_text(council)


def test_contacts_with_no_departments_says_how_to_add_them(harness: Harness) -> None:
    harness.command("contacts", user_id=PROVIDER)
    assert "relbot departments import" in _respond_text(harness)


def test_profile_opens_a_modal_with_the_persons_own_values(council: Harness) -> None:
    council.command("profile", user_id=PROVIDER, trigger_id="trig-123")
    [call] = council.slack.wait_for("views.open")
    assert call.params["trigger_id"] == "trig-123"
    view = call.params["view"]
    assert view["callback_id"] == "profile_modal"
    inputs = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs) == [
        "name",
        "email",
        "position",
        "area",
        "service_type",
        "org_size",
        "council_share",
    ]
    assert inputs["name"]["initial_value"] == "Priya Patel"
    assert inputs["area"]["initial_option"]["value"] == "north"
    assert inputs["council_share"]["initial_option"]["value"] == "25-50"
    assert [o["value"] for o in inputs["position"]["options"]] == [
        "owner",
        "director",
        "registered_manager",
        "care_manager",
        "frontline",
    ]
    assert "*Organisation:* Oak Home Care" in view["blocks"][0]["text"]["text"]


def test_officers_cannot_edit_provider_segments(council: Harness) -> None:
    council.command("profile", user_id=OFFICER)
    view = council.slack.wait_for("views.open")[0].params["view"]
    inputs = [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert inputs == ["name", "email", "position", "area"]
    assert "*Decision maker:* yes" in view["blocks"][0]["text"]["text"]


def test_profile_for_someone_not_in_the_directory(council: Harness) -> None:
    council.command("profile", user_id=STRANGER)
    text = _respond_text(council)
    assert "not in relbot's directory" in text and "<@UADMIN001>" in text
    assert council.slack.calls_to("views.open") == []


def test_rate_limited_views_open_is_retried_after_retry_after(council: Harness) -> None:
    council.slack.throttle("views.open", times=1, retry_after=1)
    council.command("profile", user_id=PROVIDER)
    council.slack.wait_for("views.open", timeout=6)
    statuses = [c.status for c in council.slack.calls if c.method == "views.open"]
    assert statuses == [429, 200]


def test_a_dropped_connection_to_slack_is_retried(council: Harness) -> None:
    council.slack.drop("views.open", times=1)
    council.command("profile", user_id=PROVIDER)
    council.slack.wait_for("views.open", timeout=6)
    statuses = [c.status for c in council.slack.calls if c.method == "views.open"]
    assert statuses == [0, 200]


def test_a_failure_reaches_the_person_with_a_reference(council: Harness) -> None:
    council.slack.throttle("views.open", times=10, retry_after=0)
    council.command("profile", user_id=PROVIDER)
    text = _respond_text(council)
    assert "something went wrong on my side" in text and "reference `" in text
