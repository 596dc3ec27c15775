"""The demo votes: the open market square vote and the closed citizens' budget, whose greedy
and Equal Shares outcomes differ; participations and ballots add up on both channels."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.accounts.seed import ensure_demo_accounts
from participation.core.channels import Channel
from participation.votes import demo
from participation.votes.models import Phase, Vote, VoteParticipation
from participation.votes.seed import CITIZENS_BUDGET, MARKET_SQUARE
from participation.votes.tally import ByChannel, budget_result, count


def participations(db, vote: Vote) -> ByChannel:
    """Return the vote's participations per channel (one GROUP BY)."""
    query = (
        select(VoteParticipation.channel, func.count())
        .where(VoteParticipation.vote_id == vote.id)
        .group_by(VoteParticipation.channel)
    )
    found = {Channel(channel): n for channel, n in db.session.execute(query)}
    return ByChannel(found.get(Channel.ONLINE, 0), found.get(Channel.PAPER, 0))


def test_running_it_twice_makes_each_vote_once(app, db):
    with app.test_request_context():
        ensure_demo_accounts()
        first = demo.ensure_demo_votes()
        second = demo.ensure_demo_votes()
    assert [vote.id for vote in first] == [vote.id for vote in second]
    for spec in (MARKET_SQUARE, CITIZENS_BUDGET):
        titles = db.session.scalars(select(Vote.id).where(Vote.title == spec["title"])).all()
        assert len(titles) == 1


def test_the_demo_votes_add_up(app, db):
    with app.test_request_context():
        ensure_demo_accounts()
        market, budget = demo.ensure_demo_votes()
        market_tally, budget_tally = count(market), count(budget)
        funded = budget_result(budget, budget_tally)
    assert market.phase() is Phase.OPEN and budget.phase() is Phase.CLOSED
    assert "Demo" in budget.explanation and budget.created_by.email == "verwaltung@example.org"
    for vote, tally, ballots in (
        (market, market_tally, demo.MARKET_BALLOTS),
        (budget, budget_tally, demo.BUDGET_BALLOTS),
    ):
        online = sum(counts[0] for counts in ballots.values())
        paper = sum(counts[1] for counts in ballots.values())
        assert tally.ballots == ByChannel(online, paper) == participations(db, vote)
        assert vote.ballot_count == online + paper
    assert 250 <= budget_tally.ballots.total <= 400 and budget_tally.invalid.total == 4
    # Positions: 1 Bänke, 2 Brunnen, 3 Bücherschrank, 4 Beleuchtung, 5 Obstbäume.
    ids = {option.position: option.id for option in budget.options}
    assert set(funded.greedy.funded) == {ids[3], ids[2], ids[4]}
    assert set(funded.equal_shares.funded) == {ids[3], ids[2], ids[5], ids[1]}
    assert funded.greedy.spent == 30_000 and funded.equal_shares.spent == 28_000
