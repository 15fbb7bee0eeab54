"""Pulse surveys: a versioned question bank, rounds, invitations (the DM outbox) and answers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relbot.models.base import Base, UTCDateTime, str_enum, utcnow
from relbot.models.enums import Area, CouncilShare, OrgSize, Position, ServiceType, Side


class Dimension(StrEnum):
    """The eight dimensions of partnership every round asks about."""

    TRUST = "trust"
    INFORMATION_SHARING = "information_sharing"
    INCLUSION = "inclusion"
    STRATEGIC_CLARITY = "strategic_clarity"
    RESPONSIVENESS = "responsiveness"
    MANAGING_CONFLICTS = "managing_conflicts"
    ROLES = "roles"
    INTEGRATED_WORKING = "integrated_working"


class RoundStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class DeliveryStatus(StrEnum):
    """Where one outgoing Slack message stands: written before the call, marked after it."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class PulseQuestion(Base):
    """One dimension's wording in one version of the question bank; never edited once used."""

    __tablename__ = "pulse_question"
    __table_args__ = (UniqueConstraint("version", "dimension"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    dimension: Mapped[Dimension] = mapped_column(str_enum(Dimension, "pulse_question_dimension"))
    ordinal: Mapped[int] = mapped_column(SmallInteger)
    title: Mapped[str] = mapped_column(String(120))
    low_statement: Mapped[str] = mapped_column(Text)
    high_statement: Mapped[str] = mapped_column(Text)


class PulseRound(Base):
    """One survey round. `slot` is unique, so two processes can never open the same round;
    `open_marker` is true only while open and unique, so two rounds are never open at once."""

    __tablename__ = "pulse_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot: Mapped[str] = mapped_column(String(64), unique=True)
    open_marker: Mapped[bool | None] = mapped_column(Boolean, unique=True)
    question_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[RoundStatus] = mapped_column(str_enum(RoundStatus, "pulse_round_status"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_by: Mapped[str] = mapped_column(String(64))

    invitations: Mapped[list[PulseInvitation]] = relationship(back_populates="round")
    responses: Mapped[list[PulseResponse]] = relationship(back_populates="round")


class PulseInvitation(Base):
    """The DM inviting one person to one round, and its one reminder."""

    __tablename__ = "pulse_invitation"
    __table_args__ = (UniqueConstraint("round_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("pulse_round.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    status: Mapped[DeliveryStatus] = mapped_column(
        str_enum(DeliveryStatus, "pulse_invitation_status")
    )
    channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_status: Mapped[DeliveryStatus | None] = mapped_column(
        str_enum(DeliveryStatus, "pulse_invitation_reminder_status")
    )
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(String(200))
    # Slack refused a DM to this person (often someone of another organisation's workspace):
    # they are reached through the provider channels instead, by the round's announcement
    # there and a reminder only they see, and still count as invited.
    via_channels: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    round: Mapped[PulseRound] = relationship(back_populates="invitations")


class PulseAnnouncement(Base):
    """A round's announcement in one provider channel: the row is written before the post, and
    the unique round and channel make a second announcement impossible."""

    __tablename__ = "pulse_announcement"
    __table_args__ = (UniqueConstraint("round_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("pulse_round.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(32))
    status: Mapped[DeliveryStatus] = mapped_column(
        str_enum(DeliveryStatus, "pulse_announcement_status")
    )
    message_ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PulseResponse(Base):
    """One person's answer to one round, with their segments as they were when they answered.

    `person_id` is cleared when a person is forgotten; the snapshot keeps aggregates intact.
    """

    __tablename__ = "pulse_response"
    __table_args__ = (UniqueConstraint("round_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("pulse_round.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    side: Mapped[Side] = mapped_column(str_enum(Side, "pulse_response_side"))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL")
    )
    position: Mapped[Position | None] = mapped_column(str_enum(Position, "pulse_response_position"))
    area: Mapped[Area | None] = mapped_column(str_enum(Area, "pulse_response_area"))
    service_type: Mapped[ServiceType | None] = mapped_column(
        str_enum(ServiceType, "pulse_response_service_type")
    )
    org_size: Mapped[OrgSize | None] = mapped_column(str_enum(OrgSize, "pulse_response_org_size"))
    council_share: Mapped[CouncilShare | None] = mapped_column(
        str_enum(CouncilShare, "pulse_response_council_share")
    )
    comment: Mapped[str | None] = mapped_column(Text)
    # How many of the answers are 1-4 (0 = no contact is left out), and their sum: kept with
    # the answers, so the trend reads one row per response instead of every answer. No
    # default: whatever writes a response must say what its answers add up to.
    answer_count: Mapped[int] = mapped_column(SmallInteger)
    answer_total: Mapped[int] = mapped_column(SmallInteger)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    round: Mapped[PulseRound] = relationship(back_populates="responses")
    answers: Mapped[list[PulseAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )
    department_answers: Mapped[list[PulseDepartmentAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class PulseAnswer(Base):
    """A score for one dimension of the relationship as a whole: 1-4, or 0 for no contact."""

    __tablename__ = "pulse_answer"
    __table_args__ = (
        UniqueConstraint("response_id", "dimension"),
        CheckConstraint("score BETWEEN 0 AND 4", name="score_range"),
        # Covers the digest's chart, which reads every answer of many rounds: the scores come
        # from the index alone, without a lookup of each row.
        Index("ix_pulse_answer_response_scores", "response_id", "dimension", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("pulse_response.id", ondelete="CASCADE"))
    dimension: Mapped[Dimension] = mapped_column(str_enum(Dimension, "pulse_answer_dimension"))
    score: Mapped[int] = mapped_column(SmallInteger)

    response: Mapped[PulseResponse] = relationship(back_populates="answers")


class PulseDepartmentAnswer(Base):
    """A provider's score for one department on one dimension."""

    __tablename__ = "pulse_department_answer"
    __table_args__ = (
        UniqueConstraint("response_id", "department_id", "dimension"),
        CheckConstraint("score BETWEEN 0 AND 4", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("pulse_response.id", ondelete="CASCADE"))
    department_id: Mapped[int] = mapped_column(
        ForeignKey("department.id", ondelete="CASCADE"), index=True
    )
    dimension: Mapped[Dimension] = mapped_column(
        str_enum(Dimension, "pulse_department_answer_dimension")
    )
    score: Mapped[int] = mapped_column(SmallInteger)

    response: Mapped[PulseResponse] = relationship(back_populates="department_answers")
