"""The demo's provider-voice channel: a fortnight of posts, reactions and replies, summarised."""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta
from importlib.resources import files
from zoneinfo import ZoneInfo

from rich.console import Console
from sqlalchemy import select
from sqlalchemy.orm import Session

from relbot.analysis.worktime import WorkingCalendar
from relbot.domain.voice.items import (
    VoiceMessage,
    apply_reaction,
    record_anonymous,
    record_message,
)
from relbot.domain.voice.summary import summarise
from relbot.models import Person
from relbot.models.enums import Side
from relbot.slack.plaintext import render_blocks
from relbot.slack.voice.blocks import summary_message

CHANNEL = "C0VOICE"
POSTS = 36
ANONYMOUS = 0.25  # the share raised with /voice
REACTIONS = ("+1", "eyes", "100")


def _provider_texts() -> list[str]:
    source = files("relbot.data") / "must_haves_examples_c.csv"
    rows = csv.DictReader(io.StringIO(source.read_text(encoding="utf-8")))
    return [row["text"] for row in rows if row["side"] == Side.PROVIDER.value]


def _ts(moment: datetime, sequence: int) -> str:
    return f"{int(moment.timestamp())}.{sequence:06d}"


def simulate_voice(*, session: Session, rng: random.Random, now: datetime) -> int:
    """Providers post over the last two weeks; some get reactions, some an officer's reply."""
    people = list(session.scalars(select(Person).where(Person.active).order_by(Person.id)))
    providers = [p for p in people if p.side is Side.PROVIDER]
    officers = [p for p in people if p.side is Side.OFFICER]
    texts = rng.sample(_provider_texts(), POSTS)
    for number, text in enumerate(texts, start=1):
        posted = now - timedelta(days=14 * rng.random() ** 1.5, minutes=number)
        ts = _ts(posted, number)
        if rng.random() < ANONYMOUS:
            record_anonymous(session=session, channel=CHANNEL, ts=ts, text=text, categories=())
        else:
            author = rng.choice(providers)
            message = VoiceMessage(CHANNEL, ts, None, author.slack_user_id, text)
            record_message(session=session, message=message, categories=())
        for reactor in rng.sample(people, rng.choice((0, 0, 1, 2, 4, 7))):
            apply_reaction(
                session=session,
                channel=CHANNEL,
                ts=ts,
                slack_user_id=reactor.slack_user_id,
                name=rng.choice(REACTIONS),
                added=True,
                event_ts=ts,
            )
        if rng.random() < 0.45:
            officer = rng.choice(officers)
            reply_at = posted + timedelta(hours=rng.uniform(1, 60))
            if reply_at < now:
                reply = VoiceMessage(
                    CHANNEL,
                    _ts(reply_at, 500 + number),
                    ts,
                    officer.slack_user_id,
                    "Looking into it.",
                )
                record_message(session=session, message=reply, categories=())
    return len(texts)


def show_voice(
    out: Console, session: Session, now: datetime, calendar: WorkingCalendar, zone: ZoneInfo
) -> None:
    """The officers' weekly summary as Slack would show it."""
    summary = summarise(session=session, end=now, calendar=calendar)
    message = summary_message(summary, zone)
    names = {p.slack_user_id: p.name for p in session.scalars(select(Person))}
    out.print("[bold]/relbot voice, as an officer sees it[/bold]")
    out.print(
        render_blocks(message.payload()["blocks"], names, {CHANNEL: "provider-voice"}), markup=False
    )
