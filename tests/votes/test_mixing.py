"""Mixing rewrites a vote's ballots so the database's bookkeeping cannot line them up with
the participations recorded in the same transactions (PostgreSQL's xmin and row order)."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import select, text

from participation.core.channels import Channel
from participation.core.clock import town_today
from participation.extensions import db
from participation.votes import mixing
from participation.votes.ballots import store_ballot
from participation.votes.models import Ballot, BallotChoice, Vote, VoteKind, VoteParticipation
from participation.votes.seed import CITIZENS_BUDGET, build_vote
from tests import live

VOTERS = 12


@pytest.fixture()
def live_app():
    """An app on its own database where every transaction really commits."""
    with live.live_app("mixing") as app:
        yield app


def cast_one_by_one(vote_id: int, count: int = VOTERS) -> list[str]:
    """Record `count` participations and ballots, each pair in its own transaction (as casting
    does); return the ballot ids in the order they were cast."""
    cast = []
    for number in range(count):
        vote = db.session.get(Vote, vote_id)
        option = vote.options[number % len(vote.options)]
        db.session.add(
            VoteParticipation(
                vote_id=vote_id,
                identity_key=secrets.token_hex(32),
                channel=Channel.ONLINE,
                day=town_today(),
            )
        )
        cast.append(store_ballot(vote, [option.id]).id)
        db.session.commit()
    return cast


def make_budget_vote() -> int:
    """Write an open budget vote and return its id."""
    vote = build_vote(CITIZENS_BUDGET)
    db.session.commit()
    assert vote.kind is VoteKind.BUDGET
    return vote.id


def stored_order(vote_id: int) -> list[str]:
    """Return the ballot ids in storage order: PostgreSQL's row positions (ctid), SQLite's
    table itself (NOT INDEXED: the WITHOUT ROWID table is its random-id primary key)."""
    if db.engine.dialect.name == "postgresql":
        query = "SELECT id FROM ballots WHERE vote_id = :v ORDER BY ctid"
    else:
        query = "SELECT id FROM ballots NOT INDEXED WHERE vote_id = :v"
    rows = db.session.execute(text(query), {"v": vote_id})
    return [row[0] for row in rows]


def contents(vote_id: int) -> set[tuple]:
    """Return every ballot with its receipt, status, channel and chosen options."""
    ballots = db.session.scalars(select(Ballot).where(Ballot.vote_id == vote_id)).all()
    return {
        (b.id, b.receipt, b.status, b.channel, tuple(sorted(c.option_id for c in b.choices)))
        for b in ballots
    }


def test_mixing_keeps_every_ballot_and_changes_only_the_order(live_app):
    with live_app.app_context():
        vote_id = make_budget_vote()
        cast = cast_one_by_one(vote_id)
        before = contents(vote_id)
        vote = db.session.get(Vote, vote_id)
        assert mixing.needs_mixing(vote)
        assert mixing.mix(vote) == VOTERS
        db.session.commit()
        db.session.expire_all()
        assert contents(vote_id) == before
        assert stored_order(vote_id) == sorted(cast)
        assert stored_order(vote_id) != cast
        assert not mixing.needs_mixing(vote)
        assert mixing.mix(vote) == 0
        choices = db.session.scalar(select(db.func.count()).select_from(BallotChoice))
        assert choices == VOTERS


def test_new_ballots_after_a_mix_are_mixed_next_time(live_app):
    with live_app.app_context():
        vote_id = make_budget_vote()
        cast_one_by_one(vote_id, 3)
        mixing.ensure_mixed(db.session.get(Vote, vote_id))
        cast_one_by_one(vote_id, 2)
        vote = db.session.get(Vote, vote_id)
        assert mixing.needs_mixing(vote)
        assert mixing.mix_all() == [(vote.title, 5)]
        assert db.session.get(Vote, vote_id).mixed_count == 5


def test_on_postgresql_mixing_removes_the_transaction_link(live_app):
    with live_app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("transaction ids (xmin) and row order are PostgreSQL's bookkeeping")
        vote_id = make_budget_vote()
        cast_one_by_one(vote_id)
        linked = text(
            "SELECT count(*) FROM ballots b JOIN vote_participations p "
            "ON b.xmin::text = p.xmin::text WHERE b.vote_id = :v"
        )
        # Without mixing, each ballot shares its transaction id with its participation.
        assert db.session.scalar(linked, {"v": vote_id}) == VOTERS
        mixing.mix(db.session.get(Vote, vote_id))
        db.session.commit()
        assert db.session.scalar(linked, {"v": vote_id}) == 0
        writers = text("SELECT count(DISTINCT xmin::text) FROM ballots WHERE vote_id = :v")
        assert db.session.scalar(writers, {"v": vote_id}) == 1
        by_position = text("SELECT id FROM ballots WHERE vote_id = :v ORDER BY ctid")
        ids = [row[0] for row in db.session.execute(by_position, {"v": vote_id})]
        assert ids == sorted(ids)  # the storage order is the random ids' order
        mixing.vacuum()


def test_on_sqlite_ballots_have_no_rowid(live_app):
    with live_app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's hidden rowid")
        for table in ("ballots", "ballot_choices"):
            with pytest.raises(Exception, match="rowid"):
                db.session.execute(text(f"SELECT rowid FROM {table}"))
            db.session.rollback()


def test_the_mix_command_reports_what_it_did(live_app):
    with live_app.app_context():
        vote_id = make_budget_vote()
        cast_one_by_one(vote_id, 4)
        title = db.session.get(Vote, vote_id).title
        result = live_app.test_cli_runner().invoke(args=["votes", "mix"])
        assert result.exit_code == 0, result.output
        assert f"mixed 4 ballots: {title}" in result.output
        assert "1 votes mixed" in result.output
        again = live_app.test_cli_runner().invoke(args=["votes", "mix"])
        assert "0 votes mixed" in again.output
