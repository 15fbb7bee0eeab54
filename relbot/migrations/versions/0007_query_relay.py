"""query relay: the provider's DM thread of a query, and each message relayed

Revision ID: 0007_query_relay
Revises: 0006_enrolment
Create Date: 2026-12-06 21:49:25.445695+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_query_relay"
down_revision: str | None = "0006_enrolment"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "query_relay",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column(
            "direction",
            sa.Enum(
                "to_provider",
                "to_queue",
                name="query_relay_direction",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("source_channel", sa.String(length=32), nullable=False),
        sa.Column("source_ts", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("files", sa.SmallInteger(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "failed",
                name="query_relay_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("target_ts", sa.String(length=32), nullable=True),
        sa.Column("error", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["person.id"],
            name=op.f("fk_query_relay_author_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["query_ticket.id"],
            name=op.f("fk_query_relay_ticket_id_query_ticket"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_query_relay")),
        sa.UniqueConstraint(
            "source_channel", "source_ts", name=op.f("uq_query_relay_source_channel_source_ts")
        ),
    )
    with op.batch_alter_table("query_relay", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_query_relay_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_query_relay_ticket_id"), ["ticket_id"], unique=False)

    with op.batch_alter_table("query_ticket", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "dm_status",
                sa.Enum(
                    "pending",
                    "sending",
                    "sent",
                    "failed",
                    name="query_ticket_dm_status",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("dm_channel", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("dm_ts", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_query_ticket_dm_ts"), ["dm_ts"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("query_ticket", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_query_ticket_dm_ts"))
        batch_op.drop_constraint(
            batch_op.f("ck_query_ticket_query_ticket_dm_status"), type_="check"
        )
        batch_op.drop_column("dm_ts")
        batch_op.drop_column("dm_channel")
        batch_op.drop_column("dm_status")

    with op.batch_alter_table("query_relay", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_query_relay_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_query_relay_author_id"))

    op.drop_table("query_relay")
