"""Tallies counted and stored by many readers at the same moment, on a committed database (a
SQLite file or PostgreSQL): every reader gets the tally, one row is kept, at the current
version; a ballot committed afterwards makes the next reader count again."""

from __future__ import annotations

from sqlalchemy import select

from participation.extensions import db
from participation.votes.ballots import store_ballot
from participation.votes.models import Vote, VoteKind
from participation.votes.seed import EXAMPLES, build_vote
from participation.votes.stored_tally import STORE, TALLY, VoteFigures
from participation.votes.tally import budget_result, count
from tests.live import at_once, live_app

READERS = 8


def read_and_keep(app, vote_id: int):
    """Count the tally and budget result as the tally page does, and commit."""
    with app.app_context():
        vote = db.session.get(Vote, vote_id)
        tally = count(vote)
        funded = budget_result(vote, tally)
        db.session.commit()
        return tally, funded


def test_readers_at_once_all_get_the_tally_and_one_row_is_kept():
    with live_app("stored_tally") as app:
        with app.app_context():
            vote = build_vote(EXAMPLES[VoteKind.BUDGET])
            for number in range(30):
                store_ballot(vote, [vote.options[number % 3].id, vote.options[3].id])
            vote_id = vote.id
            db.session.commit()
        found = at_once(READERS, lambda n: read_and_keep(app, vote_id))
        with app.app_context():
            vote = db.session.get(Vote, vote_id)
            expected = count(vote, stored=False)
            assert all(tally == expected for tally, _funded in found)
            assert len({repr(funded) for _tally, funded in found}) == 1
            rows = db.session.scalars(select(VoteFigures).where(VoteFigures.vote_id == vote_id))
            assert sorted(row.variant for row in rows) == ["groups", "tally"]
            current, payload = STORE.lookup(vote_id, TALLY)
            assert payload is not None and current == vote.results_version
            store_ballot(vote, [vote.options[0].id])
            db.session.commit()
        tally, _funded = read_and_keep(app, vote_id)
        assert tally.ballots.total == 31
