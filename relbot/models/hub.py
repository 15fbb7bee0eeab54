"""The provider hub: one message in each provider channel, its row written before it posts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from relbot.models.base import Base, UTCDateTime, str_enum, utcnow
from relbot.models.pulse import DeliveryStatus


class HubMessage(Base):
    """The hub of one channel; the unique channel makes a second one impossible."""

    __tablename__ = "hub_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[DeliveryStatus] = mapped_column(str_enum(DeliveryStatus, "hub_status"))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
