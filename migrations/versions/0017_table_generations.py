"""Table generations: one counter per table, raised in every transaction that writes the table
(core/generations.py); pages kept for guests are valid while the counters of the tables they
read are unchanged (core/page_cache.py). Rows appear with a table's first counted write.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 08:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "table_generations",
        sa.Column("name", sa.String(length=63), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_table_generations")),
    )


def downgrade():
    op.drop_table("table_generations")
