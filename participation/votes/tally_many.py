"""The funded projects of many closed budget votes at once (the staff's form that starts
tracking an implementation offers the projects of all of them): three grouped queries in all,
not four for every vote. Counts and rules are those of tally.py."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import BigInteger, case, func, literal, select
from sqlalchemy.orm import joinedload

from participation.extensions import db
from participation.votes import budget, tally
from participation.votes.models import BallotChoice, Vote, VoteOption


def options_by_vote(vote_ids: list[int]) -> dict[int, list[VoteOption]]:
    """Return vote id → its options in ballot order, each with its vote (one query)."""
    query = (
        select(VoteOption)
        .options(joinedload(VoteOption.vote))
        .where(VoteOption.vote_id.in_(vote_ids))
        .order_by(VoteOption.vote_id, VoteOption.position, VoteOption.id)
    )
    found: dict[int, list[VoteOption]] = defaultdict(list)
    for option in db.session.scalars(query):
        found[option.vote_id].append(option)
    return found


def chosen_totals(vote_ids: list[int]) -> dict[int, int]:
    """Return option id → how many ballots chose it, online and on paper (one GROUP BY)."""
    query = (
        select(BallotChoice.option_id, func.count())
        .where(BallotChoice.vote_id.in_(vote_ids))
        .group_by(BallotChoice.option_id)
    )
    return dict(db.session.execute(query).all())


def groups_by_vote(options: dict[int, list[VoteOption]]) -> dict[int, list[budget.Group]]:
    """Return vote id → its valid ballots grouped by what they chose (one query: per ballot
    the sum of one bit per chosen option, the bit being the option's index on its ballot)."""
    index = {option.id: n for listed in options.values() for n, option in enumerate(listed)}
    if not index:
        return {}
    bits = {oid: literal(1 << n, BigInteger) for oid, n in index.items()}
    bit = case(bits, value=BallotChoice.option_id, else_=literal(0, BigInteger))
    per_ballot = (
        select(BallotChoice.vote_id, func.sum(bit).label("mask"))
        .where(BallotChoice.vote_id.in_(list(options)))
        .group_by(BallotChoice.vote_id, BallotChoice.ballot_id)
        .subquery()
    )
    columns = per_ballot.c.vote_id, per_ballot.c.mask
    query = select(*columns, func.count()).group_by(*columns)
    found: dict[int, list[budget.Group]] = defaultdict(list)
    for vote_id, mask, ballots in db.session.execute(query):
        found[vote_id].append((chosen_in(int(mask), options[vote_id]), ballots))
    return found


def chosen_in(mask: int, options: list[VoteOption]) -> frozenset[int]:
    """Return the ids of the options whose bits are set in `mask`."""
    return frozenset(option.id for n, option in enumerate(options) if mask >> n & 1)


def budget_results(
    votes: list[Vote], options: dict[int, list[VoteOption]]
) -> dict[int, tally.BudgetResult]:
    """Return vote id → the funded projects by both rules, for budget votes whose options
    `options` holds (from options_by_vote)."""
    chosen, groups = chosen_totals(list(options)), groups_by_vote(options)
    results = {}
    for vote in votes:
        projects = [
            budget.Project(o.id, o.cost or 0, o.position, chosen.get(o.id, 0))
            for o in options.get(vote.id, [])
        ]
        results[vote.id] = outcome(projects, groups.get(vote.id, []), vote.budget or 0)
    return results


def outcome(projects: list[budget.Project], groups: list[budget.Group], amount: int):
    """Return the funded projects by both rules (as tally.budget_result does for one vote)."""
    return tally.BudgetResult(
        projects=projects,
        greedy=budget.greedy(projects, amount),
        equal_shares=budget.equal_shares(projects, groups, amount),
        voters=sum(n for _chosen, n in groups),
    )
