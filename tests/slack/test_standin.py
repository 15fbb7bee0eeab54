"""The Slack stand-in itself: where the benchmarks use it differently from the tests, and
the rules of Slack Connect it holds people of other organisations to."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from standin.harness import Harness
from standin.slack_api import BOT_USER_ID, TEAM_ID, SlackStandIn


def test_a_stand_in_that_keeps_no_calls_answers_and_refuses_as_slack_does() -> None:
    with SlackStandIn.running(keep_calls=False) as slack:
        client = WebClient(token=slack.token, base_url=slack.api_url)
        assert client.chat_postMessage(channel="C0QUEUE", text="hello")["ok"]
        stranger = WebClient(token="xoxb-not-ours", base_url=slack.api_url)
        with pytest.raises(SlackApiError) as refused:
            stranger.chat_postMessage(channel="C0QUEUE", text="hello")
        assert refused.value.response["error"] == "invalid_auth"
        assert slack.calls == []
        with pytest.raises(AssertionError, match="keeps no calls"):
            slack.calls_to("chat.postMessage")


def test_a_stand_in_keeps_every_call_by_default() -> None:
    with SlackStandIn.running() as slack:
        client = WebClient(token=slack.token, base_url=slack.api_url)
        client.chat_postMessage(channel="C0QUEUE", text="hello")
        assert [call.method for call in slack.calls_to("chat.postMessage")] == ["chat.postMessage"]


PROVIDER_TEAM = "T0PROVIDER"
OUTSIDER = "UEXTERN01"
SHARED = "C0SHARED"


def _refusal(call: Callable[[], object]) -> str:
    with pytest.raises(SlackApiError) as refused:
        call()
    return str(refused.value.response["error"])


def test_an_external_person_is_reached_only_while_they_share_a_channel_with_the_bot() -> None:
    with SlackStandIn.running() as slack:
        client = WebClient(token=slack.token, base_url=slack.api_url)
        slack.connect.external(OUTSIDER, PROVIDER_TEAM, "Sam Provider")
        assert _refusal(lambda: client.conversations_open(users=OUTSIDER)) == (
            "invalid_user_combination"
        )
        assert _refusal(lambda: client.chat_postMessage(channel=OUTSIDER, text="Hi")) == (
            "channel_not_found"
        )
        stranger = client.users_info(user=OUTSIDER)["user"]
        assert stranger["team_id"] == PROVIDER_TEAM and stranger["is_stranger"] is True
        assert "email" not in stranger["profile"]

        slack.connect.join(SHARED, BOT_USER_ID, OUTSIDER)
        assert client.conversations_open(users=OUTSIDER)["ok"]
        assert client.chat_postMessage(channel=OUTSIDER, text="Hi")["ok"]
        assert "is_stranger" not in client.users_info(user=OUTSIDER)["user"]

        slack.connect.leave(SHARED, OUTSIDER)
        assert _refusal(lambda: client.chat_postMessage(channel=OUTSIDER, text="Hi")) == (
            "channel_not_found"
        )


def test_an_organisation_restricting_dms_refuses_them_even_in_a_shared_channel() -> None:
    with SlackStandIn.running() as slack:
        client = WebClient(token=slack.token, base_url=slack.api_url)
        slack.connect.external(OUTSIDER, PROVIDER_TEAM)
        slack.connect.external("UOTHER001", "T0OTHERORG")
        slack.connect.join(SHARED, BOT_USER_ID, OUTSIDER, "UOTHER001")
        slack.connect.restrict_dms(PROVIDER_TEAM)
        assert _refusal(lambda: client.conversations_open(users=OUTSIDER)) == "restricted_action"
        assert _refusal(lambda: client.chat_postMessage(channel=OUTSIDER, text="Hi")) == (
            "restricted_action"
        )
        assert client.chat_postEphemeral(channel=SHARED, user=OUTSIDER, text="Psst")["ok"]
        assert client.chat_postMessage(channel=SHARED, text="Everyone")["ok"]
        assert client.chat_postMessage(channel="UOTHER001", text="Hi")["ok"]  # another team
        slack.connect.restrict_dms(PROVIDER_TEAM, "user_not_visible")
        assert _refusal(lambda: client.chat_postMessage(channel=OUTSIDER, text="Hi")) == (
            "user_not_visible"
        )


def test_members_of_the_council_are_reached_as_before() -> None:
    with SlackStandIn.running() as slack:
        client = WebClient(token=slack.token, base_url=slack.api_url)
        assert client.conversations_open(users="UOFFI0001")["ok"]
        member = client.users_info(user="UOFFI0001")["user"]
        assert member["team_id"] == TEAM_ID and member["profile"]["email"]


def test_an_ephemeral_message_reaches_only_someone_in_the_channel() -> None:
    with SlackStandIn.running() as slack:
        client = WebClient(token=slack.token, base_url=slack.api_url)
        slack.connect.external(OUTSIDER, PROVIDER_TEAM)
        slack.connect.join(SHARED, BOT_USER_ID, OUTSIDER)
        assert client.chat_postEphemeral(channel=SHARED, user=OUTSIDER, text="Psst")["ok"]
        assert _refusal(
            lambda: client.chat_postEphemeral(channel=SHARED, user="UOFFI0001", text="Psst")
        ) == ("user_not_in_channel")


def test_the_harness_sends_no_slash_command_or_shortcut_of_an_external_person(
    harness: Harness,
) -> None:
    harness.slack.connect.external(OUTSIDER, PROVIDER_TEAM)
    with pytest.raises(AssertionError, match="does not deliver slash commands"):
        harness.command("help", user_id=OUTSIDER)
    shortcut = {"type": "message_action", "user": {"id": OUTSIDER}, "callback_id": "x"}
    with pytest.raises(AssertionError, match="does not deliver message shortcuts"):
        harness.interact(shortcut)
    assert harness.slack.calls == []
