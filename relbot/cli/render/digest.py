"""A composed digest for people to open without Slack: terminal text, Block Kit JSON, chart."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from relbot.charts import digest_chart
from relbot.domain.digest.data import DigestFigures
from relbot.slack.digest.blocks import digest_message
from relbot.slack.messages import Message
from relbot.slack.plaintext import render_blocks

JSON_NAME = "digest.json"
CHART_NAME = "digest-chart.png"
# About as wide as Slack's message column on a laptop; the digest's lines are written for it.
WIDTH = 80


def print_digest(out: Console, figures: DigestFigures, zone: ZoneInfo) -> Message:
    """Print the week's digest as Slack would show it, and return the message."""
    message = digest_message(figures, zone)
    text = render_blocks(message.payload()["blocks"], {}, {})
    out.print(Panel(Text(text), title=f"Digest for {figures.week}", width=WIDTH))
    return message


def write_digest(
    folder: Path, figures: DigestFigures, message: Message, zone: ZoneInfo
) -> list[Path]:
    """Write the Block Kit JSON (for Block Kit Builder) and, with rounds to plot, the chart."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / JSON_NAME]
    blocks = {"blocks": message.payload()["blocks"]}
    written[0].write_text(json.dumps(blocks, indent=2, ensure_ascii=False) + "\n", "utf-8")
    png = digest_chart(figures, zone)
    if png is not None:
        written.append(folder / CHART_NAME)
        written[-1].write_bytes(png)
    return written
