"""Moderation: items, reports, decisions, appeals; hidden/held content; suspended accounts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 04:10:06.230155

The proposals table gets its columns with plain ALTER TABLE (no batch rebuild), so the SQLite
full-text triggers of 0003 stay in place.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "moderation_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "subject_type",
            sa.Enum(
                "proposal", "comment", "user", name="subjecttype", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column(
            "cause",
            sa.Enum("reports", "held", "appeal", name="cause", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column(
            "hold_rule",
            sa.Enum(
                "new_account",
                "category",
                "links",
                "blocked_word",
                name="holdrule",
                native_enum=False,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("report_count", sa.Integer(), nullable=False),
        sa.Column("auto_hidden", sa.Boolean(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_moderation_items_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_items")),
        sa.UniqueConstraint(
            "subject_type", "subject_id", name=op.f("uq_moderation_items_subject_type_subject_id")
        ),
    )
    with op.batch_alter_table("moderation_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_moderation_items_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            "ix_moderation_items_queue", ["is_open", "report_count", "opened_at"], unique=False
        )

    op.create_table(
        "moderation_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        sa.Column("affected_id", sa.Integer(), nullable=True),
        sa.Column(
            "action",
            sa.Enum(
                "dismiss",
                "approve",
                "hide",
                "restore",
                "lock",
                "warn",
                "suspend",
                "unsuspend",
                "uphold",
                "overturn",
                name="action",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "reason",
            sa.Enum(
                "spam",
                "insult",
                "off_topic",
                "personal_data",
                "other",
                name="reason",
                native_enum=False,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("statement", sa.Text(), nullable=True),
        sa.Column("suspended_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("item_opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["affected_id"],
            ["users.id"],
            name=op.f("fk_moderation_decisions_affected_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["moderation_items.id"],
            name=op.f("fk_moderation_decisions_item_id_moderation_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["moderator_id"],
            ["users.id"],
            name=op.f("fk_moderation_decisions_moderator_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_decisions")),
    )
    with op.batch_alter_table("moderation_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_moderation_decisions_affected_id"), ["affected_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_moderation_decisions_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_moderation_decisions_item_id"), ["item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_moderation_decisions_moderator_id"), ["moderator_id"], unique=False
        )

    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("appellant_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open", "upheld", "overturned", name="appealstatus", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["appellant_id"],
            ["users.id"],
            name=op.f("fk_appeals_appellant_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["moderation_decisions.id"],
            name=op.f("fk_appeals_decision_id_moderation_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["moderation_decisions.id"],
            name=op.f("fk_appeals_resolution_id_moderation_decisions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_appeals_decision_id")),
    )
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appeals_appellant_id"), ["appellant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appeals_created_at"), ["created_at"], unique=False)

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column(
            "reason",
            sa.Enum(
                "spam",
                "insult",
                "off_topic",
                "personal_data",
                "other",
                name="reason",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["moderation_decisions.id"],
            name=op.f("fk_reports_decision_id_moderation_decisions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["moderation_items.id"],
            name=op.f("fk_reports_item_id_moderation_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["users.id"],
            name=op.f("fk_reports_reporter_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("item_id", "reporter_id", name=op.f("uq_reports_item_id_reporter_id")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_decision_id"), ["decision_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_reporter_id"), ["reporter_id"], unique=False)

    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hidden_reason", sa.String(length=24), nullable=True))

    # Existing proposals are shown; the server default fills them in.
    op.add_column(
        "proposals",
        sa.Column(
            "moderation_state",
            sa.Enum(
                "shown", "pending", "hidden", name="moderationstate", native_enum=False, length=16
            ),
            server_default="shown",
            nullable=False,
        ),
    )
    op.add_column("proposals", sa.Column("hidden_reason", sa.String(length=24), nullable=True))
    op.create_index(
        op.f("ix_proposals_moderation_state"), "proposals", ["moderation_state"], unique=False
    )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("suspended_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("suspended_until", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("suspended_until")
        batch_op.drop_column("suspended_at")

    op.drop_index(op.f("ix_proposals_moderation_state"), table_name="proposals")
    op.drop_column("proposals", "hidden_reason")
    op.drop_column("proposals", "moderation_state")

    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_column("hidden_reason")

    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_reporter_id"))
        batch_op.drop_index(batch_op.f("ix_reports_item_id"))
        batch_op.drop_index(batch_op.f("ix_reports_decision_id"))
        batch_op.drop_index(batch_op.f("ix_reports_created_at"))

    op.drop_table("reports")
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appeals_created_at"))
        batch_op.drop_index(batch_op.f("ix_appeals_appellant_id"))

    op.drop_table("appeals")
    with op.batch_alter_table("moderation_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_decisions_moderator_id"))
        batch_op.drop_index(batch_op.f("ix_moderation_decisions_item_id"))
        batch_op.drop_index(batch_op.f("ix_moderation_decisions_created_at"))
        batch_op.drop_index(batch_op.f("ix_moderation_decisions_affected_id"))

    op.drop_table("moderation_decisions")
    with op.batch_alter_table("moderation_items", schema=None) as batch_op:
        batch_op.drop_index("ix_moderation_items_queue")
        batch_op.drop_index(batch_op.f("ix_moderation_items_author_id"))

    op.drop_table("moderation_items")
