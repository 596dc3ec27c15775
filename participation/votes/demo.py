"""Demo data: the market square vote, open now, and the citizens' budget 2026, closed, with
invented ballots online and on paper. The budget's ballots are made so that the greedy rule and
Equal Shares fund different projects, which the tally page then explains. Every ballot is stored
through `ballots.store_ballot`, and each has a participation of an invented person (by identity
key), so turnout adds up. Running it again changes nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from participation.accounts import services as accounts
from participation.accounts.identity import identity_key
from participation.core.channels import Channel
from participation.core.clock import town_today
from participation.extensions import db
from participation.votes.ballots import store_ballot
from participation.votes.models import BallotStatus, Vote, VoteParticipation
from participation.votes.seed import CITIZENS_BUDGET, MARKET_SQUARE, build_vote

DEMO_NOTE = "\n\n*Demo: Die Stimmen in dieser Abstimmung sind erfunden.*"
BUDGET_ELIGIBLE = 10_500  # residents aged 16 and over, as the town would enter it
INVALID = "invalid"

# Budget ballots by the positions chosen (1 Bänke, 2 Brunnen, 3 Bücherschrank, 4 Beleuchtung,
# 5 Obstbäume): (online, paper). A majority wants light and fountain; a large minority benches
# and fruit trees; nearly everybody the book case. Greedy gives the majority the whole budget
# (book case, fountain, lighting); Equal Shares funds the minority's projects too.
BUDGET_BALLOTS = {
    (4, 2, 3): (110, 40),
    (4, 2): (15, 5),
    (1, 5, 3): (65, 25),
    (1, 5): (10, 5),
    (5, 3): (8, 2),
    (3,): (5, 0),
    (): (6, 3),
    INVALID: (0, 4),
}
MARKET_BALLOTS = {(1,): (23, 6), (2,): (14, 5), (): (2, 1)}  # Ja, Nein, abstentions


def ensure_demo_votes() -> tuple[Vote, Vote]:
    """Create the open and the closed demo vote when they are missing; return both."""
    author = accounts.find_by_email("verwaltung@example.org")
    market = existing(MARKET_SQUARE) or demo_vote(
        MARKET_SQUARE, author, MARKET_BALLOTS, opens_in=-3, open_for=14
    )
    budget = existing(CITIZENS_BUDGET) or demo_vote(
        CITIZENS_BUDGET, author, BUDGET_BALLOTS, opens_in=-30, open_for=21
    )
    return market, budget


def existing(spec: dict) -> Vote | None:
    """Return the demo vote made from `spec`, if it is there."""
    return db.session.scalar(select(Vote).where(Vote.title == spec["title"]))


def demo_vote(spec: dict, author, ballots: dict, opens_in: int, open_for: int) -> Vote:
    """Write a demo vote and its invented ballots and participations (flushed)."""
    vote = build_vote(
        {**spec, "explanation": spec["explanation"] + DEMO_NOTE},
        author=author,
        opens_in=timedelta(days=opens_in),
        open_for=timedelta(days=open_for),
        eligible_count=BUDGET_ELIGIBLE if spec is CITIZENS_BUDGET else None,
    )
    chance = random.Random(vote.title)  # the same demo every time
    papers = [
        (chosen, channel)
        for chosen, counts in ballots.items()
        for channel, times in zip(Channel, counts, strict=True)
        for _ in range(times)
    ]
    chance.shuffle(papers)
    positions = {option.position: option.id for option in vote.options}
    first_day, staff_id = vote.opens_at.date(), author.id if author else None
    for number, (chosen, channel) in enumerate(papers):
        participate(vote, number, channel, first_day, staff_id, chance)
        if chosen == INVALID:
            store_ballot(vote, [], channel=channel, status=BallotStatus.INVALID)
        else:
            store_ballot(vote, [positions[p] for p in chosen], channel=channel)
    vote.ballot_count = len(papers)
    db.session.flush()
    return vote


def participate(vote: Vote, number: int, channel: Channel, first_day: date, staff_id, chance):
    """Record that an invented person (told apart by birth date) took part."""
    days = max((min(town_today(), vote.closes_at.date()) - first_day).days, 0)
    db.session.add(
        VoteParticipation(
            vote_id=vote.id,
            identity_key=identity_key("Demo", "Person", date(1940, 1, 1) + timedelta(days=number)),
            channel=channel,
            day=first_day + timedelta(days=chance.randint(0, days)),
            recorded_by_id=staff_id if channel is Channel.PAPER else None,
        )
    )
