"""pulse channels

Revision ID: 0008_pulse_channels
Revises: 0007_query_relay
Create Date: 2026-12-06 22:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_pulse_channels"
down_revision: str | None = "0007_query_relay"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place: on SQLite any other change rebuilds pulse_invitation.
    op.add_column(
        "pulse_invitation",
        sa.Column("via_channels", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "pulse_announcement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "failed",
                name="pulse_announcement_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("error", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["pulse_round.id"],
            name=op.f("fk_pulse_announcement_round_id_pulse_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_announcement")),
        sa.UniqueConstraint(
            "round_id", "channel", name=op.f("uq_pulse_announcement_round_id_channel")
        ),
    )


def downgrade() -> None:
    op.drop_table("pulse_announcement")
    # In place on SQLite too (3.35 or newer), as 0004 does.
    op.drop_column("pulse_invitation", "via_channels")
