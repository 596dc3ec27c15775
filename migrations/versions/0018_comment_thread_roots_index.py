"""Comments: one index on (thread_id, parent_id) instead of the one on thread_id alone, so a
thread's top-level comments (a discussion page) are read from it. With the old pair of
one-column indexes SQLite chose parent_id and read every top-level comment of every thread
(80 ms per query at 500,000 comments).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 08:45:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_comments_thread_id_parent_id", "comments", ["thread_id", "parent_id"])
    op.drop_index("ix_comments_thread_id", table_name="comments")


def downgrade():
    op.create_index("ix_comments_thread_id", "comments", ["thread_id"])
    op.drop_index("ix_comments_thread_id_parent_id", table_name="comments")
