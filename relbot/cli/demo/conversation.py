"""The demo's provider hub, and one provider's query as a private conversation: what the
department sees in its queue thread and what the provider sees in their DM thread.

It runs the rules the Slack listeners run (the ticket's timeline, internal notes, each
relay written before it is posted and claimed once) and renders what each side would read,
with the same Block Kit builders; only the posting to Slack is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from rich.console import Console
from sqlalchemy import select
from sqlalchemy.orm import Session

from relbot.analysis.worktime import WorkingCalendar
from relbot.domain.queries import relay as relays
from relbot.domain.queries.notes import Reading, read_reply
from relbot.domain.queries.tickets import log_query, record_posted, reply, resolve
from relbot.models import Department, Person, QueryTicket
from relbot.models.enums import Side
from relbot.models.pulse import DeliveryStatus
from relbot.models.queries import QueryEventKind, QuerySource, RelayDirection
from relbot.slack.hub.blocks import hub_message
from relbot.slack.messages import Message, text_message
from relbot.slack.plaintext import render_blocks
from relbot.slack.queries.blocks import (
    provider_notice,
    provider_thread_message,
    queue_message,
    relayed_text,
)
from relbot.slack.queries.queue import ticket_view

QUESTION = "Our invoice for October care hours (INV-2210) shows as unpaid. When will it be paid?"
NOTE = "note: the October run failed for three providers; check with the payments team first"
ANSWER = "Sorry about this. It was caught in a failed payment run and goes out on Friday."
THANKS = "Thank you. Will the November invoice be affected too?"


@dataclass
class Transcript:
    """One side's thread, as lines of plain text."""

    title: str
    lines: list[str] = field(default_factory=list)

    def add(self, who: str, text: str) -> None:
        self.lines.append(f"{who}: {text}")


def show_hub(out: Console) -> None:
    """The hub message as providers see it in a shared channel."""
    out.print("[bold]The provider hub, pinned in each channel shared with providers[/bold]")
    out.print(render_blocks(hub_message().payload()["blocks"], {}, {}) + "\n", markup=False)


