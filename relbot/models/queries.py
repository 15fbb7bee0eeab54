"""The provider query log: tickets, their event timeline and overdue reminders."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relbot.models.base import Base, UTCDateTime, str_enum, utcnow
from relbot.models.pulse import DeliveryStatus


class QuerySource(StrEnum):
    COMMAND = "command"
    MODAL = "modal"
    SHORTCUT = "shortcut"


class QueryStatus(StrEnum):
    OPEN = "open"
    RESPONDED = "responded"
    RESOLVED = "resolved"


class QueryEventKind(StrEnum):
    LOGGED = "logged"
    POSTED = "posted"
    RESPONDED = "responded"
    REPLIED = "replied"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    REASSIGNED = "reassigned"
    REMINDED = "reminded"


class RelayDirection(StrEnum):
    """Which way a message crosses between a provider's DM thread and the queue thread."""

    TO_PROVIDER = "to_provider"
    TO_QUEUE = "to_queue"


class QueryTicket(Base):
    """One provider query to one department.

    `request_key` is unique: a retried slash command or shortcut can never log it twice.
    """

    __tablename__ = "query_ticket"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_key: Mapped[str] = mapped_column(String(128), unique=True)
    asker_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[QuerySource] = mapped_column(str_enum(QuerySource, "query_ticket_source"))
    source_permalink: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[QueryStatus] = mapped_column(str_enum(QueryStatus, "query_ticket_status"))
    queue_channel: Mapped[str | None] = mapped_column(String(32))
    queue_ts: Mapped[str | None] = mapped_column(String(32), index=True)
    post_status: Mapped[DeliveryStatus] = mapped_column(
        str_enum(DeliveryStatus, "query_ticket_post_status")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_response_working_minutes: Mapped[int | None] = mapped_column(Integer)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_working_minutes: Mapped[int | None] = mapped_column(Integer)
    # The provider's side of the conversation: a thread in their DM with relbot. None when
    # the asker is an officer, who follows the queue thread itself.
    dm_status: Mapped[DeliveryStatus | None] = mapped_column(
        str_enum(DeliveryStatus, "query_ticket_dm_status")
    )
    dm_channel: Mapped[str | None] = mapped_column(String(32))
    dm_ts: Mapped[str | None] = mapped_column(String(32), index=True)

    events: Mapped[list[QueryEvent]] = relationship(
        back_populates="ticket", order_by="QueryEvent.id", cascade="all, delete-orphan"
    )


class QueryEvent(Base):
    """Everything that happened to a ticket, in order, so its timeline can be rebuilt.

    `slack_event_id` is unique: a redelivered Events API callback is recorded once.
    """

    __tablename__ = "query_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("query_ticket.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[QueryEventKind] = mapped_column(str_enum(QueryEventKind, "query_event_kind"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    slack_event_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    ticket: Mapped[QueryTicket] = relationship(back_populates="events")


class QueryReminder(Base):
    """An overdue reminder for one ticket at one threshold (75, 100 or 200 per cent)."""

    __tablename__ = "query_reminder"
    __table_args__ = (UniqueConstraint("ticket_id", "threshold_percent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("query_ticket.id", ondelete="CASCADE"))
    threshold_percent: Mapped[int] = mapped_column(SmallInteger)
    status: Mapped[DeliveryStatus] = mapped_column(
        str_enum(DeliveryStatus, "query_reminder_status")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class QueryRelay(Base):
    """One message passed between a provider's DM thread and the department's queue thread.

    The row is written before the post, and (source channel, source ts) is unique: Slack's
    retries of the same message, and a restart half-way, relay it once. Its text is kept
    only until it is relayed.
    """

    __tablename__ = "query_relay"
    __table_args__ = (UniqueConstraint("source_channel", "source_ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("query_ticket.id", ondelete="CASCADE"), index=True
    )
    direction: Mapped[RelayDirection] = mapped_column(
        str_enum(RelayDirection, "query_relay_direction")
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    source_channel: Mapped[str] = mapped_column(String(32))
    source_ts: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    files: Mapped[int] = mapped_column(SmallInteger, default=0)
    status: Mapped[DeliveryStatus] = mapped_column(str_enum(DeliveryStatus, "query_relay_status"))
    target_ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
