"""Stored tallies: used while the vote is unchanged, exactly equal to a tally counted now, and
counted again after every write that can change them (the results version rises in the same
transaction)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from participation.core.channels import Channel
from participation.core.results_versions import SUBJECTS_OPTION
from participation.extensions import db
from participation.votes import casting, mixing, stored_tally
from participation.votes.models import Ballot, BallotStatus, Vote, VoteKind
from participation.votes.stored_tally import GROUPS, STORE, TALLY, VoteFigures
from participation.votes.tally import budget_result, count, read_counts
from tests.paper import entry_fixtures as fx
from tests.paper.entry_fixtures import ballot_form, enter, make_sheets
from tests.querycount import counted_queries
from tests.surveys.test_stored_figures import typed
from tests.votes.test_tally import CLOSED, ONLINE, PAPER, cast, invalid

clerks, in_request, make_paper_vote = fx.clerks, fx.in_request, fx.make_paper_vote


def version(vote: Vote) -> int:
    """Return the vote's results version as stored now."""
    return db.session.scalar(select(Vote.results_version).where(Vote.id == vote.id))


def counted(vote: Vote, kind: VoteKind = VoteKind.BUDGET) -> Vote:
    """Return the vote with ballots of every status on both channels."""
    cast(vote, (1, 2), ONLINE, 3)
    cast(vote, (2,), PAPER, 2)
    cast(vote, (1,), ONLINE, 4)
    cast(vote, (), ONLINE, 1)
    invalid(vote, 2)
    return vote


def both(vote: Vote):
    """Return (tally, budget result) as the tally page reads them."""
    tally = count(vote)
    return tally, budget_result(vote, tally) if vote.kind is VoteKind.BUDGET else None


def fresh(vote: Vote):
    """Return (tally, budget result) counted now (nothing stored)."""
    tally = count(vote, stored=False)
    funded = budget_result(vote, tally, stored=False) if vote.kind is VoteKind.BUDGET else None
    return tally, funded


@pytest.mark.parametrize("kind", list(VoteKind))
def test_the_stored_tally_equals_the_counted_one(db, make_vote, kind):
    vote = counted(make_vote(kind, **CLOSED)) if kind is not VoteKind.YES_NO else make_vote(kind)
    if kind is VoteKind.YES_NO:
        cast(vote, (1,), ONLINE, 3)
        cast(vote, (2,), PAPER, 1)
    first, again = both(vote), both(vote)
    assert first == again == fresh(vote)
    kept = stored_tally.counts(vote, lambda: None)
    assert typed(kept) == typed(read_counts(vote.id))
    variants = db.session.scalars(select(VoteFigures.variant).where(VoteFigures.vote_id == vote.id))
    assert sorted(variants) == ([GROUPS, TALLY] if kind is VoteKind.BUDGET else [TALLY])


def test_the_stored_tally_is_read_instead_of_counting(db, make_vote):
    vote = counted(make_vote(VoteKind.BUDGET, **CLOSED))
    both(vote)
    with counted_queries(db.engine) as statements:
        both(vote)
    assert len(statements) == 2  # the stored tally and ballot groups, each with the version
    assert all("vote_figures" in statement for statement in statements)


def test_an_online_ballot_raises_the_version_and_shows(db, make_vote, voter):
    vote = make_vote(VoteKind.SINGLE)
    seen, before = count(vote), version(vote)
    casting.cast(voter, vote, [vote.options[0].id], False)
    assert version(vote) > before
    now = count(vote)
    assert (seen.ballots.online, now.ballots.online) == (0, 1)
    assert now.options[0].votes.online == 1
    assert now == count(vote, stored=False)


def test_a_paper_ballot_entered_raises_the_version_and_shows(
    db, make_paper_vote, clerks, in_request
):
    vote = make_paper_vote(VoteKind.SINGLE, double_entry=False)
    code = make_sheets(vote, 1)[0]
    seen, before = count(vote), version(vote)
    enter(code, clerks[0], ballot_form(vote.options[1].id))
    assert version(vote) > before
    now = count(vote)
    assert (seen.ballots.paper, now.ballots.paper, now.options[1].votes.paper) == (0, 1, 1)
    assert now == count(vote, stored=False)


