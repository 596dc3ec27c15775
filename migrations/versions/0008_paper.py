"""Paper: batches of printed sheets with their layout, the sheet registry (codes, states) and
its events, staff entries of sheets; whether paper sheets of a vote or survey need double entry;
proposals handed in on paper.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 22:15:23.042149

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "paper_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("vote", "survey", "idea", name="sheetkind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.Column("survey_id", sa.Integer(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column(
            "variant",
            sa.Enum("standard", "large", "easy", name="variant", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("layout", sa.JSON(), nullable=True),
        sa.Column(
            "state",
            sa.Enum("printing", "ready", "failed", name="batchstate", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("printed", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=120), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'vote' AND vote_id IS NOT NULL AND survey_id IS NULL) OR (kind = 'survey' AND survey_id IS NOT NULL AND vote_id IS NULL) OR (kind = 'idea' AND vote_id IS NULL AND survey_id IS NULL)",
            name=op.f("ck_paper_batches_subject_of_kind"),
        ),
        sa.CheckConstraint("size > 0", name=op.f("ck_paper_batches_size_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_paper_batches_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_paper_batches_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes.id"],
            name=op.f("fk_paper_batches_vote_id_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_batches")),
    )
    with op.batch_alter_table("paper_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_batches_survey_id"), ["survey_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_paper_batches_vote_id"), ["vote_id"], unique=False)

    op.create_table(
        "paper_sheets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("vote", "survey", "idea", name="sheetkind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.Column("survey_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "issued",
                "returned",
                "entered",
                "counted",
                "void",
                name="sheetstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'vote' AND vote_id IS NOT NULL AND survey_id IS NULL) OR (kind = 'survey' AND survey_id IS NOT NULL AND vote_id IS NULL) OR (kind = 'idea' AND vote_id IS NULL AND survey_id IS NULL)",
            name=op.f("ck_paper_sheets_subject_of_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["paper_batches.id"],
            name=op.f("fk_paper_sheets_batch_id_paper_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_paper_sheets_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes.id"],
            name=op.f("fk_paper_sheets_vote_id_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_sheets")),
        sa.UniqueConstraint("code", name=op.f("uq_paper_sheets_code")),
    )
    with op.batch_alter_table("paper_sheets", schema=None) as batch_op:
        batch_op.create_index("ix_paper_sheets_batch_status", ["batch_id", "status"], unique=False)

    op.create_table(
        "paper_sheet_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "issued",
                "returned",
                "entered",
                "counted",
                "void",
                name="sheetstatus",
                native_enum=False,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "issued",
                "returned",
                "entered",
                "counted",
                "void",
                name="sheetstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_paper_sheet_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["sheet_id"],
            ["paper_sheets.id"],
            name=op.f("fk_paper_sheet_events_sheet_id_paper_sheets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_sheet_events")),
    )
    with op.batch_alter_table("paper_sheet_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_paper_sheet_events_sheet_id"), ["sheet_id"], unique=False
        )

    # Existing rows get the defaults of the models (votes: double entry on; surveys: off); the
    # server default only fills them and is dropped again, as the models set the value.
    for table, default in (("surveys", sa.false()), ("votes", sa.true())):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "paper_double_entry", sa.Boolean(), nullable=False, server_default=default
                )
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("paper_double_entry", server_default=None)

    op.create_table(
        "paper_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "first", "second", "arbitration", name="entryrole", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("marks", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sheet_id"],
            ["paper_sheets.id"],
            name=op.f("fk_paper_entries_sheet_id_paper_sheets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["users.id"],
            name=op.f("fk_paper_entries_staff_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_entries")),
        sa.UniqueConstraint("sheet_id", "role", name=op.f("uq_paper_entries_sheet_id_role")),
        sa.UniqueConstraint(
            "sheet_id", "staff_id", name=op.f("uq_paper_entries_sheet_id_staff_id")
        ),
    )
    # Proposals handed in on paper; existing ones were all online. Plain ALTER TABLE (no copy of
    # the table on SQLite, which would drop the full-text search triggers of migration 0003).
    op.add_column(
        "proposals",
        sa.Column(
            "channel",
            sa.Enum("online", "paper", name="channel", native_enum=False, length=16),
            nullable=False,
            server_default="online",
        ),
    )
    op.add_column("proposals", sa.Column("sheet_code", sa.String(length=24), nullable=True))
    op.add_column("proposals", sa.Column("paper_author_name", sa.String(length=80), nullable=True))
    op.create_index("ix_proposals_sheet_code", "proposals", ["sheet_code"], unique=True)


def downgrade():
    op.drop_index("ix_proposals_sheet_code", table_name="proposals")
    for column in ("paper_author_name", "sheet_code", "channel"):
        op.drop_column("proposals", column)
    op.drop_table("paper_entries")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_column("paper_double_entry")

    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_column("paper_double_entry")

    with op.batch_alter_table("paper_sheet_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_sheet_events_sheet_id"))

    op.drop_table("paper_sheet_events")
    with op.batch_alter_table("paper_sheets", schema=None) as batch_op:
        batch_op.drop_index("ix_paper_sheets_batch_status")

    op.drop_table("paper_sheets")
    with op.batch_alter_table("paper_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_batches_vote_id"))
        batch_op.drop_index(batch_op.f("ix_paper_batches_survey_id"))

    op.drop_table("paper_batches")
