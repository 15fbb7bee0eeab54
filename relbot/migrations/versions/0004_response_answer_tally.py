"""response answer tally

Revision ID: 0004_response_answer_tally
Revises: 0003_scale_indexes
Create Date: 2026-11-24 14:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_response_answer_tally"
down_revision: str | None = "0003_scale_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Each response keeps the count and sum of its 1-4 answers (0 = no contact is left
    # out), so the trend reads one row per response instead of every answer.
    #
    # Columns are only added and dropped in place: on SQLite any other change rebuilds the
    # table, and dropping the old pulse_response with foreign keys on would cascade-delete
    # every answer.
    op.add_column(
        "pulse_response",
        sa.Column("answer_count", sa.SmallInteger(), nullable=False, server_default="0"),
    )
    op.add_column(
        "pulse_response",
        sa.Column("answer_total", sa.SmallInteger(), nullable=False, server_default="0"),
    )
    # Responses kept before this revision: from their answers.
    op.execute(
        "UPDATE pulse_response SET "
        "answer_count = (SELECT COUNT(*) FROM pulse_answer "
        "WHERE pulse_answer.response_id = pulse_response.id AND pulse_answer.score > 0), "
        "answer_total = (SELECT COALESCE(SUM(pulse_answer.score), 0) FROM pulse_answer "
        "WHERE pulse_answer.response_id = pulse_response.id AND pulse_answer.score > 0)"
    )
    if op.get_bind().dialect.name == "postgresql":
        # From now on whatever writes a response must say what its answers add up to. (SQLite
        # keeps the default: dropping it would rebuild the table, see above.)
        for column in ("answer_count", "answer_total"):
            op.alter_column(
                "pulse_response",
                column,
                existing_type=sa.SmallInteger(),
                existing_nullable=False,
                server_default=None,
            )


def downgrade() -> None:
    # In place on SQLite too (3.35 or newer), for the reason above.
    op.drop_column("pulse_response", "answer_total")
    op.drop_column("pulse_response", "answer_count")
