"""Actions from Slack end to end, through signed requests and the stand-in on both databases:
an officer turns a provider-voice item into an action, updates it and marks it done; a
provider sees it from the hub and App Home, and may not change it."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from relbot.config import Settings
from relbot.domain.action_views import WeekOfActions
from relbot.domain.voice.items import VoiceMessage, record_message
from relbot.models import Action, ActionTarget, VoiceItem
from relbot.models.actions import ActionStatus, TargetKind
from relbot.models.pulse import Dimension
from relbot.slack.actions.blocks import digest_lines
from relbot.slack.ids import Action as ActionId
from relbot.slack.ids import Callback
from standin.harness import Harness
from standin.signing import block_action, view_submission
from tests.conftest import ADMIN
from tests.directory_data import OFFICER, PROVIDER
from tests.slack.blocktext import block_text

VOICE = "C0VOICE01"
RAISED = "Invoices from <Oak> are paid late again"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    update = {"provider_voice_channel": VOICE, "provider_channels": ("C0PROVA01",)}
    return settings.model_copy(update=update)


def _item(council: Harness) -> int:
    ts = f"{time.time() - 86400:.6f}"
    with council.sessions.begin() as session:
        item = record_message(
            session=session,
            message=VoiceMessage(VOICE, ts, None, PROVIDER, RAISED),
            categories=(),
        )
        assert item is not None
        return item.id


def _press(council: Harness, user: str, action: ActionId, value: str) -> dict[str, Any]:
    payload = block_action(user_id=user, action_id=action.value, value=value)
    payload["response_url"] = council.slack.response_url()
    council.slack.reset()
    assert council.interact(payload).status == 200
    council.settle()
    return payload


def _opened(council: Harness) -> dict[str, Any]:
    [opened] = council.slack.calls_to("views.open")
    return {**opened.params["view"], "id": "VACTION1"}


def _said(council: Harness) -> str:
    [said] = council.slack.calls_to("response_url")
    assert said.params["response_type"] == "ephemeral"
    return block_text(said.params["blocks"])


def _state(**fields: Any) -> dict[str, Any]:
    """A submitted form's state, by block id: text, chosen options, a user, a date."""
    state: dict[str, Any] = {}
    for block, value in fields.items():
        if block in ("title", "note"):
            state[block] = {"a": {"type": "plain_text_input", "value": value}}
        elif block == "status":
            state[block] = {"a": {"type": "radio_buttons", "selected_option": {"value": value}}}
        elif block == "owner":
            state[block] = {"a": {"type": "users_select", "selected_user": value}}
        elif block == "due":
            state[block] = {"a": {"type": "datepicker", "selected_date": value}}
        else:
            options = [{"value": v} for v in value]
            state[block] = {"a": {"type": "multi_static_select", "selected_options": options}}
    return state


def _submit(council: Harness, user: str, view: dict[str, Any], **fields: Any) -> Any:
    council.slack.reset()
    reply = council.interact(view_submission(user_id=user, view=view, values=_state(**fields)))
    assert reply.status == 200
    council.settle()
    return reply.json() if reply.body else None


