"""action follow-up: a done action asked about once in a pulse round, and its answers

Revision ID: 0010_action_follow_up
Revises: 0009_actions
Create Date: 2026-12-06 22:45:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_action_follow_up"
down_revision: str | None = "0009_actions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pulse_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_pulse_follow_up_action_id_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["pulse_round.id"],
            name=op.f("fk_pulse_follow_up_round_id_pulse_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_follow_up")),
        sa.UniqueConstraint("action_id", name=op.f("uq_pulse_follow_up_action_id")),
    )
    with op.batch_alter_table("pulse_follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pulse_follow_up_round_id"), ["round_id"], unique=False)
    op.create_table(
        "pulse_follow_up_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("follow_up_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint(
            "score BETWEEN 0 AND 4", name=op.f("ck_pulse_follow_up_answer_score_range")
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["pulse_follow_up.id"],
            name=op.f("fk_pulse_follow_up_answer_follow_up_id_pulse_follow_up"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["pulse_response.id"],
            name=op.f("fk_pulse_follow_up_answer_response_id_pulse_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_follow_up_answer")),
        sa.UniqueConstraint(
            "response_id",
            "follow_up_id",
            name=op.f("uq_pulse_follow_up_answer_response_id_follow_up_id"),
        ),
    )
    with op.batch_alter_table("pulse_follow_up_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pulse_follow_up_answer_follow_up_id"), ["follow_up_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pulse_follow_up_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pulse_follow_up_answer_follow_up_id"))
    op.drop_table("pulse_follow_up_answer")
    with op.batch_alter_table("pulse_follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pulse_follow_up_round_id"))
    op.drop_table("pulse_follow_up")
