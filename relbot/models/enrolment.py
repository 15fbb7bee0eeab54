"""Requests to join relbot from people of teams no organisation lists, held for an admin."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from relbot.models.base import Base, UTCDateTime, str_enum, utcnow
from relbot.models.enums import Area, Position


class RequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class EnrolmentRequest(Base):
    """One person's request, with the details they gave; the unique user id means one each,
    and it is decided by a conditional update from pending, so it is decided once."""

    __tablename__ = "enrolment_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    slack_user_id: Mapped[str] = mapped_column(String(32), unique=True)
    team_id: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[Position | None] = mapped_column(str_enum(Position, "enrolment_position"))
    area: Mapped[Area | None] = mapped_column(str_enum(Area, "enrolment_area"))
    organisation: Mapped[str] = mapped_column(String(200))
    status: Mapped[RequestStatus] = mapped_column(str_enum(RequestStatus, "enrolment_status"))
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
