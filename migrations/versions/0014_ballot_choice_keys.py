"""Ballot choice keys: each valid ballot carries the sorted ids of what it chose, so the budget
rules group a vote's ballots by their choices from one index (tally.choice_groups).

Existing valid ballots get their key from their rows in ballot_choices.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 20:29:28.330303

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

CHUNK = 5_000


def upgrade():
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("choice_key", sa.String(length=700), nullable=True))
        batch_op.create_index("ix_ballots_vote_choice_key", ["vote_id", "choice_key"], unique=False)
    fill_choice_keys(op.get_bind())


def fill_choice_keys(connection) -> None:
    """Write the key of every ballot that has choices (the ids ascending, joined by ".")."""
    rows = connection.execute(
        sa.text("SELECT ballot_id, option_id FROM ballot_choices ORDER BY ballot_id, option_id")
    )
    keys: dict[str, list[str]] = {}
    for ballot_id, option_id in rows:
        keys.setdefault(ballot_id, []).append(str(option_id))
    update = sa.text("UPDATE ballots SET choice_key = :key WHERE id = :id")
    pending = [{"id": ballot_id, "key": ".".join(ids)} for ballot_id, ids in keys.items()]
    for start in range(0, len(pending), CHUNK):
        connection.execute(update, pending[start : start + CHUNK])


def downgrade():
    with op.batch_alter_table("ballots", schema=None) as batch_op:
        batch_op.drop_index("ix_ballots_vote_choice_key")
        batch_op.drop_column("choice_key")
