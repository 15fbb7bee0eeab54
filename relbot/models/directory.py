"""Who takes part: organisations, council departments and people."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relbot.models.base import Base, UTCDateTime, str_enum, utcnow
from relbot.models.enums import Area, CouncilShare, OrgSize, Position, ServiceType, Side

DEFAULT_RESPONSE_TARGET_DAYS = 2.0


class Organisation(Base):
    """The council itself or a provider organisation."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    side: Mapped[Side] = mapped_column(str_enum(Side, "organisation_side"))
    # A provider organisation's segments, from the organisations file; its people take them
    # where their own roster row or enrolment leaves them empty.
    service_type: Mapped[ServiceType | None] = mapped_column(
        str_enum(ServiceType, "organisation_service_type")
    )
    org_size: Mapped[OrgSize | None] = mapped_column(str_enum(OrgSize, "organisation_org_size"))
    council_share: Mapped[CouncilShare | None] = mapped_column(
        str_enum(CouncilShare, "organisation_council_share")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    people: Mapped[list[Person]] = relationship(back_populates="organisation")
    teams: Mapped[list[OrganisationTeam]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )


class OrganisationTeam(Base):
    """A Slack workspace (or Enterprise organisation) id of a provider organisation: whoever
    comes from it enrols as one of its people. A team belongs to one organisation only."""

    __tablename__ = "organisation_team"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[str] = mapped_column(String(32), unique=True)

    organisation: Mapped[Organisation] = relationship(back_populates="teams")


class Department(Base):
    """A council department providers deal with; queries for it go to its queue channel."""

    __tablename__ = "department"
    __table_args__ = (CheckConstraint("response_target_days > 0", name="response_target_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # Lower-case name kept beside the display name so lookups are case-insensitive everywhere.
    name_key: Mapped[str] = mapped_column(String(120), unique=True)
    aliases: Mapped[str] = mapped_column(Text, default="")
    queue_channel: Mapped[str | None] = mapped_column(String(32))
    response_target_days: Mapped[float] = mapped_column(Float, default=DEFAULT_RESPONSE_TARGET_DAYS)
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    people: Mapped[list[Person]] = relationship(back_populates="department")

    @property
    def alias_list(self) -> list[str]:
        """Other names people use for this department."""
        return [alias.strip() for alias in self.aliases.split(",") if alias.strip()]


class Person(Base):
    """An officer or a provider's member of staff, identified by Slack user id."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    slack_user_id: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    side: Mapped[Side] = mapped_column(str_enum(Side, "person_side"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[Position | None] = mapped_column(str_enum(Position, "person_position"))
    area: Mapped[Area | None] = mapped_column(str_enum(Area, "person_area"))
    service_type: Mapped[ServiceType | None] = mapped_column(
        str_enum(ServiceType, "person_service_type")
    )
    org_size: Mapped[OrgSize | None] = mapped_column(str_enum(OrgSize, "person_org_size"))
    council_share: Mapped[CouncilShare | None] = mapped_column(
        str_enum(CouncilShare, "person_council_share")
    )
    decision_maker: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")
    department: Mapped[Department | None] = relationship(back_populates="people")
