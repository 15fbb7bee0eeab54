"""scale indexes

Revision ID: 0003_scale_indexes
Revises: 0002_provider_voice
Create Date: 2026-11-24 11:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_scale_indexes"
down_revision: str | None = "0002_provider_voice"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The trend and the digest's chart read every answer of many rounds; with the score in
    # the index they need no lookup of each answer row.
    with op.batch_alter_table("pulse_answer", schema=None) as batch_op:
        batch_op.create_index(
            "ix_pulse_answer_response_scores",
            ["response_id", "dimension", "score"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("pulse_answer", schema=None) as batch_op:
        batch_op.drop_index("ix_pulse_answer_response_scores")
