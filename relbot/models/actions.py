"""Closing the loop: what the council does about what it heard, and its public updates."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relbot.models.base import Base, UTCDateTime, str_enum, utcnow

TITLE_MAX = 200


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


CLOSED_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.DROPPED})


class TargetKind(StrEnum):
    """What an action answers: a pulse dimension, a department, a Must Have category or an
    item raised in the provider-voice channel."""

    DIMENSION = "dimension"
    DEPARTMENT = "department"
    CATEGORY = "category"
    VOICE = "voice"


class Action(Base):
    """One thing the council does about what it heard, owned by an officer.

    `last_reminded_on` is the latest overdue-reminder occasion claimed (the due date, then
    every seven days), so each occasion reminds the owner once however many processes run.
    """

    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(str_enum(ActionStatus, "action_status"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The Slack user id of the officer or admin who created it, or `cli...` for the CLI.
    created_by: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_reminded_on: Mapped[date | None] = mapped_column(Date)

    targets: Mapped[list[ActionTarget]] = relationship(
        back_populates="action", order_by="ActionTarget.id", cascade="all, delete-orphan"
    )
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", order_by="ActionUpdate.id", cascade="all, delete-orphan"
    )


class ActionTarget(Base):
    """One thing an action answers. `value` is the dimension's key, or the id of the
    department, Must Have category or provider-voice item."""

    __tablename__ = "action_target"
    __table_args__ = (
        UniqueConstraint("action_id", "kind", "value"),
        Index("ix_action_target_kind_value", "kind", "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"))
    kind: Mapped[TargetKind] = mapped_column(str_enum(TargetKind, "action_target_kind"))
    value: Mapped[str] = mapped_column(String(64))

    action: Mapped[Action] = relationship(back_populates="targets")


class ActionUpdate(Base):
    """A change of an action's status, with a note providers may read."""

    __tablename__ = "action_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    status: Mapped[ActionStatus] = mapped_column(str_enum(ActionStatus, "action_update_status"))
    note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )

    action: Mapped[Action] = relationship(back_populates="updates")
