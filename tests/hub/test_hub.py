"""The provider hub end to end: kept once in every provider channel, and each button doing
what its command does, through signed requests and the Slack stand-in."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from relbot.cli import main
from relbot.config import Settings
from relbot.jobs.hub import HubJobs
from relbot.jobs.pulse import PulseJobs
from relbot.models import HubMessage, Person, VoiceItem
from relbot.models.enums import Area
from relbot.slack.client import make_web_client
from relbot.slack.hub.blocks import BUTTONS
from relbot.slack.ids import Action, Callback
from relbot.slack.metadata import Metadata
from standin.harness import Harness
from standin.signing import block_action, view_submission
from standin.slack_api import SlackStandIn
from tests.conftest import ADMIN
from tests.directory_data import OFFICER, PROVIDER, STRANGER
from tests.slack.blocktext import block_text
from tests.slack.test_profile_and_home import _state

VOICE = "C0VOICE01"
SHARED = ("C0PROVA01", "C0PROVB01")
LABELS = [
    "Answer the pulse",
    "Ask the council",
    "My Must Haves",
    "Raise anonymously",
    "Council contacts",
    "You said, we did",
    "My details",
]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The usual settings with the provider-voice channel and two provider channels."""
    update = {"provider_voice_channel": VOICE, "provider_channels": SHARED}
    return settings.model_copy(update=update)


def _jobs(harness: Harness) -> HubJobs:
    return HubJobs(harness.settings, harness.sessions, make_web_client(harness.settings))


def _posts(slack: SlackStandIn) -> list[str]:
    return [c.params["channel"] for c in slack.calls_to("chat.postMessage")]


