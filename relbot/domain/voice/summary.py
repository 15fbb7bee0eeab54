"""The provider-voice summary for officers: themes, most supported, and what waits for an answer.

Raised items are top-level messages by anyone but officers (anonymous ones included);
replies count towards their parent's support, not as items. Support is the number of
distinct people reacting plus the number of replies. An item is unanswered when a provider
raised it, no officer has replied in its thread, and two working days have passed. Items
from this period and the one before are checked, so each one is listed in at least one
weekly summary once its two working days are up.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from relbot.analysis.worktime import WorkingCalendar
from relbot.domain.actions import voice_items_in_actions
from relbot.domain.categories import OTHER, active_categories
from relbot.models import Action, AuthorSide, MustHaveCategory, VoiceItem, VoiceReaction

PERIOD = timedelta(days=7)
ANSWER_WITHIN_DAYS = 2
MOST_SUPPORTED = 5


@dataclass(frozen=True)
class ThemeCount:
    """One theme's raised items this period and the change from the period before."""

    label: str
    count: int
    change: int

    @property
    def before(self) -> int:
        """Items of the period of the same length before."""
        return self.count - self.change


@dataclass(frozen=True)
class ThemeDetail:
    """A theme as a board reads it: the count beside the period before, how many of the
    providers' items an officer answered, and a few of their words (no names)."""

    theme: ThemeCount
    raised_by_providers: int
    answered: int
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class ListedItem:
    """An item as the summary lists it."""

    item_id: int
    channel: str
    ts: str
    text: str
    side: AuthorSide
    anonymous: bool
    posted_at: datetime
    reactors: int
    replies: int
    permalink: str | None

    @property
    def support(self) -> int:
        return self.reactors + self.replies


@dataclass(frozen=True)
class VoiceSummary:
    """Everything the officers' summary shows for one period."""

    start: datetime
    end: datetime
    total: int
    previous_total: int
    themes: list[ThemeCount]
    supported: list[ListedItem]
    unanswered: list[ListedItem]
    unanswered_total: int
    # Items made part of an action this period, with those actions' titles.
    in_actions: list[ActionedItem] = field(default_factory=list)


@dataclass(frozen=True)
class ActionedItem:
    """A provider-voice item an officer turned into (part of) an action."""

    item_id: int
    text: str
    posted_at: datetime
    actions: tuple[str, ...]


