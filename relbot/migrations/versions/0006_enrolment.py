"""enrolment: organisations' teams and segments, and requests held for approval

Revision ID: 0006_enrolment
Revises: 0005_provider_hub
Create Date: 2026-12-06 22:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_enrolment"
down_revision: str | None = "0005_provider_hub"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SERVICE_TYPES = ("homecare", "residential", "supported_living", "day_care", "other")
ORG_SIZES = ("small", "medium", "large")
COUNCIL_SHARES = ("0-25", "25-50", "50-75", "75-100")
POSITIONS = (
    "head_of_service",
    "manager",
    "officer",
    "practitioner",
    "owner",
    "director",
    "registered_manager",
    "care_manager",
    "frontline",
)
AREAS = ("north", "mid", "south", "west", "countywide")


def _enum(values: Sequence[str], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    # Batch mode: SQLite rebuilds the table, so the new columns keep their CHECK constraints.
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "service_type", _enum(SERVICE_TYPES, "organisation_service_type"), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column("org_size", _enum(ORG_SIZES, "organisation_org_size"), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "council_share", _enum(COUNCIL_SHARES, "organisation_council_share"), nullable=True
            )
        )
    op.create_table(
        "organisation_team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_organisation_team_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_team")),
        sa.UniqueConstraint("team_id", name=op.f("uq_organisation_team_team_id")),
    )
    with op.batch_alter_table("organisation_team", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_team_organisation_id"), ["organisation_id"], unique=False
        )
    op.create_table(
        "enrolment_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", _enum(POSITIONS, "enrolment_position"), nullable=True),
        sa.Column("area", _enum(AREAS, "enrolment_area"), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column(
            "status", _enum(("pending", "approved", "refused"), "enrolment_status"), nullable=False
        ),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment_request")),
        sa.UniqueConstraint("slack_user_id", name=op.f("uq_enrolment_request_slack_user_id")),
    )


def downgrade() -> None:
    op.drop_table("enrolment_request")
    with op.batch_alter_table("organisation_team", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_team_organisation_id"))
    op.drop_table("organisation_team")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        # Their CHECK constraints first: SQLite's rebuilt table would keep them otherwise.
        for column in ("council_share", "org_size", "service_type"):
            batch_op.drop_constraint(
                batch_op.f(f"ck_organisation_organisation_{column}"), type_="check"
            )
            batch_op.drop_column(column)
