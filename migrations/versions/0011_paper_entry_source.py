"""Paper entries say where their marks come from: typed in by hand, read from a scan, or
decided by staff in the scan review. Entries so far without a staff member were read from
scans (no account could be deleted yet), so they become "scan".

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 06:05:59.731379

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SOURCE = sa.Enum("hand", "scan", "review", name="entrysource", native_enum=False, length=16)


def upgrade():
    with op.batch_alter_table("paper_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", SOURCE, server_default="hand", nullable=False))
    op.execute("UPDATE paper_entries SET source = 'scan' WHERE staff_id IS NULL")


def downgrade():
    with op.batch_alter_table("paper_entries", schema=None) as batch_op:
        batch_op.drop_column("source")