def _raised(start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    return [
        VoiceItem.thread_ts.is_(None),
        VoiceItem.deleted_at.is_(None),
        VoiceItem.author_side != AuthorSide.OFFICER,
        VoiceItem.posted_at >= start,
        VoiceItem.posted_at < end,
    ]


def _counts(session: Session, start: datetime, end: datetime) -> dict[int | None, int]:
    query = (
        select(VoiceItem.category_id, func.count())
        .where(*_raised(start, end))
        .group_by(VoiceItem.category_id)
    )
    return {category: count for category, count in session.execute(query)}


def theme_counts(*, session: Session, start: datetime, end: datetime) -> list[ThemeCount]:
    """Raised items per theme in [start, end), with the change from the same length before.

    Themes with no items in either period are left out; the order is the category list's.
    """
    current = _counts(session, start, end)
    previous = _counts(session, start - (end - start), start)
    categories = {c.id: c for c in session.scalars(select(MustHaveCategory))}
    listed = [c.id for c in active_categories(session=session)]
    other = next((c.id for c in categories.values() if c.key == OTHER), None)
    merged_now: dict[int | None, int] = {}
    merged_before: dict[int | None, int] = {}
    for source, target in ((current, merged_now), (previous, merged_before)):
        for category_id, count in source.items():
            # Items of a category no longer listed, or not yet guessed, count as Other.
            key = category_id if category_id in listed else other
            target[key] = target.get(key, 0) + count
    order = [*listed, *([None] if None in merged_now or None in merged_before else [])]
    return [
        ThemeCount(
            categories[key].label if key is not None else "Other",
            merged_now.get(key, 0),
            merged_now.get(key, 0) - merged_before.get(key, 0),
        )
        for key in order
        if merged_now.get(key) or merged_before.get(key)
    ]


QUOTES = 2  # per theme, for the themes raised most
QUOTED_THEMES = 3
QUOTE_LENGTH = 220
_MENTION = re.compile(r"<[@!](?:[^>|]*)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#[^>|]*\|([^>]*)>")
_BARE_CHANNEL = re.compile(r"<#[^>]*>")
_LABELLED = re.compile(r"<[^>|]*\|([^>]*)>")
_BARE = re.compile(r"<([^>]*)>")


def quotable(text: str) -> str:
    """An item's words for a paper: people and special mentions left out, links as their
    labels, entities decoded, whitespace collapsed, long texts cut at a word."""
    text = _MENTION.sub("(someone)", text)
    text = _CHANNEL.sub(r"#\1", text)
    text = _BARE_CHANNEL.sub("a channel", text)
    text = _LABELLED.sub(r"\1", text)
    text = _BARE.sub(r"\1", text)
    text = " ".join(html.unescape(text).split())
    if len(text) > QUOTE_LENGTH:
        text = text[:QUOTE_LENGTH].rsplit(" ", 1)[0] + "…"
    return text


def theme_details(*, session: Session, start: datetime, end: datetime) -> list[ThemeDetail]:
    """The themes of `theme_counts`, each with providers' items answered and a few quotes
    (the most supported first)."""
    themes = theme_counts(session=session, start=start, end=end)
    categories = list(session.scalars(select(MustHaveCategory)))
    labels = {c.id: c.label for c in categories}
    other = next((c.id for c in categories if c.key == OTHER), None)
    listed = {c.id for c in active_categories(session=session)}
    raised: dict[str, int] = {}
    answered: dict[str, int] = {}
    said: dict[str, list[tuple[int, str]]] = {}
    query = _listed().where(*_raised(start, end), VoiceItem.author_side == AuthorSide.PROVIDER)
    for item, reactors, replies in session.execute(query):
        # As `theme_counts` merges them: an unlisted or unguessed category counts as Other.
        key = item.category_id if item.category_id in listed else other
        name = labels[key] if key is not None else "Other"
        raised[name] = raised.get(name, 0) + 1
        answered[name] = answered.get(name, 0) + (item.officer_answered_at is not None)
        said.setdefault(name, []).append((-(reactors + replies), quotable(item.text)))
    quoted = {t.label for t in sorted(themes, key=lambda t: -t.count)[:QUOTED_THEMES]}
    return [
        ThemeDetail(
            theme,
            raised.get(theme.label, 0),
            answered.get(theme.label, 0),
            tuple(text for _, text in sorted(said.get(theme.label, []))[:QUOTES] if text)
            if theme.label in quoted
            else (),
        )
        for theme in themes
    ]


def _listed() -> Select[VoiceItem, int, int]:
    reactors = (
        select(
            VoiceReaction.channel,
            VoiceReaction.ts,
            func.count(func.distinct(VoiceReaction.slack_user_id)).label("n"),
        )
        .where(VoiceReaction.active.is_(True))
        .group_by(VoiceReaction.channel, VoiceReaction.ts)
        .subquery()
    )
    replies = (
        select(VoiceItem.channel, VoiceItem.thread_ts, func.count().label("n"))
        .where(VoiceItem.thread_ts.is_not(None), VoiceItem.deleted_at.is_(None))
        .group_by(VoiceItem.channel, VoiceItem.thread_ts)
        .subquery()
    )
    return (
        select(
            VoiceItem,
            func.coalesce(reactors.c.n, 0),
            func.coalesce(replies.c.n, 0),
        )
        .outerjoin(
            reactors, and_(reactors.c.channel == VoiceItem.channel, reactors.c.ts == VoiceItem.ts)
        )
        .outerjoin(
            replies,
            and_(replies.c.channel == VoiceItem.channel, replies.c.thread_ts == VoiceItem.ts),
        )
    )


def _view(item: VoiceItem, reactors: int, replies: int) -> ListedItem:
    return ListedItem(
        item.id,
        item.channel,
        item.ts,
        item.text,
        item.author_side,
        item.anonymous,
        item.posted_at,
        reactors,
        replies,
        item.permalink,
    )


def most_supported(
    *, session: Session, start: datetime, end: datetime, limit: int = MOST_SUPPORTED
) -> list[ListedItem]:
    """The period's raised items with the most support (at least some), most first."""
    query = _listed().where(*_raised(start, end))
    rows = [_view(item, r, p) for item, r, p in session.execute(query)]
    ranked = sorted((v for v in rows if v.support), key=lambda v: (-v.support, v.posted_at))
    return ranked[:limit]


def unanswered(
    *, session: Session, start: datetime, end: datetime, calendar: WorkingCalendar
) -> list[ListedItem]:
    """Providers' items with no officer reply two working days on, oldest first."""
    query = (
        _listed()
        .where(*_raised(start - (end - start), end))
        .where(VoiceItem.author_side == AuthorSide.PROVIDER)
        .where(or_(VoiceItem.officer_answered_at.is_(None), VoiceItem.officer_answered_at > end))
        .order_by(VoiceItem.posted_at, VoiceItem.id)
    )
    wait = ANSWER_WITHIN_DAYS * calendar.day_minutes
    return [
        _view(item, r, p)
        for item, r, p in session.execute(query)
        if calendar.minutes_between(item.posted_at, end) >= wait
    ]


def summarise(
    *,
    session: Session,
    end: datetime,
    calendar: WorkingCalendar,
    period: timedelta = PERIOD,
    listed: int = 20,
) -> VoiceSummary:
    """The summary of the period ending at `end`; at most `listed` unanswered items in full."""
    start = end - period
    waiting = unanswered(session=session, start=start, end=end, calendar=calendar)
    current, previous = _counts(session, start, end), _counts(session, start - period, start)
    return VoiceSummary(
        start=start,
        end=end,
        total=sum(current.values()),
        previous_total=sum(previous.values()),
        themes=theme_counts(session=session, start=start, end=end),
        supported=most_supported(session=session, start=start, end=end),
        unanswered=waiting[:listed],
        unanswered_total=len(waiting),
        in_actions=turned_into_actions(session=session, start=start, end=end),
    )


def turned_into_actions(*, session: Session, start: datetime, end: datetime) -> list[ActionedItem]:
    """Items linked to an action in [start, end), oldest link first, with the actions."""
    items = list(
        session.scalars(
            select(VoiceItem)
            .where(
                VoiceItem.action_linked_at >= start,
                VoiceItem.action_linked_at < end,
                VoiceItem.deleted_at.is_(None),
            )
            .order_by(VoiceItem.action_linked_at, VoiceItem.id)
        )
    )
    linked = voice_items_in_actions(session=session, item_ids=[i.id for i in items])
    wanted = {a for ids in linked.values() for a in ids}
    titles: dict[int, str] = {
        number: title
        for number, title in session.execute(
            select(Action.id, Action.title).where(Action.id.in_(wanted))
        )
    }
    return [
        ActionedItem(
            item.id,
            item.text,
            item.posted_at,
            tuple(titles[a] for a in linked.get(item.id, []) if a in titles),
        )
        for item in items
    ]
