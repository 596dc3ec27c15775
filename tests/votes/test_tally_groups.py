"""The ballots grouped by what they chose, in one SQL query over their choice keys."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update

from participation.core.channels import Channel
from participation.votes.ballots import store_ballot
from participation.votes.models import MAX_OPTIONS, Ballot, BallotStatus, VoteKind
from participation.votes.tally import choice_groups
from tests.querycount import counted_queries

CLOSED = {"opens_in": timedelta(days=-15), "open_for": timedelta(days=14)}


def option_ids(vote) -> list[int]:
    """Return the vote's option ids in ballot order."""
    return [option.id for option in vote.options]


def test_ballots_with_the_same_choices_are_one_group(make_vote):
    vote = make_vote(VoteKind.BUDGET, **CLOSED)
    a, b, c, d, e = option_ids(vote)
    for chosen, channel, times in (
        ([a, b], Channel.ONLINE, 3),
        ([b, a], Channel.PAPER, 2),  # the same set on paper: the same group
        ([c], Channel.ONLINE, 1),
        ([e, d, c], Channel.PAPER, 1),
    ):
        for _ in range(times):
            store_ballot(vote, chosen, channel=channel)
    store_ballot(vote, [])  # an abstention has no choices: no group
    store_ballot(vote, [], channel=Channel.PAPER, status=BallotStatus.INVALID)
    groups = choice_groups(vote.id, option_ids(vote))
    assert dict(groups) == {frozenset({a, b}): 5, frozenset({c}): 1, frozenset({c, d, e}): 1}


def test_sixty_options_fit_and_positions_may_have_gaps(db, make_vote):
    spec = {
        "title": "Sechzig Möglichkeiten",
        "kind": VoteKind.MULTIPLE,
        "max_choices": MAX_OPTIONS,
        "options": [(f"Möglichkeit {n}", "") for n in range(1, MAX_OPTIONS + 1)],
    }
    vote = make_vote(VoteKind.MULTIPLE, spec=spec, **CLOSED)
    for option in vote.options:  # positions 10, 20, … (after options were removed, say)
        option.position *= 10
    db.session.flush()
    ids = option_ids(vote)
    store_ballot(vote, [ids[0], ids[-1]])  # the lowest and the highest bit (2⁵⁹)
    store_ballot(vote, ids)  # every bit set
    store_ballot(vote, [ids[-1]])
    with counted_queries(db.engine) as statements:
        groups = choice_groups(vote.id, ids)
    assert len(statements) == 1
    assert dict(groups) == {
        frozenset({ids[-1]}): 1,
        frozenset({ids[0], ids[-1]}): 1,
        frozenset(ids): 1,
    }


def test_no_options_no_groups(make_vote):
    vote = make_vote(VoteKind.BUDGET, **CLOSED)
    assert choice_groups(vote.id, []) == []
    assert choice_groups(vote.id, option_ids(vote)) == []


def test_choice_keys_follow_the_choices_and_the_migration_fills_old_ballots(db, make_vote):
    vote = make_vote(VoteKind.BUDGET, **CLOSED)
    a, b, c, _d, _e = option_ids(vote)
    first, second = store_ballot(vote, [c, a]), store_ballot(vote, [b])
    abstention = store_ballot(vote, [])
    assert first.choice_key == first_key(a, c)
    assert abstention.choice_key is None
    db.session.execute(update(Ballot).values(choice_key=None))  # as before migration 0014
    migration = load_migration("0014_ballot_choice_keys.py")
    migration.fill_choice_keys(db.session.connection())
    db.session.expire_all()
    assert db.session.get(Ballot, first.id).choice_key == first_key(a, c)
    assert db.session.get(Ballot, second.id).choice_key == str(b)
    assert db.session.get(Ballot, abstention.id).choice_key is None
    assert dict(choice_groups(vote.id, option_ids(vote))) == {
        frozenset({a, c}): 1,
        frozenset({b}): 1,
    }


def first_key(*ids: int) -> str:
    """Return the choice key of these option ids."""
    return ".".join(str(i) for i in sorted(ids))


def load_migration(name: str):
    """Import a migration file as a module."""
    path = Path(__file__).resolve().parents[2] / "migrations" / "versions" / name
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
