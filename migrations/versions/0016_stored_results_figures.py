"""Stored results figures: surveys and votes carry a results version, raised in the same
transaction as every write that can change their figures (core/results_versions.py), and the
aggregated figures are kept per subject and variant with the version they were computed at
(surveys/stored_figures.py, votes/stored_tally.py).

Existing surveys and votes start at version 0 with nothing stored: the first reader computes.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 09:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

SUBJECTS = (("survey_figures", "survey_id", "surveys"), ("vote_figures", "vote_id", "votes"))


def upgrade():
    for _table, _key, subject in SUBJECTS:
        with op.batch_alter_table(subject, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("results_version", sa.Integer(), server_default="0", nullable=False)
            )
    for table, key, subject in SUBJECTS:
        op.create_table(
            table,
            sa.Column(key, sa.Integer(), nullable=False),
            sa.Column("variant", sa.String(length=40), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("payload", sa.JSON(), nullable=False),
            sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(
                [key],
                [f"{subject}.id"],
                name=op.f(f"fk_{table}_{key}_{subject}"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint(key, "variant", name=op.f(f"pk_{table}")),
        )


def downgrade():
    for table, _key, subject in SUBJECTS:
        op.drop_table(table)
        with op.batch_alter_table(subject, schema=None) as batch_op:
            batch_op.drop_column("results_version")
