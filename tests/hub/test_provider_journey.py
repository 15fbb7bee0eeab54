"""A provider of another workspace, unknown to relbot at first, does everything a provider
does, end to end through signed requests and the Slack stand-in, and never sends a slash
command (Slack would not deliver one from them): they enrol from the hub, answer a pulse
round they were reached for only in the shared channel, ask Finance a question and follow
it in their DMs (the officer's internal note never reaching them), keep three Must Haves,
and raise something anonymously."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from relbot.config import Settings
from relbot.domain.organisations import import_organisations, read_organisations
from relbot.domain.pulse.report import round_report
from relbot.jobs.pulse import PulseJobs
from relbot.models import MustHave, Person, PulseResponse, QueryTicket, VoiceItem
from relbot.models.enums import Side
from relbot.models.queries import QueryStatus
from relbot.slack.client import make_web_client
from relbot.slack.ids import Action, Callback
from standin.connect import BOT_USER_ID
from standin.harness import Harness
from standin.signing import block_action, view_submission
from tests.conftest import ADMIN
from tests.directory_data import OFFICER
from tests.pulse.modal import radio_state
from tests.slack.blocktext import block_text
from tests.slack.test_profile_and_home import _state

SHARED = "C0PROVA01"
VOICE = "C0VOICE01"
BIRCH_TEAM = "TBIRCH001"
BEA = "UBIRCH001"
DM = "D" + BEA.lstrip("U")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    update = {"provider_voice_channel": VOICE, "provider_channels": (SHARED,)}
    return settings.model_copy(update=update)


@pytest.fixture
def birch(council: Harness, tmp_path: Path) -> Harness:
    """Birch Care's workspace is listed; Bea of Birch is in the channel shared with relbot."""
    path = tmp_path / "organisations.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "slack_team_ids", "service_type", "org_size", "council_share"])
        writer.writerow(["Birch Care", BIRCH_TEAM, "residential", "large", "75-100"])
    with council.sessions.begin() as session:
        import_organisations(session=session, records=read_organisations(path), actor="test")
    council.slack.connect.external(BEA, BIRCH_TEAM, "Bea Birch")
    council.slack.connect.join(SHARED, BEA, BOT_USER_ID)
    return council


def _press(harness: Harness, action: Action, value: str | None = None) -> None:
    """Bea presses a button in the shared channel (the hub, or an announcement)."""
    payload = block_action(
        user_id=BEA, action_id=action.value, value=value or action.value, team_id=BIRCH_TEAM
    )
    payload["channel"] = {"id": SHARED, "name": "birch-and-council"}
    payload["container"] = {"type": "message", "channel_id": SHARED, "message_ts": "1.000100"}
    payload["response_url"] = harness.slack.response_url()
    harness.slack.reset()
    assert harness.interact(payload).status == 200
    harness.settle()


def _opened(harness: Harness) -> dict[str, Any]:
    [opened] = harness.slack.calls_to("views.open")
    view: dict[str, Any] = opened.params["view"]
    return view


def _submit(harness: Harness, view: dict[str, Any], state: dict[str, Any]) -> Any:
    harness.slack.reset()
    reply = harness.interact(
        view_submission(user_id=BEA, view=view, values=state, team_id=BIRCH_TEAM)
    )
    assert reply.status == 200
    harness.settle()
    return reply.json() if reply.body else None


def _in(harness: Harness, channel: str) -> list[dict[str, Any]]:
    return [
        c.params
        for c in harness.slack.calls_to("chat.postMessage")
        if c.params["channel"] == channel
    ]


def _event(harness: Harness, event_id: str, **event: Any) -> None:
    assert harness.event({"type": "message", **event}, event_id=event_id).status == 200
    harness.settle()