def test_mixing_raises_the_version(db, make_vote):
    vote = counted(make_vote(VoteKind.BUDGET, **CLOSED))
    seen, before = both(vote), version(vote)
    assert mixing.mix(vote) == 12
    assert version(vote) > before
    assert both(vote) == seen == fresh(vote)


def test_option_changes_raise_the_version_and_show(db, make_vote):
    vote = counted(make_vote(VoteKind.BUDGET, **CLOSED))
    both(vote)
    before = version(vote)
    vote.options[0].title, vote.options[0].cost = "Neuer Titel", 1
    db.session.flush()
    assert version(vote) > before
    tally, funded = both(vote)
    assert tally.options[0].title == "Neuer Titel"
    assert tally.options[0].cost == 1
    assert (tally, funded) == fresh(vote)
    before = version(vote)
    db.session.delete(vote.options[-1])
    db.session.flush()
    assert version(vote) > before
    db.session.expire(vote, ["options"])
    assert both(vote) == fresh(vote)


def test_settings_the_tally_shows_raise_the_version_and_others_do_not(db, make_vote):
    vote = counted(make_vote(VoteKind.BUDGET, **CLOSED))
    both(vote)
    before = version(vote)
    vote.title = "Nur ein anderer Titel"
    db.session.flush()
    assert version(vote) == before
    vote.eligible_count, vote.budget = 400, 10
    db.session.flush()
    assert version(vote) > before
    tally, funded = both(vote)
    assert (tally.eligible_count, tally.budget, funded.greedy.budget) == (400, 10, 10)
    assert (tally, funded) == fresh(vote)


def test_bulk_statements_raise_every_vote_unless_they_name_theirs(db, make_vote):
    first = counted(make_vote(VoteKind.BUDGET, **CLOSED))
    second = make_vote(VoteKind.YES_NO)
    both(first)
    versions = lambda: (version(first), version(second))  # noqa: E731
    before = versions()
    paper = update(Ballot).where(Ballot.vote_id == first.id, Ballot.channel == Channel.PAPER)
    db.session.execute(paper.values(status=BallotStatus.INVALID))
    assert versions() == (before[0] + 1, before[1] + 1)
    assert count(first).invalid.paper == 4
    before = versions()
    named = delete(Ballot).where(Ballot.vote_id == first.id, Ballot.status == BallotStatus.INVALID)
    db.session.execute(named.execution_options(**{SUBJECTS_OPTION: [first.id]}))
    assert versions() == (before[0] + 1, before[1])
    assert count(first).invalid.total == 0
    assert both(first) == fresh(first)


def test_ballot_groups_for_other_options_are_counted_again(db, make_vote):
    vote = counted(make_vote(VoteKind.BUDGET, **CLOSED))
    ids = [option.id for option in vote.options]
    everything = stored_tally.groups(vote, ids, lambda: [(frozenset(ids[:2]), 3)])
    assert everything == [(frozenset(ids[:2]), 3)]
    assert stored_tally.groups(vote, ids, lambda: []) == everything  # stored
    assert stored_tally.groups(vote, ids[:1], lambda: [(frozenset(ids[:1]), 7)]) == [
        (frozenset(ids[:1]), 7)
    ]


def test_a_write_while_counting_leaves_the_stored_tally_stale(db, make_vote):
    vote = counted(make_vote(VoteKind.BUDGET, **CLOSED))

    def counted_while_a_ballot_arrives():
        found = read_counts(vote.id)
        cast(vote, (3,), ONLINE)  # lands after the version was read
        return found

    stored_tally.counts(vote, counted_while_a_ballot_arrives)
    current, payload = STORE.lookup(vote.id, TALLY)
    assert payload is None and current == version(vote)
    assert count(vote).options[2].votes.online == count(vote, stored=False).options[2].votes.online