def test_the_hub_is_posted_once_in_each_provider_channel_and_refreshed_after(
    council: Harness,
) -> None:
    report = _jobs(council).keep(refresh=True)
    assert report.posted == [*SHARED, VOICE]
    [first, *_] = council.slack.calls_to("chat.postMessage")
    buttons = [
        e["text"]["text"]
        for b in first.params["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert buttons == LABELS == [label for _, label in BUTTONS]

    council.slack.reset()
    again = _jobs(council).keep(refresh=True)  # a restart, or `relbot hub` run again
    assert (again.posted, again.refreshed) == ([], [*SHARED, VOICE])
    assert _posts(council.slack) == []
    assert [c.params["channel"] for c in council.slack.calls_to("chat.update")] == [*SHARED, VOICE]
    council.slack.reset()
    listed = council.settings.model_copy(update={"provider_channels": (*SHARED, "C0PROVC01")})
    schedule = HubJobs(listed, council.sessions, make_web_client(listed))
    schedule.tick(datetime.now(UTC))  # the schedule posts only what is missing
    schedule.tick(datetime.now(UTC))
    assert _posts(council.slack) == ["C0PROVC01"]
    assert council.slack.calls_to("chat.update") == []


def test_two_processes_at_once_post_one_hub_in_each_channel(council: Harness) -> None:
    council.slack.answer_delay = 0.05
    jobs = [_jobs(council), _jobs(council)]
    threads = [threading.Thread(target=j.keep, kwargs={"refresh": False}) for j in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(_posts(council.slack)) == sorted([*SHARED, VOICE])


@pytest.fixture
def hub_operator(council: Harness, operator: Path, monkeypatch: pytest.MonkeyPatch) -> Harness:
    """`relbot` as an operator runs it against the council, from the environment alone."""
    token = council.settings.slack_bot_token
    assert token is not None
    monkeypatch.setenv("SLACK_BOT_TOKEN", token.get_secret_value())
    monkeypatch.setenv("SLACK_API_URL", council.settings.slack_api_url)
    monkeypatch.setenv("RELBOT_DATABASE_URL", council.settings.database_url)
    monkeypatch.setenv("RELBOT_PROVIDER_CHANNELS", ",".join(SHARED))
    return council


def test_a_hub_slack_may_have_posted_is_not_posted_again_and_a_deleted_one_is(
    hub_operator: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    council = hub_operator
    council.slack.fail("chat.postMessage", error="internal_error")
    assert main(["hub"]) == 1
    said = capsys.readouterr().out
    assert f"The hub's post in {SHARED[0]} was cut off before Slack confirmed it" in said
    assert f"Posted the hub in {SHARED[1]}." in said

    council.slack.reset()
    assert main(["hub"]) == 1  # still unconfirmed in the first channel: never posted again
    assert _posts(council.slack) == []
    assert f"Refreshed the hub in {SHARED[1]}." in capsys.readouterr().out

    council.slack.refuse("chat.update", "message_not_found")  # someone deleted it
    main(["hub"])
    assert _posts(council.slack) == [SHARED[1]]
    with council.sessions.begin() as session:
        rows = {h.channel: h.status.value for h in session.scalars(select(HubMessage))}
    assert rows == {SHARED[0]: "sending", SHARED[1]: "sent"}


def _press(harness: Harness, user: str, action: Action) -> dict[str, Any]:
    payload = block_action(user_id=user, action_id=action.value, value=action.value)
    payload["channel"] = {"id": SHARED[0], "name": "provider-a"}
    payload["container"] = {"type": "message", "channel_id": SHARED[0], "message_ts": "1.000100"}
    payload["response_url"] = harness.slack.response_url()
    harness.slack.reset()
    assert harness.interact(payload).status == 200
    harness.settle()
    return payload


def _private_text(harness: Harness) -> str:
    [said] = harness.slack.calls_to("response_url")
    assert said.params["response_type"] == "ephemeral" and not said.params["replace_original"]
    return block_text(said.params["blocks"])


def _opened(harness: Harness) -> str:
    [opened] = harness.slack.calls_to("views.open")
    return str(opened.params["view"]["callback_id"])


def test_each_button_does_what_its_command_does(council: Harness, jobs: PulseJobs) -> None:
    jobs.open(now=datetime.now(UTC), slot="manual:hub", by=ADMIN)
    _press(council, PROVIDER, Action.HUB_PULSE)
    assert _opened(council) == Callback.PULSE_OVERALL
    _press(council, PROVIDER, Action.HUB_ASK)
    assert _opened(council) == Callback.QUERY_MODAL
    _press(council, PROVIDER, Action.HUB_DETAILS)
    assert _opened(council) == Callback.PROFILE
    council.command("open-round Hub", user_id=ADMIN, command="/musthave")
    council.settle()
    _press(council, PROVIDER, Action.HUB_MUST_HAVES)
    assert _opened(council) == Callback.MUST_HAVE_MODAL
    _press(council, PROVIDER, Action.HUB_CONTACTS)
    assert "*Finance*" in _private_text(council)
    _press(council, PROVIDER, Action.HUB_SAID_DID)
    assert _private_text(council).startswith("Nothing yet.")
    assert _posts(council.slack) == []  # nothing a provider did here was shown to anyone else


def test_raise_anonymously_posts_without_a_name_and_refuses_officers(council: Harness) -> None:
    _press(council, OFFICER, Action.HUB_RAISE)
    assert "providers" in _private_text(council)
    assert council.slack.calls_to("views.open") == []

    _press(council, PROVIDER, Action.HUB_RAISE)
    [opened] = council.slack.calls_to("views.open")
    view = opened.params["view"]
    assert view["callback_id"] == Callback.HUB_RAISE
    assert Metadata.load(view["private_metadata"]).slack_user_id == PROVIDER
    text = {
        "raise_text": {"a": {"type": "plain_text_input", "value": "Invoices <b>late</b> again"}}
    }
    council.slack.reset()
    submitted = {**view, "id": "VRAISE1"}
    reply = council.interact(view_submission(user_id=PROVIDER, view=submitted, values=text))
    assert reply.status == 200
    assert reply.json()["response_action"] == "update"  # the form stays, saying "Posting…"
    assert "Posting it" in block_text(reply.json()["view"]["blocks"])
    council.settle()
    [posted] = council.slack.calls_to("chat.postMessage")
    assert posted.params["channel"] == VOICE and PROVIDER not in str(posted.params)
    assert "Invoices &lt;b&gt;late&lt;/b&gt; again" in block_text(posted.params["blocks"])
    # What became of it is said in the form, which Slack does not keep; no message to the
    # author stays anywhere beside the post's time.
    [told] = council.slack.calls_to("views.update")
    assert told.params["view_id"] == "VRAISE1"
    assert f"Posted anonymously in <#{VOICE}>" in block_text(told.params["view"]["blocks"])
    assert council.slack.calls_to("chat.postEphemeral") == []
    assert council.slack.calls_to("response_url") == []
    with council.sessions.begin() as session:
        [item] = session.scalars(select(VoiceItem))
        assert item.text == "Invoices <b>late</b> again"


def test_a_stranger_pressing_any_button_is_asked_for_their_details_first(
    council: Harness,
) -> None:
    for action, _ in BUTTONS:
        _press(council, STRANGER, action)
        assert _opened(council) == Callback.ENROL_DETAILS, action
        assert council.slack.calls_to("response_url") == []


def test_details_saved_from_the_hub_need_no_app_home(council: Harness) -> None:
    # Slack does not reliably show App Home to people of other workspaces: a Home it will not
    # publish after the save is no failure of the save.
    _press(council, PROVIDER, Action.HUB_DETAILS)
    [opened] = council.slack.calls_to("views.open")
    view = opened.params["view"]
    council.slack.reset()
    council.slack.refuse("views.publish", "not_allowed_token_type")
    values = _state(view, area="west")
    reply = council.interact(view_submission(user_id=PROVIDER, view=view, values=values))
    assert (reply.status, reply.body) == (200, b"")
    council.settle()
    with council.sessions.begin() as session:
        area = session.scalar(select(Person.area).where(Person.slack_user_id == PROVIDER))
    assert area is Area.WEST
    assert [c.status for c in council.slack.calls if c.method == "views.publish"] == [400]
    assert council.slack.calls_to("chat.postMessage") == []  # no apology for what was saved


def test_the_hub_goes_up_as_soon_as_relbot_is_added_to_a_provider_channel(
    council: Harness,
) -> None:
    from standin.connect import BOT_USER_ID

    council.slack.refuse("chat.postMessage", "not_in_channel", times=2)
    _jobs(council).keep(refresh=False)  # relbot is not in the channels yet
    council.slack.reset()

    def joined(user: str, channel: str, event_id: str) -> None:
        event = {"type": "member_joined_channel", "user": user, "channel": channel}
        assert council.event(event, event_id=event_id).status == 200
        council.settle()

    joined(PROVIDER, SHARED[0], "EvJ1")  # someone else joining changes nothing
    joined(BOT_USER_ID, "C0ELSEWHERE", "EvJ2")  # nor relbot joining another channel
    assert _posts(council.slack) == []
    joined(BOT_USER_ID, SHARED[0], "EvJ3")
    assert sorted(_posts(council.slack)) == sorted(SHARED)  # each missing hub, once
    joined(BOT_USER_ID, SHARED[1], "EvJ4")
    assert len(_posts(council.slack)) == 2
