"""The tally of a vote, counted in SQL: a fixed number of GROUP BY queries however many ballots
there are (options, choices per option and channel, ballots per status and channel, and for a
budget vote the ballots grouped by what they chose), shaped into plain dataclasses that the
tally page, the exports and the council's publication share.

Percentages of an option are shares of the valid ballots (for several choices per ballot they add
up to more than 100); abstentions and invalid ballots are shares of all ballots. Turnout is the
number of ballots, and a share of `eligible_count` when staff entered it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from participation.core.channels import Channel
from participation.extensions import db
from participation.votes import ballots, budget, stored_tally
from participation.votes.models import (
    Ballot,
    BallotChoice,
    BallotStatus,
    Vote,
    VoteKind,
    VoteOption,
)


@dataclass(frozen=True)
class ByChannel:
    """A count online, on paper and together."""

    online: int = 0
    paper: int = 0

    @property
    def total(self) -> int:
        """Return both channels together."""
        return self.online + self.paper

    def get(self, channel: Channel) -> int:
        """Return the count of one channel."""
        return self.paper if channel is Channel.PAPER else self.online


def by_channel(counts: dict[Channel, int]) -> ByChannel:
    """Return a ByChannel from channel → count (missing channels count 0)."""
    return ByChannel(counts.get(Channel.ONLINE, 0), counts.get(Channel.PAPER, 0))


def percent(part: int, whole: int) -> float | None:
    """Return `part` as a percentage of `whole` (None when there is no whole)."""
    return 100 * part / whole if whole else None


@dataclass(frozen=True)
class OptionCount:
    """One option's votes by channel; `percent` is its share of the valid ballots."""

    id: int
    position: int
    title: str
    cost: int | None
    votes: ByChannel
    percent: float | None


@dataclass(frozen=True)
class Tally:
    """The counts of one vote (see the module docstring for what each share is of)."""

    vote_id: int
    kind: VoteKind
    budget: int | None
    eligible_count: int | None
    options: list[OptionCount]
    ballots: ByChannel
    valid: ByChannel
    abstentions: ByChannel
    invalid: ByChannel

    @property
    def valid_percent(self) -> float | None:
        """Return the valid ballots' share of all ballots."""
        return percent(self.valid.total, self.ballots.total)

    @property
    def abstention_percent(self) -> float | None:
        """Return the abstentions' share of all ballots."""
        return percent(self.abstentions.total, self.ballots.total)

    @property
    def invalid_percent(self) -> float | None:
        """Return the invalid ballots' share of all ballots."""
        return percent(self.invalid.total, self.ballots.total)

    @property
    def turnout_percent(self) -> float | None:
        """Return the ballots as a share of the people eligible (None if not known)."""
        return percent(self.ballots.total, self.eligible_count or 0)


@dataclass(frozen=True)
class BudgetResult:
    """The funded projects of a budget vote by both rules."""

    projects: list[budget.Project]
    greedy: budget.Outcome
    equal_shares: budget.Outcome
    voters: int  # ballots with at least one project: the voters Equal Shares shares among


def option_rows(vote_id: int) -> list[stored_tally.OptionRow]:
    """Return (id, position, title, cost) of the vote's options in ballot order."""
    query = (
        select(VoteOption.id, VoteOption.position, VoteOption.title, VoteOption.cost)
        .where(VoteOption.vote_id == vote_id)
        .order_by(VoteOption.position, VoteOption.id)
    )
    return [stored_tally.OptionRow(*row) for row in db.session.execute(query)]


def choice_counts(vote_id: int) -> dict[int, dict[Channel, int]]:
    """Return option id → channel → how many ballots chose it (one index-only GROUP BY)."""
    query = (
        select(BallotChoice.option_id, BallotChoice.channel, func.count())
        .where(BallotChoice.vote_id == vote_id)
        .group_by(BallotChoice.option_id, BallotChoice.channel)
    )
    found: dict[int, dict[Channel, int]] = {}
    for option_id, channel, count in db.session.execute(query):
        found.setdefault(option_id, {})[Channel(channel)] = count
    return found


