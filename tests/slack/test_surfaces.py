"""The stand-in refuses what Slack refuses (or shows broken) in a message or a view, from
every way relbot reaches Slack: the Web API, a response_url and an acknowledgement."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from standin.slack_api import SlackStandIn
from standin.surfaces import SEEN, ack_problems, mrkdwn_problems

pytestmark = pytest.mark.refused_surfaces


def _button(action_id: str, value: str = "v") -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": "Go"},
        "action_id": action_id,
        "value": value,
    }


def _section(text: str, block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return block


REFUSED_MESSAGES = {
    "a repeated block_id": ([_section("a", "b1"), _section("b", "b1")], "repeated block_id"),
    "a repeated action_id in one block": (
        [{"type": "actions", "elements": [_button("act", "1"), _button("act", "2")]}],
        "repeated action_id 'act' in one block",
    ),
    "a placeholder sent raw": (
        [_section("Try `/query <department> <question>`")],
        "`<department>` is no link or mention",
    ),
    "a link inside a link's label": (
        [_section("<https://x.example/p1|in <#C0QUEUE>>")],
        "a link or mention inside another's label",
    ),
    "a literal ampersand": ([_section("Health & Safety")], "a literal `&`"),
    "a literal ampersand in a link's label": (
        [_section("<https://x.example/a|Health & Safety>")],
        "a literal `&` in a link's label",
    ),
    "a literal greater-than mid-line": ([_section("2 -> 3")], "a literal `>`"),
    "a link cut short": (
        [_section("• <https://council.example/archives/C0Q/p17…")],
        "an unclosed `<`",
    ),
    "an entity cut short": ([_section("Health &am…")], "a literal `&`"),
    "an emoji cut short": ([_section("Waiting :hourglass_flow…")], "an emoji code cut short"),
    "in a context block": (
        [{"type": "context", "elements": [{"type": "mrkdwn", "text": "<b>"}]}],
        "[json-pointer:/blocks/0/elements/0/text]",
    ),
    "in a section's fields": (
        [{"type": "section", "fields": [{"type": "mrkdwn", "text": "a&b"}]}],
        "[json-pointer:/blocks/0/fields/0/text]",
    ),
}


@pytest.mark.parametrize(
    ("blocks", "reason"), REFUSED_MESSAGES.values(), ids=REFUSED_MESSAGES.keys()
)
def test_a_message_slack_would_refuse_is_refused_and_seen(
    blocks: list[dict[str, Any]], reason: str
) -> None:
    SEEN.take()
    with SlackStandIn.running() as slack:
        client = WebClient(token=slack.token, base_url=slack.api_url)
        for method in (client.chat_postMessage, client.chat_postEphemeral, client.chat_update):
            with pytest.raises(SlackApiError) as refused:
                method(channel="C0QUEUE", user="U1", ts="1.2", text="fallback", blocks=blocks)
            assert refused.value.response["error"] == "invalid_blocks"
            messages = refused.value.response["response_metadata"]["messages"]
            assert any(reason in m for m in messages), messages
    assert len(SEEN.take()) >= 3


def test_a_view_slack_would_refuse_is_refused_with_invalid_arguments() -> None:
    view = {
        "type": "home",
        "blocks": [_section("a", "b1"), _section("b", "b1")],
    }
    with SlackStandIn.running() as slack:
        client = WebClient(token=slack.token, base_url=slack.api_url)
        with pytest.raises(SlackApiError) as refused:
            client.views_publish(user_id="U1", view=view)
        assert refused.value.response["error"] == "invalid_arguments"
        [message] = refused.value.response["response_metadata"]["messages"]
        assert message == "repeated block_id 'b1' [json-pointer:/view/blocks/1]"
    assert SEEN.take()


def test_the_fallback_text_is_mrkdwn_too_unless_it_says_otherwise() -> None:
    with SlackStandIn.running() as slack:
        client = WebClient(token=slack.token, base_url=slack.api_url)
        with pytest.raises(SlackApiError):
            client.chat_postMessage(channel="C0QUEUE", text="Use /query <department>")
        assert client.chat_postMessage(channel="C0QUEUE", text="a < b", mrkdwn=False)["ok"]
    SEEN.take()


def test_a_response_url_refuses_the_same() -> None:
    SEEN.take()
    with SlackStandIn.running() as slack:
        blocks = REFUSED_MESSAGES["a placeholder sent raw"][0]
        body = json.dumps({"text": "x", "blocks": blocks})
        request = urllib.request.Request(
            slack.response_url(),
            data=body.encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert json.loads(refused.value.read())["error"] == "invalid_blocks"
    seen = SEEN.take()
    assert seen[0].startswith("response_url: `<department>` is no link or mention")


def test_an_acknowledgement_is_held_to_the_same_rules() -> None:
    view = {"type": "modal", "blocks": [_section("a", "x"), _section("b", "x")]}
    assert ack_problems({"response_action": "update", "view": view})
    assert ack_problems({"text": "Try <department>"})
    assert not ack_problems({"response_action": "errors", "errors": {"b": "Too long <3"}})
    assert not ack_problems({"text": "Fine &amp; well", "response_type": "ephemeral"})


ACCEPTED = [
    "Plain words, *bold*, _italic_, `code` and ~struck~.",
    ">a quote\n>>>and a long quote",
    "Hello <@U0123ABC>, see <#C0QUEUE> or <#C0QUEUE|queue> or <#C0QUEUE|>.",
    "<!here> <!channel> <!everyone> <!subteam^S0123|the team>",
    "<!date^1700000000^{date_short}|14 Nov 2023>",
    "<https://council.example/a?b=1&amp;c=2|a link> and <mailto:a@b.example|mail>",
    "Fish &amp; chips: &lt;department&gt; is a placeholder.",
    "Waiting :hourglass_flowing_sand: since 10:30…",
    "Cut cleanly… _(1,234 more characters)_",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_what_slack_shows_as_meant_is_accepted(text: str) -> None:
    assert list(mrkdwn_problems(text)) == []
