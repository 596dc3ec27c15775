"""full-text search on proposals

PostgreSQL: a GIN expression index on to_tsvector('german', title || ' ' || body); the
query in participation/proposals/listing.py spells the expression the same way, or the
planner cannot use the index.

SQLite: the FTS5 table proposals_fts with proposals as external content, kept in step by
triggers. Tokenizer "porter unicode61 remove_diacritics 2": unicode61 folds umlauts
("Spielplätze" → "spielplatze"), porter then strips endings such as the final "e"
("spielplatz"), so singular and plural meet; queries add a prefix star per word. "ß" is
not folded to "ss".

Caution for later migrations: batch_alter_table("proposals") recreates the table on
SQLite, which drops these triggers; call create_sqlite_search() again afterwards.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 12:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

POSTGRES_INDEX = (
    "CREATE INDEX ix_proposals_search ON proposals "
    "USING gin (to_tsvector('german', title || ' ' || body))"
)
SQLITE_OBJECTS = [
    "CREATE VIRTUAL TABLE proposals_fts USING fts5(title, body, content='proposals', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER proposals_fts_insert AFTER INSERT ON proposals BEGIN "
    "INSERT INTO proposals_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER proposals_fts_delete AFTER DELETE ON proposals BEGIN "
    "INSERT INTO proposals_fts(proposals_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER proposals_fts_update AFTER UPDATE OF title, body ON proposals BEGIN "
    "INSERT INTO proposals_fts(proposals_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO proposals_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "INSERT INTO proposals_fts(proposals_fts) VALUES ('rebuild')",
]
SQLITE_DROPS = [
    "DROP TRIGGER IF EXISTS proposals_fts_update",
    "DROP TRIGGER IF EXISTS proposals_fts_delete",
    "DROP TRIGGER IF EXISTS proposals_fts_insert",
    "DROP TABLE IF EXISTS proposals_fts",
]


def dialect():
    return op.get_bind().dialect.name


def create_sqlite_search():
    """Create the FTS5 table and its triggers, and index the existing proposals."""
    for statement in SQLITE_OBJECTS:
        op.execute(statement)


def upgrade():
    if dialect() == "postgresql":
        op.execute(POSTGRES_INDEX)
    elif dialect() == "sqlite":
        create_sqlite_search()


def downgrade():
    if dialect() == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_proposals_search")
    elif dialect() == "sqlite":
        for statement in SQLITE_DROPS:
            op.execute(statement)