def test_a_provider_of_another_workspace_does_everything_from_the_hub(birch: Harness) -> None:
    council = birch
    jobs = PulseJobs(council.settings, council.sessions, make_web_client(council.settings))
    start = datetime.now(UTC) - timedelta(minutes=1)
    round_id, _ = jobs.open(now=start, slot="manual:journey", by=ADMIN)
    [announced] = _in(council, SHARED)  # the round, announced in the shared channel
    assert "Answer the pulse" in block_text(announced["blocks"])
    assert _in(council, BEA) == [] and _in(council, DM) == []  # Bea was never DMed

    # Unknown at first: the announcement's button asks for her details, and as Birch Care's
    # workspace is listed she is a provider of it at once.
    _press(council, Action.HUB_PULSE)
    details = _opened(council)
    assert details["callback_id"] == Callback.ENROL_DETAILS
    _submit(
        council, details, _state(details, name="Bea Birch", position="care_manager", area="south")
    )
    with council.sessions.begin() as session:
        bea = session.scalars(select(Person).where(Person.slack_user_id == BEA)).one()
        assert (bea.side, bea.organisation.name if bea.organisation else None) == (
            Side.PROVIDER,
            "Birch Care",
        )

    # The pulse, reached only through the channel.
    _press(council, Action.HUB_PULSE)
    pulse = _opened(council)
    assert pulse["callback_id"] == Callback.PULSE_OVERALL
    scores = radio_state(pulse, {d: "3" for d in _dimension_blocks(pulse)})
    chooser = _submit(council, pulse, scores)["view"]
    _submit(council, chooser, radio_state(chooser, {}))
    with council.sessions.begin() as session:
        report = round_report(session=session, round_id=round_id, min_group=1)
        answered = session.scalars(
            select(PulseResponse)
            .join(Person, Person.id == PulseResponse.person_id)
            .where(Person.slack_user_id == BEA)
        ).one_or_none()
    assert answered is not None
    assert report.responded[Side.PROVIDER] == 1 and report.invited[Side.PROVIDER] >= 1

    # A question to Finance, followed in her DMs.
    _press(council, Action.HUB_ASK)
    form = _opened(council)
    options = {o["text"]["text"]: o["value"] for o in form["blocks"][0]["element"]["options"]}
    _submit(
        council,
        form,
        {
            "department": {
                "query_input": {
                    "type": "static_select",
                    "selected_option": {"value": options["Finance"]},
                }
            },
            "text": {"query_input": {"type": "plain_text_input", "value": "When is INV-7 paid?"}},
        },
    )
    with council.sessions.begin() as session:
        ticket = session.scalars(select(QueryTicket)).one()
        queue_ts, dm_ts = str(ticket.queue_ts), str(ticket.dm_ts)
    assert "Your query #1 to Finance" in block_text(_in(council, DM)[0]["blocks"])
    council.slack.reset()
    thread = {"channel": "C0FINANCE", "channel_type": "channel", "thread_ts": queue_ts}
    note = "note: Bea's invoice is in the failed run"
    _event(council, "EvN", user=OFFICER, text=note, ts=f"{float(queue_ts) + 1:.6f}", **thread)
    _event(
        council,
        "EvA",
        user=OFFICER,
        text="Paid on Friday",
        ts=f"{float(queue_ts) + 2:.6f}",
        **thread,
    )
    [answer] = _in(council, DM)
    assert answer["thread_ts"] == dm_ts and answer["text"].endswith("Paid on Friday")
    mine = {"channel": DM, "channel_type": "im", "thread_ts": dm_ts}
    _event(council, "EvB", user=BEA, text="Thank you!", ts=f"{float(dm_ts) + 3:.6f}", **mine)
    [back] = _in(council, "C0FINANCE")
    assert back["thread_ts"] == queue_ts and back["text"].endswith("Thank you!")
    press = block_action(user_id=OFFICER, action_id=Action.QUERY_RESOLVE.value, value="1")
    press["response_url"] = council.slack.response_url()
    council.interact(press)
    council.settle()
    assert "marked your query resolved" in _in(council, DM)[-1]["text"]
    with council.sessions.begin() as session:
        assert session.scalars(select(QueryTicket.status)).one() is QueryStatus.RESOLVED
    reached_bea = [c.params for c in council.slack.calls if c.params.get("channel") == DM]
    assert "failed run" not in str(reached_bea)  # the internal note never left the queue

    # Three Must Haves, in one form.
    council.command("open-round Spring", user_id=ADMIN, command="/musthave")
    council.settle()
    _press(council, Action.HUB_MUST_HAVES)
    must_haves = _opened(council)
    fields = [b for b in must_haves["blocks"] if b["type"] == "input"]
    texts = ["Pay on time", "One named contact", "Meet each quarter"]
    _submit(
        council,
        must_haves,
        {
            f["block_id"]: {f["element"]["action_id"]: {"type": "plain_text_input", "value": t}}
            for f, t in zip(fields, texts, strict=True)
        },
    )
    with council.sessions.begin() as session:
        kept = session.scalars(
            select(MustHave.text)
            .join(Person, Person.id == MustHave.person_id)
            .where(Person.slack_user_id == BEA)
            .order_by(MustHave.id)
        ).all()
    assert list(kept) == texts

    # Something raised anonymously: posted by relbot, with no trace of her.
    _press(council, Action.HUB_RAISE)
    raise_form = _opened(council)
    _submit(
        council,
        raise_form,
        {"raise_text": {"a": {"type": "plain_text_input", "value": "Fees lag inflation"}}},
    )
    [posted] = _in(council, VOICE)
    assert BEA not in str(posted) and "Bea" not in str(posted)
    with council.sessions.begin() as session:
        [item] = session.scalars(select(VoiceItem)).all()
        assert (item.text, item.author_id) == ("Fees lag inflation", None)


def _dimension_blocks(view: dict[str, Any]) -> list[str]:
    return [
        b["block_id"]
        for b in view["blocks"]
        if b["type"] == "input" and b["element"]["type"] == "radio_buttons"
    ]