def status_counts(vote_id: int) -> dict[BallotStatus, dict[Channel, int]]:
    """Return status → channel → how many ballots (one index-only GROUP BY)."""
    query = (
        select(Ballot.status, Ballot.channel, func.count())
        .where(Ballot.vote_id == vote_id)
        .group_by(Ballot.status, Ballot.channel)
    )
    found: dict[BallotStatus, dict[Channel, int]] = {status: {} for status in BallotStatus}
    for status, channel, count in db.session.execute(query):
        found[BallotStatus(status)][Channel(channel)] = count
    return found


def option_count(row, chosen: dict[Channel, int], valid: int) -> OptionCount:
    """Return one option's counts from its row and its choices per channel."""
    votes = by_channel(chosen)
    return OptionCount(
        row.id, row.position, row.title, row.cost, votes, percent(votes.total, valid)
    )


def read_counts(vote_id: int) -> stored_tally.Counts:
    """Return the options, choices and ballot statuses of a vote, counted in SQL now."""
    return stored_tally.Counts(option_rows(vote_id), choice_counts(vote_id), status_counts(vote_id))


def count(vote: Vote, stored: bool = True) -> Tally:
    """Return the tally of `vote`: from the stored counts while the vote is unchanged, else
    counted now (three queries; `stored=False`: always); a caller that wants them kept for the
    next reader commits."""
    compute = lambda: read_counts(vote.id)  # noqa: E731
    options, chosen, statuses = stored_tally.counts(vote, compute) if stored else compute()
    valid = by_channel(statuses[BallotStatus.VALID])
    abstentions = by_channel(statuses[BallotStatus.ABSTENTION])
    invalid = by_channel(statuses[BallotStatus.INVALID])
    counted = [option_count(row, chosen.get(row.id, {}), valid.total) for row in options]
    return Tally(
        vote_id=vote.id,
        kind=vote.kind,
        budget=vote.budget,
        eligible_count=vote.eligible_count,
        options=counted,
        ballots=ByChannel(
            valid.online + abstentions.online + invalid.online,
            valid.paper + abstentions.paper + invalid.paper,
        ),
        valid=valid,
        abstentions=abstentions,
        invalid=invalid,
    )


def choice_groups(vote_id: int, option_ids: list[int]) -> list[budget.Group]:
    """Return the valid ballots grouped by what they chose, as (option ids, how many ballots).

    One GROUP BY over the index on (vote_id, choice_key): each valid ballot carries the key of
    its choices (ballots.choice_key). Abstentions and invalid ballots have none and are no group;
    options not in `option_ids` are left out of a group.
    """
    if not option_ids:
        return []
    query = (
        select(Ballot.choice_key, func.count())
        .where(Ballot.vote_id == vote_id, Ballot.choice_key.is_not(None))
        .group_by(Ballot.choice_key)
    )
    wanted = set(option_ids)
    groups: dict[frozenset[int], int] = {}
    for key, n in db.session.execute(query):
        chosen = ballots.option_ids_of(key) & wanted
        if chosen:
            groups[chosen] = groups.get(chosen, 0) + n
    return list(groups.items())


def budget_result(vote: Vote, tally: Tally, stored: bool = True) -> BudgetResult:
    """Return the funded projects by both rules (the ballot groups: stored while the vote is
    unchanged, else one query)."""
    projects = [
        budget.Project(option.id, option.cost or 0, option.position, option.votes.total)
        for option in tally.options
    ]
    ids = [option.id for option in tally.options]
    compute = lambda: choice_groups(vote.id, ids)  # noqa: E731
    groups = stored_tally.groups(vote, ids, compute) if stored else compute()
    amount = vote.budget or 0
    return BudgetResult(
        projects=projects,
        greedy=budget.greedy(projects, amount),
        equal_shares=budget.equal_shares(projects, groups, amount),
        voters=sum(n for _chosen, n in groups),
    )
