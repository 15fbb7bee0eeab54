"""What Slack accepts in a message or a view, beyond the shape slack_sdk's models check.

Each rule names its public source. Where Slack refuses the payload, the stand-in refuses it
with Slack's error; where Slack takes it but shows it broken (mrkdwn), the stand-in refuses
it too, so the defect cannot hide behind a green test.

Every problem found is also kept in `SEEN`, whoever sent the payload, so a test run can fail
on any surface Slack would not show as meant, not only on those a test thought to check.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

# The rules, each with its source:
# - block_id: "block_id should be unique for each message and each iteration of a message"
#   (https://docs.slack.dev/reference/block-kit/blocks/actions-block, and every block's
#   page); a view that repeats one is refused with invalid_arguments (slack-go/slack pull
#   request 725: "I had duplicate block id's but the only error message I got back from
#   Slack API was invalid_arguments").
# - action_id: "Should be unique among all other action_ids in the containing block"
#   (https://docs.slack.dev/tools/node-slack-sdk/reference/types/interfaces/Actionable);
#   Slack "rejects the entire payload with invalid_blocks" when buttons of one block share
#   one (knacklabs/gantry pull request 458; haruotsu/slack-review-notify pull request 99,
#   where a command's reply was refused as invalid_command_response).
# - Escaping: "Slack uses &, <, and > as control characters for special parsing in text
#   objects, so they must be converted to HTML entities if they're not going to be used for
#   their parsing purpose" (https://docs.slack.dev/messaging/formatting-message-text,
#   "Escaping text"). Slack shows them broken rather than refusing: the stand-in refuses,
#   so the defect cannot pass unseen.
# - What `<…>` may hold: links `<url|text>`, `<mailto:…|text>`, users `<@U…>`, channels
#   `<#C…>`, `<!here>`, `<!channel>`, `<!everyone>`, `<!subteam^ID>` and
#   `<!date^timestamp^format|fallback>` (same page, "Links", "Mentioning users", "Mentioning
#   groups", "Date formatting"). Slack finds them as "all sub-strings matching <(.*?)>" (same
#   page, "Notes on retrieving formatted messages"): a link inside another's label ends the
#   outer one at its own `>` and leaves the rest as broken markup.
# - A `>` that begins a line is a quote ("You can highlight text as a block quote by using
#   the > character at the beginning of one or more lines", same page).
# - A text cut to a limit must not end inside `<…>`, `&…;` or an `:emoji:` code (emoji are
#   written ":tada:", same page, "Emoji"); the cut ones show as stray markup.


_ENTITY = re.compile(
    r"""
    (?: [@][UW][A-Z0-9]+                         # a user
      | [#][CGD][A-Z0-9]+                        # a conversation
      | ! (?: here | channel | everyone )        # a special mention
      | !subteam\^[A-Z0-9]+                      # a user group
      | !date\^\d+\^[^|^]+(?:\^[^|]+)?(?=\|)     # a date, which needs its fallback
      | (?: https?:// | mailto: | tel: | slack:// ) [^|\s<>]+   # a link
    )
    (?: \| [^|]* )?                              # its label (one only; Slack may send it empty)
    $""",
    re.VERBOSE,
)
_CHARACTER_ENTITY = re.compile(r"&(?:amp|lt|gt);")
_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt);)")
# An emoji code cut by an ellipsis, e.g. ":hourglass_flow…": the code never closes.
_CUT_EMOJI = re.compile(r"(?:^|\s):[a-z0-9_+'-]+…")
# A quote starts a line: `>` or `>>>`, with nothing before it.
_QUOTE = re.compile(r"(?m)^>+")


def mrkdwn_problems(text: str) -> Iterator[str]:
    """What Slack would not show as meant in one mrkdwn string."""
    quote_marks = {i for match in _QUOTE.finditer(text) for i in range(match.start(), match.end())}
    at = 0
    while at < len(text):
        character = text[at]
        if character == "<":
            end = text.find(">", at + 1)
            if end < 0:
                yield f"an unclosed `<` at {at} (a literal `<` must be `&lt;`; or a link was cut)"
                return
            inner = text[at + 1 : end]
            if "<" in inner:
                yield f"a link or mention inside another's label: `{_short(text[at : end + 1])}`"
            elif not _ENTITY.match(inner):
                yield f"`<{_short(inner)}>` is no link or mention (a literal `<` must be `&lt;`)"
            else:  # a label is text like any other: its `&` is escaped too
                label = inner.partition("|")[2]
                for bad in _BARE_AMPERSAND.finditer(label):
                    yield f"a literal `&` in a link's label: `{_short(label[bad.start() :])}`"
            at = end + 1
            continue
        if character == ">" and at not in quote_marks:
            yield f"a literal `>` at {at} (it must be `&gt;`): `{_short(text[max(0, at - 20) : at + 20])}`"
        if character == "&" and not _CHARACTER_ENTITY.match(text, at):
            yield f"a literal `&` at {at} (it must be `&amp;`, or an entity was cut): `{_short(text[at : at + 20])}`"
        at += 1
    for match in _CUT_EMOJI.finditer(text):
        yield f"an emoji code cut short: `{match.group().strip()}`"


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _mrkdwn_texts(node: Any, pointer: str) -> Iterator[tuple[str, str]]:
    """Every mrkdwn text object's text under `node`, with its JSON pointer."""
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
            yield pointer + "/text", node["text"]
        for key, value in node.items():
            yield from _mrkdwn_texts(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _mrkdwn_texts(value, f"{pointer}/{index}")


def _action_ids(block: dict[str, Any]) -> list[str]:
    """The action_ids of a block's interactive elements (an actions block's elements, a
    section's accessory, an input's element)."""
    elements = list(block.get("elements") or []) if block.get("type") == "actions" else []
    elements += [block[key] for key in ("accessory", "element") if isinstance(block.get(key), dict)]
    return [str(e["action_id"]) for e in elements if isinstance(e, dict) and "action_id" in e]


def blocks_problems(blocks: list[dict[str, Any]], pointer: str = "/blocks") -> Iterator[str]:
    """Repeated ids, and mrkdwn Slack would not show as meant, in a list of blocks."""
    seen_blocks: set[str] = set()
    for index, block in enumerate(blocks):
        if not isinstance(block, dict):
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if block_id in seen_blocks:
                yield f"repeated block_id {block_id!r} [json-pointer:{pointer}/{index}]"
            seen_blocks.add(str(block_id))
        seen_actions: set[str] = set()
        for action_id in _action_ids(block):
            if action_id in seen_actions:
                yield f"repeated action_id {action_id!r} in one block [json-pointer:{pointer}/{index}]"
            seen_actions.add(action_id)
    for where, text in _mrkdwn_texts(blocks, pointer):
        for problem in mrkdwn_problems(text):
            yield f"{problem} [json-pointer:{where}]"


def message_problems(message: dict[str, Any]) -> list[str]:
    """What Slack would refuse or show broken in a message (chat.*, respond(), an ack)."""
    problems = list(blocks_problems(list(message.get("blocks") or [])))
    text = message.get("text")
    # The top-level text is mrkdwn unless `mrkdwn` is false (chat.postMessage, "text").
    if isinstance(text, str) and message.get("mrkdwn") not in (False, "false", "0"):
        problems += [f"{p} [json-pointer:/text]" for p in mrkdwn_problems(text)]
    for index, attachment in enumerate(message.get("attachments") or []):
        if isinstance(attachment, dict):
            problems += blocks_problems(
                list(attachment.get("blocks") or []), f"/attachments/{index}/blocks"
            )
    return problems


def view_problems(view: dict[str, Any]) -> list[str]:
    """What Slack would refuse or show broken in a modal or Home view."""
    return list(blocks_problems(list(view.get("blocks") or []), "/view/blocks"))


def ack_problems(body: Any) -> list[str]:
    """What Slack would refuse in an acknowledgement's body: a message (a slash command's
    reply) or a view a form's submission answers with (`response_action` update or push)."""
    if not isinstance(body, dict):
        return []
    if body.get("response_action") in ("update", "push") and isinstance(body.get("view"), dict):
        return view_problems(body["view"])
    if "text" in body or "blocks" in body:
        return message_problems(body)
    return []


class Seen:
    """Every problem found in any payload, by any stand-in, until taken."""

    def __init__(self) -> None:
        self._problems: list[str] = []
        self._lock = threading.Lock()

    def add(self, where: str, problems: list[str]) -> None:
        with self._lock:
            self._problems += [f"{where}: {p}" for p in problems]

    def take(self) -> list[str]:
        with self._lock:
            taken, self._problems = self._problems, []
            return taken


SEEN = Seen()
