"""Keeping the provider-voice channel: messages, edits, deletions, reactions, officer answers.

Every write is keyed by Slack's (channel, ts), so a retried or repeated event changes
nothing. Support is counted as distinct people reacting; each reaction row remembers the
latest event applied to it, so a late retry of an older add or remove is ignored.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relbot.domain.categories import best_fit, category_specs, ensure_categories
from relbot.domain.profile import person_by_slack_id
from relbot.models import AuthorSide, Person, VoiceItem, VoiceReaction
from relbot.models.enums import Side

MAX_TEXT = 3000
PENDING = "pending:"  # the ts of an anonymous item not yet posted


@dataclass(frozen=True)
class VoiceMessage:
    """A message as Slack delivered it, its text already plain (not Slack markup)."""

    channel: str
    ts: str
    thread_ts: str | None
    slack_user_id: str
    text: str


def ts_time(ts: str) -> datetime:
    """The instant a Slack ts names."""
    return datetime.fromtimestamp(float(ts), UTC)


def prepare(*, session: Session, categories: Sequence[str]) -> None:
    """Store the configured category list (writes only when it changed)."""
    ensure_categories(session=session, specs=category_specs(categories))


def side_of(person: Person | None) -> AuthorSide:
    """The author's side now, as kept with the item."""
    if person is None:
        return AuthorSide.UNKNOWN
    return AuthorSide.PROVIDER if person.side is Side.PROVIDER else AuthorSide.OFFICER


def record_message(
    *, session: Session, message: VoiceMessage, categories: Sequence[str]
) -> VoiceItem | None:
    """Keep a message from the channel; None when it was already kept."""
    if _item(session, message.channel, message.ts) is not None:
        return None
    person = person_by_slack_id(session=session, slack_user_id=message.slack_user_id)
    thread_ts = message.thread_ts if message.thread_ts != message.ts else None
    item = VoiceItem(
        channel=message.channel,
        ts=message.ts,
        thread_ts=thread_ts,
        author_id=person.id if person else None,
        author_side=side_of(person),
        anonymous=False,
        text=message.text,
        posted_at=ts_time(message.ts),
    )
    return _insert(session, item, categories)


def record_anonymous(
    *, session: Session, channel: str, ts: str, text: str, categories: Sequence[str]
) -> int:
    """Keep an item already posted for `/voice` (as the demo's are): reserved and confirmed."""
    item_id = reserve_anonymous(
        session=session, channel=channel, text=text, categories=categories, now=ts_time(ts)
    )
    confirm_anonymous(session=session, item_id=item_id, ts=ts)
    return item_id


def reserve_anonymous(
    *, session: Session, channel: str, text: str, categories: Sequence[str], now: datetime
) -> int:
    """Keep an item relbot is about to post for `/voice` (a provider's, with no author at
    all) before it is posted, so a database that fails fails before anything is public. Until
    `confirm_anonymous` it is a tombstone under a placeholder ts, shown nowhere."""
    item = VoiceItem(
        channel=channel,
        ts=PENDING + secrets.token_hex(12),
        thread_ts=None,
        author_id=None,
        author_side=AuthorSide.PROVIDER,
        anonymous=True,
        text=text,
        posted_at=now,
        deleted_at=now,
    )
    added = _insert(session, item, categories)
    assert added is not None, "a placeholder ts is never taken"
    return added.id


def confirm_anonymous(*, session: Session, item_id: int, ts: str) -> None:
    """The reserved item was posted at `ts`: it is an item like any other from now on."""
    session.execute(
        update(VoiceItem)
        .where(VoiceItem.id == item_id)
        .values(ts=ts, posted_at=ts_time(ts), deleted_at=None)
        .execution_options(synchronize_session=False)
    )


def withdraw_anonymous(*, session: Session, item_id: int) -> None:
    """The reserved item was not posted (or may not have been): nothing of it is kept."""
    session.execute(
        delete(VoiceItem).where(VoiceItem.id == item_id, VoiceItem.deleted_at.is_not(None))
    )


def _insert(session: Session, item: VoiceItem, categories: Sequence[str]) -> VoiceItem | None:
    if item.thread_ts is None:
        prepare(session=session, categories=categories)
        item.category_id = best_fit(session=session, text=item.text).id
    try:
        with session.begin_nested():
            session.add(item)
            session.flush()
    except IntegrityError:  # the same event, handled at the same moment elsewhere
        return None
    refresh_thread(session=session, channel=item.channel, thread_ts=item.thread_ts or item.ts)
    return item


