"""provider voice

Revision ID: 0002_provider_voice
Revises: 0001_initial
Create Date: 2026-11-24 10:18:59.930130+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_provider_voice"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUTHOR_SIDE = sa.Enum(
    "provider",
    "officer",
    "unknown",
    name="voice_item_author_side",
    native_enum=False,
    create_constraint=True,
    length=32,
)


def upgrade() -> None:
    op.create_table(
        "voice_reaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=False),
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("changed_ts", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voice_reaction")),
        sa.UniqueConstraint(
            "channel",
            "ts",
            "slack_user_id",
            "name",
            name=op.f("uq_voice_reaction_channel_ts_slack_user_id_name"),
        ),
    )
    with op.batch_alter_table("voice_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("thread_ts", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("author_side", AUTHOR_SIDE, nullable=False, server_default="unknown")
        )
        batch_op.add_column(sa.Column("category_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_voice_item_category_id"), ["category_id"], unique=False
        )
        batch_op.create_index("ix_voice_item_thread", ["channel", "thread_ts"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_voice_item_category_id_must_have_category"),
            "must_have_category",
            ["category_id"],
            ["id"],
            ondelete="SET NULL",
        )
    # Rows kept before this revision: the author's side and the theme as a category.
    op.execute(
        "UPDATE voice_item SET author_side = COALESCE("
        "(SELECT person.side FROM person WHERE person.id = voice_item.author_id), "
        "CASE WHEN voice_item.anonymous THEN 'provider' ELSE 'unknown' END)"
    )
    op.execute(
        "UPDATE voice_item SET category_id = (SELECT must_have_category.id "
        "FROM must_have_category WHERE must_have_category.key = voice_item.theme)"
    )
    with op.batch_alter_table("voice_item", schema=None) as batch_op:
        batch_op.alter_column(
            "author_side", existing_type=AUTHOR_SIDE, existing_nullable=False, server_default=None
        )
        batch_op.drop_index(batch_op.f("ix_voice_item_theme"))
        batch_op.drop_constraint(batch_op.f("uq_voice_item_request_key"), type_="unique")
        batch_op.drop_column("support_count")
        batch_op.drop_column("theme")
        batch_op.drop_column("reply_count")
        batch_op.drop_column("request_key")


def downgrade() -> None:
    with op.batch_alter_table("voice_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_key", sa.String(length=128), nullable=True))
        batch_op.add_column(
            sa.Column("reply_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("theme", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("support_count", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute(
        "UPDATE voice_item SET theme = (SELECT must_have_category.key "
        "FROM must_have_category WHERE must_have_category.id = voice_item.category_id)"
    )
    op.execute("DELETE FROM voice_item WHERE deleted_at IS NOT NULL")
    with op.batch_alter_table("voice_item", schema=None) as batch_op:
        batch_op.alter_column(
            "reply_count", existing_type=sa.Integer(), existing_nullable=False, server_default=None
        )
        batch_op.alter_column(
            "support_count",
            existing_type=sa.Integer(),
            existing_nullable=False,
            server_default=None,
        )
        batch_op.drop_constraint(
            batch_op.f("fk_voice_item_category_id_must_have_category"), type_="foreignkey"
        )
        batch_op.drop_index("ix_voice_item_thread")
        batch_op.drop_index(batch_op.f("ix_voice_item_category_id"))
        batch_op.create_unique_constraint(batch_op.f("uq_voice_item_request_key"), ["request_key"])
        batch_op.create_index(batch_op.f("ix_voice_item_theme"), ["theme"], unique=False)
        batch_op.drop_constraint(batch_op.f("ck_voice_item_voice_item_author_side"), type_="check")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("edited_at")
        batch_op.drop_column("category_id")
        batch_op.drop_column("author_side")
        batch_op.drop_column("thread_ts")

    op.drop_table("voice_reaction")
