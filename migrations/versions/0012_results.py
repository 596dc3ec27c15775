"""Results: the council's publications of closed votes and surveys (frozen figures,
statement, decision, dated corrections, attached documents) and the implementation tracking
of accepted proposals and funded budget options (status, progress, dated updates).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 06:46:35.850683

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.Column("survey_id", sa.Integer(), nullable=True),
        sa.Column(
            "state",
            sa.Enum("draft", "published", name="publicationstate", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("statement_html", sa.Text(), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("decision", sa.String(length=300), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(vote_id IS NULL) <> (survey_id IS NULL)", name=op.f("ck_publications_one_subject")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_publications_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_publications_published_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name=op.f("fk_publications_survey_id_surveys"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes.id"],
            name=op.f("fk_publications_vote_id_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
        sa.UniqueConstraint("survey_id", name=op.f("uq_publications_survey_id")),
        sa.UniqueConstraint("vote_id", name=op.f("uq_publications_vote_id")),
    )
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_publications_published_at"), ["published_at"], unique=False
        )

    op.create_table(
        "implementations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("vote_option_id", sa.Integer(), nullable=True),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "in_progress",
                "done",
                "on_hold",
                name="implementationstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("planned_completion", sa.Date(), nullable=True),
        sa.Column("actual_completion", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(proposal_id IS NULL) <> (vote_option_id IS NULL)",
            name=op.f("ck_implementations_one_subject"),
        ),
        sa.CheckConstraint(
            "progress BETWEEN 0 AND 100", name=op.f("ck_implementations_progress_percent")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_implementations_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vote_option_id"],
            ["vote_options.id"],
            name=op.f("fk_implementations_vote_option_id_vote_options"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_implementations")),
        sa.UniqueConstraint("proposal_id", name=op.f("uq_implementations_proposal_id")),
        sa.UniqueConstraint("vote_option_id", name=op.f("uq_implementations_vote_option_id")),
    )
    with op.batch_alter_table("implementations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_implementations_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_implementations_updated_at"), ["updated_at"], unique=False
        )

    op.create_table(
        "publication_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("figures_before", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_publication_corrections_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_publication_corrections_publication_id_publications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_corrections")),
    )
    with op.batch_alter_table("publication_corrections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_publication_corrections_publication_id"),
            ["publication_id"],
            unique=False,
        )

    op.create_table(
        "publication_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=120), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_publication_documents_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_publication_documents_publication_id_publications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_documents")),
    )
    with op.batch_alter_table("publication_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_publication_documents_publication_id"), ["publication_id"], unique=False
        )

    op.create_table(
        "implementation_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("implementation_id", sa.Integer(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_html", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "in_progress",
                "done",
                "on_hold",
                name="implementationstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("photo_name", sa.String(length=120), nullable=True),
        sa.Column("photo_alt", sa.String(length=300), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_implementation_updates_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["implementation_id"],
            ["implementations.id"],
            name=op.f("fk_implementation_updates_implementation_id_implementations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_implementation_updates")),
    )
    with op.batch_alter_table("implementation_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_implementation_updates_implementation_id"),
            ["implementation_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("implementation_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_implementation_updates_implementation_id"))

    op.drop_table("implementation_updates")
    with op.batch_alter_table("publication_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publication_documents_publication_id"))

    op.drop_table("publication_documents")
    with op.batch_alter_table("publication_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publication_corrections_publication_id"))

    op.drop_table("publication_corrections")
    with op.batch_alter_table("implementations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_implementations_updated_at"))
        batch_op.drop_index(batch_op.f("ix_implementations_status"))

    op.drop_table("implementations")
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publications_published_at"))

    op.drop_table("publications")
