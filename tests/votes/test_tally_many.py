"""Budget results of many votes at once agree with the tally of each vote alone."""

from __future__ import annotations

from datetime import timedelta

from participation.core.channels import Channel
from participation.votes import tally, tally_many
from participation.votes.models import VoteKind
from tests.querycount import counted_queries
from tests.votes.test_results_pages import cast

CLOSED = {"opens_in": timedelta(days=-15), "open_for": timedelta(days=14)}


def test_many_votes_give_what_each_vote_gives_alone_in_three_queries(db, make_vote):
    first, second, empty = (make_vote(VoteKind.BUDGET, **CLOSED) for _ in range(3))
    for positions, times in (((4, 2, 3), 6), ((5, 3), 4)):  # the rules differ (test_tally)
        for _ in range(times):
            cast(first, positions)
    for positions, times in (((1,), 3), ((2, 5), 2), ((), 1)):
        for _ in range(times):
            cast(second, positions, Channel.PAPER)
    votes = [first, second, empty]
    with counted_queries(db.engine) as statements:
        options = tally_many.options_by_vote([vote.id for vote in votes])
        many = tally_many.budget_results(votes, options)
    assert len(statements) == 3
    for vote in votes:
        alone = tally.budget_result(vote, tally.count(vote))
        assert many[vote.id] == alone
    assert many[first.id].greedy.funded != many[first.id].equal_shares.funded
