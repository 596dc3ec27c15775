"""Bench ballots: random choices by each option's popularity (within the budget or the choice
limit), some on paper, a few abstentions and invalid paper ballots; for `flask seed bench` with
one participation per ballot. `bench/votes.py` fills its vote with the same `ballot_rows`."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from participation.accounts.models import User
from participation.core import results_versions
from participation.core.benchdata.accounts import People
from participation.core.benchdata.loader import Loader, next_id
from participation.extensions import db
from participation.votes.ballots import choice_key
from participation.votes.models import (
    RECEIPT_ALPHABET,
    Ballot,
    BallotChoice,
    Eligibility,
    Vote,
    VoteKind,
    VoteParticipation,
)
from participation.votes.seed import EXAMPLES, build_vote

PAPER, ABSTAIN, INVALID_ON_PAPER = 0.30, 0.03, 0.02
KINDS = (VoteKind.BUDGET, VoteKind.YES_NO, VoteKind.SINGLE, VoteKind.MULTIPLE)
OPEN_DAYS = 21


def receipt(chance: random.Random) -> str:
    """Return a random receipt code such as `7K3M-9Q2X-4HPA`."""
    letters = "".join(chance.choices(RECEIPT_ALPHABET, k=12))
    return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"


def popularity_of(vote: Vote, chance: random.Random) -> list[float]:
    """Return how likely voters choose each option (0.25 to 0.75)."""
    return [0.25 + 0.5 * chance.random() for _ in vote.options]


def choose(chance: random.Random, vote: Vote, popularity: list[float]) -> list:
    """Return the options one voter chooses: one by popularity, or each by its popularity and
    then dropped at random until they fit the budget or the choice limit."""
    if vote.kind in (VoteKind.YES_NO, VoteKind.SINGLE):
        return chance.choices(vote.options, weights=popularity)
    chosen = [option for option, p in zip(vote.options, popularity, strict=True)
              if chance.random() < p]  # fmt: skip
    while chosen and too_many(vote, chosen):
        chosen.remove(chance.choice(chosen))
    return chosen


def too_many(vote: Vote, chosen: list) -> bool:
    """Whether the chosen options cost more than the budget or exceed the choice limit."""
    if vote.kind is VoteKind.BUDGET:
        return sum(option.cost for option in chosen) > vote.budget
    return len(chosen) > vote.choice_limit()


def ballot_rows(
    vote: Vote,
    chance: random.Random,
    popularity: list[float],
    *,
    tokens: random.Random | None = None,
    paper_share: float = PAPER,
) -> tuple[dict, list]:
    """Return one random ballot row and its choice rows; ids and receipts come from `tokens`
    (by default `chance`, as bench/votes.py has it)."""
    tokens = tokens or chance
    ballot_id = f"{tokens.getrandbits(128):032x}"
    channel = "paper" if chance.random() < paper_share else "online"
    status, chosen = "valid", []
    if channel == "paper" and chance.random() < INVALID_ON_PAPER:
        status = "invalid"
    elif chance.random() >= ABSTAIN:
        chosen = choose(chance, vote, popularity)
    status = "abstention" if status == "valid" and not chosen else status
    key = choice_key(option.id for option in chosen) if chosen else None
    row = {"id": ballot_id, "vote_id": vote.id, "channel": channel, "status": status,
           "receipt": receipt(tokens), "choice_key": key}  # fmt: skip
    choices = [{"ballot_id": ballot_id, "option_id": option.id, "vote_id": vote.id,
                "channel": channel} for option in chosen]  # fmt: skip
    return row, choices


def write_votes(loader: Loader, counts: list[int], people: People, chance, tokens, now, paper):
    """Write closed votes of every kind (the largest a budget), with their ballots and one
    participation per ballot."""
    participation_id = next_id(VoteParticipation.__table__)
    with loader.phase():
        sinks = [loader.sink(table) for table in (Ballot.__table__, BallotChoice.__table__)]
        sinks.append(loader.sink(VoteParticipation.__table__))
        for number, count in enumerate(counts):
            vote = closed_vote(number, count, people, now)
            channels = fill(loader, sinks[:2], vote, count, chance, tokens, paper)
            # COPY passes by the session's hooks: a stored tally (none yet) would be stale.
            results_versions.raise_versions(db.session, Vote.__table__, [vote.id])
            for row in participations(vote, channels, people, chance, tokens):
                loader.put(sinks[2], {**row, "id": participation_id})
                participation_id += 1


def closed_vote(number: int, count: int, people: People, now: datetime) -> Vote:
    """Write a closed vote (kinds in turn; one every 90 days back) counting `count` ballots."""
    spec = EXAMPLES[KINDS[number % len(KINDS)]]
    if number >= len(KINDS):
        spec = {**spec, "title": f"{spec['title']} ({number // len(KINDS) + 1}. Runde)"}
    closes = now - timedelta(days=7 + 90 * number)
    vote = build_vote(
        spec, author=db.session.get(User, people.staff_id), eligibility=Eligibility.RESIDENTS,
        opens_in=closes - timedelta(days=OPEN_DAYS) - now, open_for=timedelta(days=OPEN_DAYS),
    )  # fmt: skip
    # Written in one bulk transaction, the ballots need no mixing (see votes/mixing.py).
    vote.published_at, vote.ballot_count, vote.mixed_count = vote.opens_at, count, count
    db.session.flush()
    return vote


def fill(loader: Loader, sinks: list, vote: Vote, count: int, chance, tokens, paper) -> dict:
    """Queue the vote's ballots and choices; return how many came by each channel."""
    popularity, channels = popularity_of(vote, chance), {"online": 0, "paper": 0}
    for _ in range(count):
        row, choices = ballot_rows(vote, chance, popularity, tokens=tokens, paper_share=paper)
        loader.put(sinks[0], row)
        for choice in choices:
            loader.put(sinks[1], choice)
        channels[row["channel"]] += 1
    return channels


def participations(vote: Vote, channels: dict, people: People, chance, tokens) -> list[dict]:
    """Return one participation per ballot: online by accounts (by invented verified people
    once every account has voted), paper by invented people the staff member handed it to."""
    first_day = vote.opens_at.date()
    voters = chance.sample(range(len(people.ids)), min(channels["online"], len(people.ids)))
    rows = [took_part(vote, "online", first_day, chance) for _ in range(channels["online"])]
    for row, index in zip(rows, voters, strict=False):
        row["user_id"], row["identity_key"] = people.ids[index], people.keys[index]
    for row in rows[len(voters) :]:
        row["identity_key"] = f"{tokens.getrandbits(256):064x}"
    for _ in range(channels["paper"]):
        row = took_part(vote, "paper", first_day, chance)
        row["identity_key"] = f"{tokens.getrandbits(256):064x}"
        row["recorded_by_id"] = people.staff_id
        rows.append(row)
    return rows


def took_part(vote: Vote, channel: str, first_day: date, chance) -> dict:
    """Return a participation row without the person."""
    day = first_day + timedelta(days=chance.randint(0, OPEN_DAYS - 1))
    return {"vote_id": vote.id, "user_id": None, "identity_key": None, "channel": channel,
            "day": day, "recorded_by_id": None}  # fmt: skip
