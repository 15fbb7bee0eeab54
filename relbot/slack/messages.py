"""Block Kit builders: data in, slack_sdk blocks out. No database, no client, no clock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock

from relbot.slack.text import FALLBACK_TEXT_LIMIT, MESSAGE_BLOCK_LIMIT, clip


@dataclass(frozen=True)
class Message:
    """A message: the notification text and the blocks Slack shows."""

    text: str
    blocks: Sequence[Block]

    def __post_init__(self) -> None:
        if len(self.blocks) > MESSAGE_BLOCK_LIMIT:
            raise ValueError(f"{len(self.blocks)} blocks; Slack allows {MESSAGE_BLOCK_LIMIT}")

    def payload(self) -> dict[str, Any]:
        """Keyword arguments for chat.postMessage, respond() or ack()."""
        return {
            "text": clip(self.text, FALLBACK_TEXT_LIMIT),
            "blocks": [block.to_dict() for block in self.blocks],
        }


def text_message(text: str) -> Message:
    """A message of one mrkdwn section; `text` must already be escaped where people typed it."""
    return Message(text=text, blocks=[SectionBlock(text=MarkdownTextObject(text=text))])
