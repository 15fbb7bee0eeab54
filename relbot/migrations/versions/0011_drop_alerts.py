"""drop alerts: sharp falls between two closed pulse rounds, and where each was told

Revision ID: 0011_drop_alerts
Revises: 0010_action_follow_up
Create Date: 2026-12-06 22:40:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_drop_alerts"
down_revision: str | None = "0010_action_follow_up"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _status() -> sa.Enum:
    return sa.Enum(
        "pending",
        "sending",
        "sent",
        "failed",
        name="drop_alert_post_status",
        native_enum=False,
        create_constraint=True,
        length=32,
    )


def upgrade() -> None:
    op.create_table(
        "drop_alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("previous_round_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "dimension",
                "department",
                name="drop_alert_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("before", sa.Float(), nullable=False),
        sa.Column("after", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["previous_round_id"],
            ["pulse_round.id"],
            name=op.f("fk_drop_alert_previous_round_id_pulse_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["pulse_round.id"],
            name=op.f("fk_drop_alert_round_id_pulse_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drop_alert")),
        sa.UniqueConstraint(
            "round_id", "kind", "key", name=op.f("uq_drop_alert_round_id_kind_key")
        ),
    )
    with op.batch_alter_table("drop_alert", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_drop_alert_previous_round_id"), ["previous_round_id"], unique=False
        )
    op.create_table(
        "drop_alert_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("status", _status(), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("error", sa.String(length=64), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["drop_alert.id"],
            name=op.f("fk_drop_alert_post_alert_id_drop_alert"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drop_alert_post")),
        sa.UniqueConstraint(
            "alert_id", "channel", name=op.f("uq_drop_alert_post_alert_id_channel")
        ),
    )
    with op.batch_alter_table("drop_alert_post", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drop_alert_post_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("drop_alert_post", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drop_alert_post_status"))
    op.drop_table("drop_alert_post")
    with op.batch_alter_table("drop_alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drop_alert_previous_round_id"))
    op.drop_table("drop_alert")
