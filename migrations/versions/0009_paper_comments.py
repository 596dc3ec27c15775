"""Comments handed in on paper (a letter, a note at the Bürgerbüro) and typed in by staff: the
channel, the name the writer agreed to show, and the key of the form that made the comment
(so a form sent twice makes one comment).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    # Existing comments were all written online. Plain ALTER TABLE like 0008 (no copy of the
    # table on SQLite); the key gets a unique index, since SQLite cannot add a UNIQUE column.
    op.add_column(
        "comments",
        sa.Column(
            "channel",
            sa.Enum("online", "paper", name="channel", native_enum=False, length=16),
            nullable=False,
            server_default="online",
        ),
    )
    op.add_column("comments", sa.Column("paper_author_name", sa.String(length=80), nullable=True))
    op.add_column("comments", sa.Column("submission_key", sa.String(length=64), nullable=True))
    op.create_index("ix_comments_submission_key", "comments", ["submission_key"], unique=True)


def downgrade():
    op.drop_index("ix_comments_submission_key", table_name="comments")
    for column in ("submission_key", "paper_author_name", "channel"):
        op.drop_column("comments", column)
