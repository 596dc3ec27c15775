"""Table generations: every committed write raises the counters of the tables it wrote, once
per transaction, by any path (ORM flush, bulk statement, text SQL, cascades); nothing else."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import delete, text, update

from participation.core import generations
from participation.core.generations import parse
from participation.proposals.models import Proposal


def test_statements_name_what_they_read_and_write():
    assert parse("SELECT a.x FROM proposals AS a JOIN users ON users.id = a.author_id") == (
        frozenset({"proposals", "users"}),
        frozenset(),
    )
    assert parse("INSERT INTO supports (proposal_id) VALUES (?)")[1] == {"supports"}
    assert parse("UPDATE proposals SET support_count=(proposals.support_count + ?)")[1] == {
        "proposals"
    }
    assert parse('DELETE FROM "comments" WHERE id IN (SELECT id FROM x)')[1] == {"comments"}
    assert parse("COPY ballots (id, vote_id) FROM STDIN")[1] == {"ballots"}
    with_insert = "WITH moved AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM moved"
    assert parse(with_insert)[1] >= {"a", "b"}
    # The SQLite search table is kept by triggers on proposals: it stands for them.
    assert parse("SELECT rowid FROM proposals_fts WHERE proposals_fts MATCH ?")[0] == {"proposals"}
    assert parse("SELECT 1")[0] == frozenset()


def test_orm_writes_raise_their_tables_once_per_transaction(db, make_user):
    user = make_user()
    db.session.commit()
    before = generations.current()
    user.display_name = "Erst"
    db.session.flush()
    user.display_name = "Dann"
    db.session.commit()
    after = generations.current()
    assert after["users"] == before.get("users", 0) + 1
    assert after.get("proposals", 0) == before.get("proposals", 0)


def test_a_transaction_rolled_back_raises_nothing(db, make_user):
    make_user()
    db.session.commit()
    before = generations.current()
    make_user(email="weg@example.org")
    db.session.rollback()
    assert generations.current() == before


def test_bulk_and_text_statements_count(db, make_proposal):
    proposal = make_proposal()
    db.session.commit()
    before = generations.current()
    db.session.execute(update(Proposal).where(Proposal.id == proposal.id).values(support_count=5))
    db.session.commit()
    middle = generations.current()
    assert middle["proposals"] == before["proposals"] + 1
    db.session.execute(
        text("UPDATE proposals SET comment_count = 2 WHERE id = :id"), {"id": proposal.id}
    )
    db.session.commit()
    assert generations.current()["proposals"] == middle["proposals"] + 1


def test_deletes_count_for_the_tables_that_cascade(db, make_proposal):
    proposal = make_proposal()
    db.session.commit()
    before = generations.current()
    db.session.execute(delete(Proposal).where(Proposal.id == proposal.id))
    db.session.commit()
    after = generations.current()
    for table in ("proposals", "proposal_supports", "proposal_images", "proposal_follows"):
        assert after[table] == before.get(table, 0) + 1, table


def test_reads_are_recorded_only_while_tracking(db, make_proposal):
    make_proposal()
    with generations.tracking_reads() as read:
        db.session.execute(text("SELECT count(*) FROM proposals JOIN users ON 1 = 1")).all()
    db.session.execute(text("SELECT count(*) FROM comments")).all()
    assert read >= {"proposals", "users"}
    assert "comments" not in read


def test_raise_all_counts_every_table(db):
    before = generations.current()
    generations.raise_all()
    db.session.commit()
    after = generations.current()
    assert set(after) >= {"proposals", "users", "surveys", "ballots"}
    assert all(after[name] == before.get(name, 0) + 1 for name in after)
    assert "account_sessions" not in after


@pytest.mark.parametrize("table", sorted(generations.UNCOUNTED))
def test_uncounted_tables_never_get_a_counter(db, table):
    generations.raise_generations(db.session.connection(), {table})
    db.session.commit()
    assert table not in generations.current()


def test_the_reader_keeps_one_connection_and_replaces_a_broken_one(app):
    reader = generations.Reader()
    engine = db_engine(app)
    assert isinstance(reader.read(engine), dict)
    first = reader.local.held[2]
    assert isinstance(reader.read(engine), dict)
    assert reader.local.held[2] is first
    first.close()  # as when the database server restarts
    assert isinstance(reader.read(engine), dict)
    assert reader.local.held[2] is not first
    reader.close()


def db_engine(app):
    from participation.extensions import db

    return db.engine


def test_a_savepoint_waits_for_the_whole_transaction(db, make_user):
    user = make_user()
    db.session.commit()
    before = generations.current()
    with db.session.begin_nested():
        user.display_name = "Im Sicherungspunkt"
    assert generations.current().get("users", 0) == before.get("users", 0)  # not yet
    db.session.commit()
    assert generations.current()["users"] == before.get("users", 0) + 1


def test_the_app_starts_after_a_feature_model_was_imported_alone():
    # bench/targets.py imports the proposal listing before create_app(): the cascade map must
    # not be worked out while the users table is not known yet.
    code = (
        "import participation.proposals.models\n"
        "from participation import create_app\n"
        "create_app('testing')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
