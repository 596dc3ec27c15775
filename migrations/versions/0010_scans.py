"""Scan import: uploaded files of scanned sheets (who, when, the stored file, how far the
reading is) and every page read (what was read, what became of it, its stored image).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-15 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "paper_scan_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("file_name", sa.String(length=120), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_type", sa.String(length=8), nullable=False),
        sa.Column("pages_total", sa.Integer(), nullable=False),
        sa.Column("pages_done", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Integer(), nullable=False),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.Column("review", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "queued",
                "reading",
                "done",
                "failed",
                name="scanstate",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("submission_key", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_paper_scan_uploads_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_scan_uploads")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_paper_scan_uploads_submission_key")),
    )
    op.create_index(
        op.f("ix_paper_scan_uploads_sha256"), "paper_scan_uploads", ["sha256"], unique=False
    )
    op.create_table(
        "paper_scan_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=24), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "counted",
                "waiting",
                "review",
                "manual",
                "refused",
                "not_a_sheet",
                name="scanpagestatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("problem", sa.String(length=32), nullable=True),
        sa.Column("reading", sa.JSON(), nullable=True),
        sa.Column("image_name", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sheet_id"],
            ["paper_sheets.id"],
            name=op.f("fk_paper_scan_pages_sheet_id_paper_sheets"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["upload_id"],
            ["paper_scan_uploads.id"],
            name=op.f("fk_paper_scan_pages_upload_id_paper_scan_uploads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_scan_pages")),
        sa.UniqueConstraint("upload_id", "index", name=op.f("uq_paper_scan_pages_upload_id_index")),
    )
    op.create_index(
        op.f("ix_paper_scan_pages_sheet_id"), "paper_scan_pages", ["sheet_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_paper_scan_pages_sheet_id"), table_name="paper_scan_pages")
    op.drop_table("paper_scan_pages")
    op.drop_index(op.f("ix_paper_scan_uploads_sha256"), table_name="paper_scan_uploads")
    op.drop_table("paper_scan_uploads")
