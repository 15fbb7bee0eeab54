"""The Slack stand-in itself, where the benchmarks use it differently from the tests."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from standin.slack_api import SlackStandIn


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