def test_an_officer_turns_a_voice_item_into_an_action_and_providers_see_it(
    council: Harness,
) -> None:
    item_id = _item(council)
    due = (date.today() + timedelta(days=14)).isoformat()

    # The summary's button on the item: the form says what was raised, nothing of who.
    _press(council, OFFICER, ActionId.ACTION_NEW, f"voice:{item_id}")
    form = _opened(council)
    assert form["callback_id"] == Callback.ACTION_MODAL
    shown = block_text(form["blocks"])
    assert "Invoices from &lt;Oak&gt; are paid late again" in shown
    assert PROVIDER not in str(form)
    owner = next(b for b in form["blocks"] if b.get("block_id") == "owner")
    assert owner["element"]["initial_user"] == OFFICER

    # Bad input is shown beside its field, and nothing is saved.
    problems = _submit(council, OFFICER, form, title="  ", owner=OFFICER, due="2020-01-01")
    assert set(problems["errors"]) == {"title", "due"}
    refused = _submit(council, OFFICER, form, title="Pay in 14 days", owner=PROVIDER, due=due)
    assert "not an active council officer" in refused["errors"]["owner"]
    with council.sessions.begin() as session:
        assert session.scalars(select(Action)).first() is None

    saved = _submit(
        council,
        OFFICER,
        form,
        title="Pay invoices within 14 days",
        owner=OFFICER,
        due=due,
        dimensions=["responsiveness"],
    )
    assert saved is None
    [told] = council.slack.calls_to("chat.postMessage")
    assert told.params["channel"] == OFFICER and "is saved" in told.params["text"]
    with council.sessions.begin() as session:
        action = session.scalars(select(Action)).one()
        targets = {(t.kind, t.value) for t in session.scalars(select(ActionTarget))}
        item = session.get(VoiceItem, item_id)
        assert item is not None and item.action_linked_at is not None
        number = action.id
    assert targets == {(TargetKind.VOICE, str(item_id)), (TargetKind.DIMENSION, "responsiveness")}

    # Updated from App Home, then done.
    council.event({"type": "app_home_opened", "user": OFFICER, "tab": "home"}, event_id="EvH1")
    council.settle()
    home = block_text(council.slack.calls_to("views.publish")[-1].params["view"]["blocks"])
    assert "Pay invoices within 14 days" in home and "Update" in home
    for status, note in (("in_progress", "Finance has changed its payment run."), ("done", "")):
        _press(council, OFFICER, ActionId.ACTION_UPDATE, str(number))
        update = _opened(council)
        assert update["callback_id"] == Callback.ACTION_UPDATE_MODAL
        assert _submit(council, OFFICER, update, status=status, note=note) is None
    with council.sessions.begin() as session:
        done = session.get(Action, number)
        assert done is not None and done.status is ActionStatus.DONE and done.closed_at
        assert done.started_at is not None

    # A provider sees it from the hub and in App Home, in general words; they cannot edit.
    _press(council, PROVIDER, ActionId.HUB_SAID_DID, "hub_said_did")
    said = _said(council)
    assert "Pay invoices within 14 days" in said
    assert "something providers raised" in said and "Responsiveness" in said
    assert "Finance has changed its payment run." in said and "Done" in said
    assert "Oak" not in said and PROVIDER not in said and "Olu" not in said  # no owner shown
    council.event({"type": "app_home_opened", "user": PROVIDER, "tab": "home"}, event_id="EvH2")
    council.settle()
    provider_home = block_text(council.slack.calls_to("views.publish")[-1].params["view"]["blocks"])
    assert "You said, we did" in provider_home and "Pay invoices within 14 days" in provider_home
    for button, value in ((ActionId.ACTION_NEW, "home"), (ActionId.ACTION_UPDATE, str(number))):
        _press(council, PROVIDER, button, value)
        assert "Only council officers and relbot admins" in _said(council)
        assert council.slack.calls_to("views.open") == []


def test_the_owner_is_shown_to_providers_only_when_the_council_allows_it(
    council: Harness,
) -> None:
    council.settings.actions_show_owner = True  # the running app reads these same settings
    _press(council, OFFICER, ActionId.ACTION_NEW, "department:finance")
    form = _opened(council)
    departments = next(b for b in form["blocks"] if b.get("block_id") == "departments")
    assert [o["text"]["text"] for o in departments["element"]["initial_options"]] == ["Finance"]
    chosen = [o["value"] for o in departments["element"]["initial_options"]]
    due = (date.today() + timedelta(days=3)).isoformat()
    _submit(
        council, OFFICER, form, title="Name a contact", owner=OFFICER, due=due, departments=chosen
    )
    _press(council, PROVIDER, ActionId.HUB_SAID_DID, "hub_said_did")
    assert "Finance (Olu Okafor)" in _said(council)


def test_relbot_action_opens_the_form_and_lists_the_open_ones(council: Harness) -> None:
    council.command("action", user_id=OFFICER, trigger_id="trig-act")
    council.settle()
    assert _opened(council)["callback_id"] == Callback.ACTION_MODAL
    council.slack.reset()
    council.command("action list", user_id=ADMIN)
    council.settle()
    assert "No open actions" in _said(council)
    council.slack.reset()
    council.command("action", user_id=PROVIDER)
    council.settle()
    assert "Only council officers and relbot admins" in _said(council)


def test_a_lowest_areas_button_opens_the_form_with_its_dimension_chosen(
    council: Harness,
) -> None:
    # The value the digest's button carries (tests/digest/test_compose.py checks the digest).
    _press(council, OFFICER, ActionId.ACTION_NEW, f"dimension:{Dimension.TRUST.value}")
    form = _opened(council)
    chosen = next(b for b in form["blocks"] if b.get("block_id") == "dimensions")
    assert [o["value"] for o in chosen["element"]["initial_options"]] == ["trust"]
    assert digest_lines(WeekOfActions((), (), (), ())) == [
        "No action started, changed or fell due this week."
    ]
