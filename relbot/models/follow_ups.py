"""Asking providers, in a pulse round, whether a done action made a difference."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from relbot.models.base import Base, UTCDateTime, utcnow


class PulseFollowUp(Base):
    """A done action asked about in one round. `action_id` is unique: each action is asked
    about once, ever, however many rounds open after it."""

    __tablename__ = "pulse_follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("pulse_round.id", ondelete="CASCADE"), index=True
    )
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PulseFollowUpAnswer(Base):
    """One response's answer to a follow-up: 1 (much worse) to 4 (much better), or 0 for
    "not noticed". Kept with the response, so it is as anonymous as the response is."""

    __tablename__ = "pulse_follow_up_answer"
    __table_args__ = (
        UniqueConstraint("response_id", "follow_up_id"),
        CheckConstraint("score BETWEEN 0 AND 4", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("pulse_response.id", ondelete="CASCADE"))
    follow_up_id: Mapped[int] = mapped_column(
        ForeignKey("pulse_follow_up.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int] = mapped_column(SmallInteger)