def edit_message(
    *,
    session: Session,
    channel: str,
    ts: str,
    text: str,
    now: datetime,
    categories: Sequence[str],
) -> bool:
    """Follow an edit: new text, theme guessed again. False when nothing changed."""
    item = _item(session, channel, ts)
    if item is None or item.anonymous or item.deleted_at is not None or item.text == text:
        return False
    item.text = text
    item.edited_at = now
    if item.thread_ts is None:
        prepare(session=session, categories=categories)
        item.category_id = best_fit(session=session, text=text).id
    session.flush()
    return True


def delete_message(
    *, session: Session, channel: str, ts: str, thread_ts: str | None, now: datetime
) -> int:
    """Follow a deletion: the message (and, for a thread's parent, its replies) leaves.

    A tombstone without text or author keeps the (channel, ts), so a late retry of the
    original event cannot bring the message back.
    """
    if not ts:
        return 0
    item = _item(session, channel, ts)
    if item is None:
        with contextlib.suppress(IntegrityError), session.begin_nested():
            session.add(_tombstone(channel, ts, thread_ts if thread_ts != ts else None, now))
            session.flush()
        return 0
    if item.deleted_at is not None:
        return 0
    gone = [item]
    if item.thread_ts is None:
        gone += session.scalars(
            select(VoiceItem).where(
                VoiceItem.channel == channel,
                VoiceItem.thread_ts == ts,
                VoiceItem.deleted_at.is_(None),
            )
        )
    for each in gone:
        each.text, each.author_id, each.category_id, each.permalink = "", None, None, None
        each.deleted_at = now
    session.execute(
        delete(VoiceReaction).where(
            VoiceReaction.channel == channel, VoiceReaction.ts.in_([g.ts for g in gone])
        )
    )
    session.flush()
    if item.thread_ts:
        refresh_thread(session=session, channel=channel, thread_ts=item.thread_ts)
    return len(gone)


def _tombstone(channel: str, ts: str, thread_ts: str | None, now: datetime) -> VoiceItem:
    return VoiceItem(
        channel=channel,
        ts=ts,
        thread_ts=thread_ts,
        author_side=AuthorSide.UNKNOWN,
        anonymous=False,
        text="",
        posted_at=ts_time(ts),
        deleted_at=now,
    )


def refresh_thread(*, session: Session, channel: str, thread_ts: str) -> None:
    """Set when an officer first answered the thread's parent, from the replies kept now
    and its being made part of an action."""
    parent = _item(session, channel, thread_ts)
    if parent is None:
        return
    replied = session.scalar(
        select(func.min(VoiceItem.posted_at)).where(
            VoiceItem.channel == channel,
            VoiceItem.thread_ts == thread_ts,
            VoiceItem.author_side == AuthorSide.OFFICER,
            VoiceItem.deleted_at.is_(None),
        )
    )
    # Made part of an action answers it too, whatever happens to the replies.
    linked = parent.action_linked_at
    parent.officer_answered_at = min((t for t in (replied, linked) if t), default=None)
    session.flush()


def apply_reaction(
    *,
    session: Session,
    channel: str,
    ts: str,
    slack_user_id: str,
    name: str,
    added: bool,
    event_ts: str,
) -> bool:
    """Record a reaction added or removed; False when a newer event already decided it."""
    name = name[:100]
    key = (
        VoiceReaction.channel == channel,
        VoiceReaction.ts == ts,
        VoiceReaction.slack_user_id == slack_user_id,
        VoiceReaction.name == name,
    )
    row = session.scalars(select(VoiceReaction).where(*key)).first()
    if row is None:
        try:
            with session.begin_nested():
                session.add(
                    VoiceReaction(
                        channel=channel,
                        ts=ts,
                        slack_user_id=slack_user_id,
                        name=name,
                        active=added,
                        changed_ts=event_ts,
                    )
                )
                session.flush()
            return True
        except IntegrityError:
            row = session.scalars(select(VoiceReaction).where(*key)).one()
    if _order(event_ts) <= _order(row.changed_ts):
        return False
    row.active, row.changed_ts = added, event_ts
    session.flush()
    return True


def _order(ts: str) -> Decimal:
    try:
        return Decimal(ts)
    except InvalidOperation:
        return Decimal(0)


def record_permalink(*, session: Session, item_id: int, permalink: str) -> None:
    """Cache a message's permalink so it is asked of Slack once."""
    item = session.get(VoiceItem, item_id)
    if item is not None and not item.permalink:
        item.permalink = permalink[:500]
        session.flush()


def _item(session: Session, channel: str, ts: str) -> VoiceItem | None:
    return session.scalars(
        select(VoiceItem).where(VoiceItem.channel == channel, VoiceItem.ts == ts)
    ).first()
