"""Sharp drops between two closed pulse rounds, and the messages that tell of them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relbot.models.base import Base, UTCDateTime, str_enum, utcnow
from relbot.models.pulse import DeliveryStatus


class DropKind(StrEnum):
    """What fell: a dimension (both sides together) or a department's index as providers
    rated it."""

    DIMENSION = "dimension"
    DEPARTMENT = "department"


class DropAlert(Base):
    """One sharp drop found when a round closed; the unique round, kind and key make a
    second alert about the same fall impossible. `key` is the dimension's key or the
    department's id; `label` is what people read (the department's name when it fell)."""

    __tablename__ = "drop_alert"
    __table_args__ = (UniqueConstraint("round_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("pulse_round.id", ondelete="CASCADE"))
    previous_round_id: Mapped[int] = mapped_column(
        ForeignKey("pulse_round.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DropKind] = mapped_column(str_enum(DropKind, "drop_alert_kind"))
    key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(120))
    before: Mapped[float] = mapped_column(Float)
    after: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    posts: Mapped[list[DropAlertPost]] = relationship(
        back_populates="alert", order_by="DropAlertPost.id", cascade="all, delete-orphan"
    )


class DropAlertPost(Base):
    """The alert told in one place: the officers' channel, or a decision maker's DM (by
    their Slack user id). Written with the alert, before the post; unique per place."""

    __tablename__ = "drop_alert_post"
    __table_args__ = (UniqueConstraint("alert_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("drop_alert.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(32))
    status: Mapped[DeliveryStatus] = mapped_column(
        str_enum(DeliveryStatus, "drop_alert_post_status"), index=True
    )
    message_ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(64))
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    alert: Mapped[DropAlert] = relationship(back_populates="posts")
