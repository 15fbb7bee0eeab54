"""initial schema

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-24 07:52:36.799735+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)

    op.create_table(
        "department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("name_key", sa.String(length=120), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("queue_channel", sa.String(length=32), nullable=True),
        sa.Column("response_target_days", sa.Float(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "response_target_days > 0", name=op.f("ck_department_response_target_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department")),
        sa.UniqueConstraint("name", name=op.f("uq_department_name")),
        sa.UniqueConstraint("name_key", name=op.f("uq_department_name_key")),
    )
    op.create_table(
        "digest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("iso_year", sa.SmallInteger(), nullable=False),
        sa.Column("iso_week", sa.SmallInteger(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "failed",
                name="digest_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest")),
        sa.UniqueConstraint(
            "iso_year", "iso_week", "channel", name=op.f("uq_digest_iso_year_iso_week_channel")
        ),
    )
    op.create_table(
        "job_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=64), nullable=False),
        sa.Column("slot", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_run")),
        sa.UniqueConstraint("job", "slot", name=op.f("uq_job_run_job_slot")),
    )
    op.create_table(
        "must_have_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("ordinal", sa.SmallInteger(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_must_have_category")),
        sa.UniqueConstraint("key", name=op.f("uq_must_have_category_key")),
    )
    op.create_table(
        "must_have_collection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "closed",
                name="must_have_collection_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_must_have_collection")),
        sa.UniqueConstraint("name", name=op.f("uq_must_have_collection_name")),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "side",
            sa.Enum(
                "provider",
                "officer",
                name="organisation_side",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_organisation_name")),
    )
    op.create_table(
        "pulse_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "dimension",
            sa.Enum(
                "trust",
                "information_sharing",
                "inclusion",
                "strategic_clarity",
                "responsiveness",
                "managing_conflicts",
                "roles",
                "integrated_working",
                name="pulse_question_dimension",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("ordinal", sa.SmallInteger(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("low_statement", sa.Text(), nullable=False),
        sa.Column("high_statement", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_question")),
        sa.UniqueConstraint(
            "version", "dimension", name=op.f("uq_pulse_question_version_dimension")
        ),
    )
    op.create_table(
        "pulse_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.String(length=64), nullable=False),
        sa.Column("open_marker", sa.Boolean(), nullable=True),
        sa.Column("question_version", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "closed",
                name="pulse_round_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("remind_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_round")),
        sa.UniqueConstraint("open_marker", name=op.f("uq_pulse_round_open_marker")),
        sa.UniqueConstraint("slot", name=op.f("uq_pulse_round_slot")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column(
            "side",
            sa.Enum(
                "provider",
                "officer",
                name="person_side",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column(
            "position",
            sa.Enum(
                "head_of_service",
                "manager",
                "officer",
                "practitioner",
                "owner",
                "director",
                "registered_manager",
                "care_manager",
                "frontline",
                name="person_position",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "area",
            sa.Enum(
                "north",
                "mid",
                "south",
                "west",
                "countywide",
                name="person_area",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "service_type",
            sa.Enum(
                "homecare",
                "residential",
                "supported_living",
                "day_care",
                "other",
                name="person_service_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "org_size",
            sa.Enum(
                "small",
                "medium",
                "large",
                name="person_org_size",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "council_share",
            sa.Enum(
                "0-25",
                "25-50",
                "50-75",
                "75-100",
                name="person_council_share",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("decision_maker", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_person_department_id_department"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_person_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("slack_user_id", name=op.f("uq_person_slack_user_id")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_person_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "must_have",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("collection_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column(
            "side",
            sa.Enum(
                "provider",
                "officer",
                name="must_have_side",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("slot", sa.SmallInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("categorised_by", sa.String(length=64), nullable=False),
        sa.Column("request_key", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("slot BETWEEN 1 AND 3", name=op.f("ck_must_have_slot_range")),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["must_have_category.id"],
            name=op.f("fk_must_have_category_id_must_have_category"),
        ),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["must_have_collection.id"],
            name=op.f("fk_must_have_collection_id_must_have_collection"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_must_have_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_must_have")),
        sa.UniqueConstraint(
            "collection_id",
            "person_id",
            "slot",
            name=op.f("uq_must_have_collection_id_person_id_slot"),
        ),
        sa.UniqueConstraint("request_key", name=op.f("uq_must_have_request_key")),
    )
    with op.batch_alter_table("must_have", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_must_have_category_id"), ["category_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_must_have_person_id"), ["person_id"], unique=False)

    op.create_table(
        "pulse_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "failed",
                name="pulse_invitation_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "reminder_status",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "failed",
                name="pulse_invitation_reminder_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_pulse_invitation_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["pulse_round.id"],
            name=op.f("fk_pulse_invitation_round_id_pulse_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_invitation")),
        sa.UniqueConstraint(
            "round_id", "person_id", name=op.f("uq_pulse_invitation_round_id_person_id")
        ),
    )
    with op.batch_alter_table("pulse_invitation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pulse_invitation_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "pulse_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column(
            "side",
            sa.Enum(
                "provider",
                "officer",
                name="pulse_response_side",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column(
            "position",
            sa.Enum(
                "head_of_service",
                "manager",
                "officer",
                "practitioner",
                "owner",
                "director",
                "registered_manager",
                "care_manager",
                "frontline",
                name="pulse_response_position",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "area",
            sa.Enum(
                "north",
                "mid",
                "south",
                "west",
                "countywide",
                name="pulse_response_area",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "service_type",
            sa.Enum(
                "homecare",
                "residential",
                "supported_living",
                "day_care",
                "other",
                name="pulse_response_service_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "org_size",
            sa.Enum(
                "small",
                "medium",
                "large",
                name="pulse_response_org_size",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "council_share",
            sa.Enum(
                "0-25",
                "25-50",
                "50-75",
                "75-100",
                name="pulse_response_council_share",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_pulse_response_department_id_department"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_pulse_response_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["pulse_round.id"],
            name=op.f("fk_pulse_response_round_id_pulse_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_response")),
        sa.UniqueConstraint(
            "round_id", "person_id", name=op.f("uq_pulse_response_round_id_person_id")
        ),
    )
    with op.batch_alter_table("pulse_response", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pulse_response_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "query_ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_key", sa.String(length=128), nullable=False),
        sa.Column("asker_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "command",
                "modal",
                "shortcut",
                name="query_ticket_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source_permalink", sa.String(length=500), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "responded",
                "resolved",
                name="query_ticket_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("queue_channel", sa.String(length=32), nullable=True),
        sa.Column("queue_ts", sa.String(length=32), nullable=True),
        sa.Column(
            "post_status",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "failed",
                name="query_ticket_post_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_response_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_response_working_minutes", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution_working_minutes", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["asker_id"],
            ["person.id"],
            name=op.f("fk_query_ticket_asker_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_query_ticket_department_id_department"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_query_ticket")),
        sa.UniqueConstraint("request_key", name=op.f("uq_query_ticket_request_key")),
    )
    with op.batch_alter_table("query_ticket", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_query_ticket_asker_id"), ["asker_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_query_ticket_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_query_ticket_queue_ts"), ["queue_ts"], unique=False)

    op.create_table(
        "voice_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("theme", sa.String(length=64), nullable=True),
        sa.Column("permalink", sa.String(length=500), nullable=True),
        sa.Column("support_count", sa.Integer(), nullable=False),
        sa.Column("reply_count", sa.Integer(), nullable=False),
        sa.Column("officer_answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("request_key", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["person.id"],
            name=op.f("fk_voice_item_author_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voice_item")),
        sa.UniqueConstraint("channel", "ts", name=op.f("uq_voice_item_channel_ts")),
        sa.UniqueConstraint("request_key", name=op.f("uq_voice_item_request_key")),
    )
    with op.batch_alter_table("voice_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_voice_item_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_voice_item_posted_at"), ["posted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_voice_item_theme"), ["theme"], unique=False)

    op.create_table(
        "pulse_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column(
            "dimension",
            sa.Enum(
                "trust",
                "information_sharing",
                "inclusion",
                "strategic_clarity",
                "responsiveness",
                "managing_conflicts",
                "roles",
                "integrated_working",
                name="pulse_answer_dimension",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("score BETWEEN 0 AND 4", name=op.f("ck_pulse_answer_score_range")),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["pulse_response.id"],
            name=op.f("fk_pulse_answer_response_id_pulse_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_answer")),
        sa.UniqueConstraint(
            "response_id", "dimension", name=op.f("uq_pulse_answer_response_id_dimension")
        ),
    )
    op.create_table(
        "pulse_department_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column(
            "dimension",
            sa.Enum(
                "trust",
                "information_sharing",
                "inclusion",
                "strategic_clarity",
                "responsiveness",
                "managing_conflicts",
                "roles",
                "integrated_working",
                name="pulse_department_answer_dimension",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint(
            "score BETWEEN 0 AND 4", name=op.f("ck_pulse_department_answer_score_range")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_pulse_department_answer_department_id_department"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["pulse_response.id"],
            name=op.f("fk_pulse_department_answer_response_id_pulse_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_department_answer")),
        sa.UniqueConstraint(
            "response_id",
            "department_id",
            "dimension",
            name=op.f("uq_pulse_department_answer_response_id_department_id_dimension"),
        ),
    )
    with op.batch_alter_table("pulse_department_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pulse_department_answer_department_id"), ["department_id"], unique=False
        )

    op.create_table(
        "query_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "logged",
                "posted",
                "responded",
                "replied",
                "resolved",
                "reopened",
                "reassigned",
                "reminded",
                name="query_event_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("slack_event_id", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["person.id"],
            name=op.f("fk_query_event_actor_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["query_ticket.id"],
            name=op.f("fk_query_event_ticket_id_query_ticket"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_query_event")),
        sa.UniqueConstraint("slack_event_id", name=op.f("uq_query_event_slack_event_id")),
    )
    with op.batch_alter_table("query_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_query_event_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "query_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("threshold_percent", sa.SmallInteger(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "failed",
                name="query_reminder_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["query_ticket.id"],
            name=op.f("fk_query_reminder_ticket_id_query_ticket"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_query_reminder")),
        sa.UniqueConstraint(
            "ticket_id",
            "threshold_percent",
            name=op.f("uq_query_reminder_ticket_id_threshold_percent"),
        ),
    )


def downgrade() -> None:
    op.drop_table("query_reminder")
    with op.batch_alter_table("query_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_query_event_ticket_id"))

    op.drop_table("query_event")
    with op.batch_alter_table("pulse_department_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pulse_department_answer_department_id"))

    op.drop_table("pulse_department_answer")
    op.drop_table("pulse_answer")
    with op.batch_alter_table("voice_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voice_item_theme"))
        batch_op.drop_index(batch_op.f("ix_voice_item_posted_at"))
        batch_op.drop_index(batch_op.f("ix_voice_item_author_id"))

    op.drop_table("voice_item")
    with op.batch_alter_table("query_ticket", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_query_ticket_queue_ts"))
        batch_op.drop_index(batch_op.f("ix_query_ticket_department_id"))
        batch_op.drop_index(batch_op.f("ix_query_ticket_asker_id"))

    op.drop_table("query_ticket")
    with op.batch_alter_table("pulse_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pulse_response_person_id"))

    op.drop_table("pulse_response")
    with op.batch_alter_table("pulse_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pulse_invitation_person_id"))

    op.drop_table("pulse_invitation")
    with op.batch_alter_table("must_have", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_must_have_person_id"))
        batch_op.drop_index(batch_op.f("ix_must_have_category_id"))

    op.drop_table("must_have")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_person_department_id"))

    op.drop_table("person")
    op.drop_table("pulse_round")
    op.drop_table("pulse_question")
    op.drop_table("organisation")
    op.drop_table("must_have_collection")
    op.drop_table("must_have_category")
    op.drop_table("job_run")
    op.drop_table("digest")
    op.drop_table("department")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_action"))

    op.drop_table("audit_entry")
