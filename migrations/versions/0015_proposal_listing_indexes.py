"""Proposal listing indexes: one partial index per sort order of the public list (only the
proposals moderation shows), so a page of 15 at any offset reads the index in order instead
of sorting every proposal, and one on the status for counting the matches from the index.

Hand-made per database (listed in core.models.LISTING_INDEXES): PostgreSQL needs NULLS LAST
spelled out to match the list's order; SQLite sorts NULL first and knows no NULLS in an index.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 21:40:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

SHOWN = "WHERE moderation_state = 'shown'"
ORDERS = {
    "ix_proposals_listed_newest": "published_at DESC{nulls}, id DESC",
    "ix_proposals_listed_supported": "support_count DESC, id DESC",
    "ix_proposals_listed_discussed": "comment_count DESC, id DESC",
    "ix_proposals_listed_active": "last_activity_at DESC, id DESC",
    "ix_proposals_listed_status": "status",
}


def upgrade():
    nulls = " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    for name, columns in ORDERS.items():
        op.execute(f"CREATE INDEX {name} ON proposals ({columns.format(nulls=nulls)}) {SHOWN}")


def downgrade():
    for name in ORDERS:
        op.execute(f"DROP INDEX {name}")
