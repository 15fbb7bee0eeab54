"""Must Haves: collection rounds, categories and each person's three."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relbot.models.base import Base, UTCDateTime, str_enum, utcnow
from relbot.models.enums import Side

MUST_HAVES_PER_PERSON = 3


class CollectionStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class MustHaveCategory(Base):
    """A best-fit category; the list is configurable and starts from the seed report's."""

    __tablename__ = "must_have_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    keywords: Mapped[str] = mapped_column(Text, default="")
    ordinal: Mapped[int] = mapped_column(SmallInteger, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class MustHaveCollection(Base):
    """A period in which people record their three Must Haves."""

    __tablename__ = "must_have_collection"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[CollectionStatus] = mapped_column(
        str_enum(CollectionStatus, "must_have_collection_status")
    )
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MustHave(Base):
    """One of a person's three Must Haves in a collection; `slot` 1-3 caps them in the database."""

    __tablename__ = "must_have"
    __table_args__ = (
        UniqueConstraint("collection_id", "person_id", "slot"),
        CheckConstraint(f"slot BETWEEN 1 AND {MUST_HAVES_PER_PERSON}", name="slot_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(
        ForeignKey("must_have_collection.id", ondelete="CASCADE")
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    side: Mapped[Side] = mapped_column(str_enum(Side, "must_have_side"))
    slot: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int] = mapped_column(ForeignKey("must_have_category.id"), index=True)
    categorised_by: Mapped[str] = mapped_column(String(64), default="auto")
    request_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    category: Mapped[MustHaveCategory] = relationship()
