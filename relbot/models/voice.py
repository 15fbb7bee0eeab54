"""Provider voice: what people write in the provider-voice channel, and their reactions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from relbot.models.base import Base, UTCDateTime, str_enum, utcnow


class AuthorSide(StrEnum):
    """The author's side when they wrote it; `unknown` for people not in the directory."""

    PROVIDER = "provider"
    OFFICER = "officer"
    UNKNOWN = "unknown"


class VoiceItem(Base):
    """One message (top-level or thread reply) in the provider-voice channel.

    Anonymous items, posted by relbot for `/voice`, have no author at all. Replies keep
    their parent's ts in `thread_ts`; a top-level message has none.
    """

    __tablename__ = "voice_item"
    __table_args__ = (
        UniqueConstraint("channel", "ts"),
        Index("ix_voice_item_thread", "channel", "thread_ts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    author_side: Mapped[AuthorSide] = mapped_column(str_enum(AuthorSide, "voice_item_author_side"))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("must_have_category.id", ondelete="SET NULL"), index=True
    )
    permalink: Mapped[str | None] = mapped_column(String(500))
    officer_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When an officer first made it part of an action: that answers it too.
    action_linked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A deleted message keeps only this tombstone, so a late retry cannot bring it back.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class VoiceReaction(Base):
    """One person's one reaction on a message in the provider-voice channel.

    Keyed by the message's (channel, ts) rather than by item, so a reaction that arrives
    before its message is kept; `changed_ts` is the latest event applied, so a late retry of
    an older event cannot undo a newer one.
    """

    __tablename__ = "voice_reaction"
    __table_args__ = (UniqueConstraint("channel", "ts", "slack_user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    slack_user_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    changed_ts: Mapped[str] = mapped_column(String(32))
