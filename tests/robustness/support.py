"""What every robustness test checks in relbot's answer to bad or hostile input."""

from __future__ import annotations

import json
from typing import Any

from standin.harness import Harness, Reply
from tests.slack.blocktext import block_text

APOLOGY = "something went wrong"
MARKUP = (
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U0EVIL01>",
    "<#C0EVIL01>",
    "<https://evil.example|click me>",
    "<!subteam^S0EVIL01>",
)
# What relbot's own messages may carry that a crash would leave behind.
CRASH_MARKS = ("Traceback", 'File "', "Error:", "Exception", "ValidationError")
SENT = ("response_url", "chat.postMessage", "chat.postEphemeral", "views.open", "views.update")


def answers(harness: Harness, reply: Reply) -> list[Any]:
    """Everything relbot said back for one request: the ack body and what it sent to Slack."""
    harness.settle()
    said: list[Any] = []
    if reply.body:
        said.append(reply.json())
    for method in SENT:
        said += [call.params for call in harness.slack.calls_to(method)]
    return said


def assert_clear(said: list[Any], typed: str = "") -> str:
    """At least one answer, no apology from the error handler, no crash text, no live markup."""
    assert said, "relbot said nothing"
    text = "\n".join(block_text(_parsed(a)) for a in said)
    text += "".join(
        f"\n{v}" for a in said if isinstance(a, dict) for v in a.get("errors", {}).values()
    )
    raw = json.dumps(said, ensure_ascii=False)
    assert APOLOGY not in text.lower(), text
    for mark in CRASH_MARKS:
        assert mark not in text, text
    for token in MARKUP:
        if token in typed:
            assert token not in raw, (token, text)
    return text


def _parsed(answer: Any) -> Any:
    if isinstance(answer, dict):
        return {k: _parsed(v) for k, v in answer.items()}
    if isinstance(answer, str) and answer[:1] in "[{":
        try:
            return json.loads(answer)
        except ValueError:
            return answer
    return answer
