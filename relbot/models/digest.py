"""The weekly digest: one row per ISO week and channel, written before it is posted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from relbot.models.base import Base, UTCDateTime, str_enum, utcnow
from relbot.models.pulse import DeliveryStatus


class Digest(Base):
    """A relationship-health digest for one ISO week; the unique key makes posting once-only."""

    __tablename__ = "digest"
    __table_args__ = (UniqueConstraint("iso_year", "iso_week", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    iso_year: Mapped[int] = mapped_column(SmallInteger)
    iso_week: Mapped[int] = mapped_column(SmallInteger)
    channel: Mapped[str] = mapped_column(String(32))
    status: Mapped[DeliveryStatus] = mapped_column(str_enum(DeliveryStatus, "digest_status"))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