def show_conversation(
    out: Console, session: Session, now: datetime, calendar: WorkingCalendar, zone: ZoneInfo
) -> None:
    """A provider asks Finance from the hub; an officer notes, answers; the provider replies;
    Finance resolves it. Each side's thread, as each side reads it."""
    provider = session.scalars(
        select(Person).where(Person.side == Side.PROVIDER).order_by(Person.id).limit(1)
    ).one()
    finance = session.scalars(select(Department).where(Department.name == "Finance")).one()
    officer = session.scalars(
        select(Person).where(Person.department_id == finance.id).order_by(Person.id).limit(1)
    ).one()
    names = {p.slack_user_id: p.name for p in (provider, officer)}
    channels = {finance.queue_channel or "": "finance-queries"}
    asked = _last_working_morning(now, zone)
    ticket, _ = log_query(
        session=session,
        request_key="demo:conversation",
        asker=provider,
        department=finance,
        text=QUESTION,
        source=QuerySource.MODAL,
        permalink=None,
        now=asked,
        queue_channel=finance.queue_channel,
    )
    record_posted(
        session=session, ticket=ticket, channel=ticket.queue_channel or "", ts="1.000001", now=asked
    )
    relays.claim_thread(session=session, ticket_id=ticket.id)
    dm = "D" + provider.slack_user_id.lstrip("UW")
    relays.settle_thread(
        session=session, ticket_id=ticket.id, status=DeliveryStatus.SENT, channel=dm, ts="1.000002"
    )
    queue = Transcript(f"In #{channels[finance.queue_channel or '']}, Finance's queue (internal)")
    dms = Transcript(f"In {provider.name}'s DMs with relbot")
    view = ticket_view(session, ticket)
    queue.add(
        "relbot", render_blocks(queue_message(view, zone).payload()["blocks"], names, channels)
    )
    dms.add("relbot", render_blocks(provider_thread_message(view).payload()["blocks"], names, {}))

    def officer_says(text: str, minutes: int, ts: str) -> None:
        at = asked + timedelta(minutes=minutes)
        internal = read_reply(text) is Reading.NOTE
        reply(
            session=session,
            ticket=ticket,
            actor=officer,
            slack_user_id=officer.slack_user_id,
            now=at,
            event_id=f"demo-{ts}",
            calendar=calendar,
            internal=internal,
        )
        if internal:
            queue.add(f"{officer.name} (🔒 internal note, not passed on)", text)
        else:
            queue.add(f"{officer.name} (📤 passed on)", text)
            _cross(session, ticket.id, officer, RelayDirection.TO_PROVIDER, ts, text, at, dms)

    officer_says(NOTE, 40, "2.000001")
    officer_says(ANSWER, 75, "2.000002")
    said_at = asked + timedelta(minutes=110)
    reply(
        session=session,
        ticket=ticket,
        actor=provider,
        slack_user_id=provider.slack_user_id,
        now=said_at,
        event_id="demo-3",
        calendar=calendar,
    )
    dms.add(f"{provider.name} (📤 passed on)", THANKS)
    _cross(
        session, ticket.id, provider, RelayDirection.TO_QUEUE, "3.000001", THANKS, said_at, queue
    )
    officer_says("Not affected: November's run was fine.", 130, "2.000003")
    change = resolve(
        session=session,
        ticket=ticket,
        actor=officer,
        slack_user_id=officer.slack_user_id,
        now=asked + timedelta(minutes=135),
        calendar=calendar,
    )
    assert change.kind is QueryEventKind.RESOLVED
    queue.add("relbot", f"@{officer.name} marked this query resolved.")
    dms.add("relbot", _plain(provider_notice("resolved", finance.name, officer.name)))
    session.flush()
    resolved = ticket_view(session, ticket)
    queue.add("(the query's message now reads)", _status(queue_message(resolved, zone)))
    dms.add("(the first message now reads)", _status(provider_thread_message(resolved)))
    out.print(
        f"[bold]One query as a private conversation[/bold]: {provider.name} asks Finance with "
        "`Ask the council`. The first response is the first reply they received "
        f"({ticket.first_response_working_minutes} working minutes), not the internal note."
    )
    for side in (queue, dms):
        out.print(f"\n[bold]{side.title}[/bold]")
        for line in side.lines:
            out.print("  " + line.replace("\n", "\n    "), markup=False)
    out.print()


def _cross(
    session: Session,
    ticket_id: int,
    author: Person,
    direction: RelayDirection,
    ts: str,
    text: str,
    at: datetime,
    other: Transcript,
) -> None:
    """Relay one message as the listeners do: written, claimed, then shown on the other side."""
    ticket = session.get(QueryTicket, ticket_id)
    assert ticket is not None
    relay_id = relays.take(
        session=session,
        ticket=ticket,
        direction=direction,
        author=author,
        source_channel="demo",
        source_ts=ts,
        text=text,
        files=0,
        now=at,
    )
    assert relay_id is not None
    crossing = relays.claim(session=session, relay_id=relay_id)
    assert crossing is not None
    shown = relayed_text(
        crossing.author,
        crossing.where,
        crossing.text,
        crossing.files,
        to_provider=direction is RelayDirection.TO_PROVIDER,
    )
    relays.settle(
        session=session, relay_id=relay_id, status=DeliveryStatus.SENT, now=at, target_ts=ts
    )
    other.add("relbot", _plain(shown))


def _last_working_morning(now: datetime, zone: ZoneInfo) -> datetime:
    """10:00 on the last weekday before today, in the council's time zone."""
    day = now.astimezone(zone).date() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(10, 0), zone)


def _status(message: Message) -> str:
    """The status line of a query's message (its context block), as the reader sees it."""
    blocks = message.payload()["blocks"]
    return render_blocks([b for b in blocks if b["type"] == "context"][:1], {}, {}).split(" · ")[0]


def _plain(text: str) -> str:
    return render_blocks(text_message(text).payload()["blocks"], {}, {})
