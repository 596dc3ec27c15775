"""What may be tracked: accepted (or implemented) proposals that are public and shown, and
the projects of closed budget votes that either rule of the tally funds (the greedy rule or
Equal Shares: the tally shows both and the council decides which applies), and which of them
nobody tracks yet (the staff's start form offers those)."""

from __future__ import annotations

from sqlalchemy import exists, select

from participation.core.models import utcnow
from participation.extensions import db
from participation.proposals.models import ModerationState, Proposal, ProposalStatus
from participation.results.models import Implementation
from participation.votes import tally, tally_many
from participation.votes.models import Vote, VoteKind, VoteOption

TRACKABLE_STATUSES = (ProposalStatus.ACCEPTED, ProposalStatus.IMPLEMENTED)
GREEDY, EQUAL_SHARES = "greedy", "equal_shares"


def is_trackable_proposal(proposal: Proposal) -> bool:
    """Whether the proposal is accepted (or implemented), public and shown."""
    return (
        proposal.status in TRACKABLE_STATUSES
        and proposal.is_public
        and proposal.moderation_state is ModerationState.SHOWN
    )


def closed_budget_votes() -> list[Vote]:
    """Return the published budget votes that have closed, newest first."""
    query = select(Vote).where(
        Vote.kind == VoteKind.BUDGET, Vote.published_at.is_not(None), Vote.closes_at <= utcnow()
    )
    return list(db.session.scalars(query.order_by(Vote.closes_at.desc(), Vote.id.desc())))


def funding_rules(vote: Vote) -> dict[int, list[str]]:
    """Return option id → the rules that fund it ("greedy", "equal_shares"), funded only."""
    return rules_of(tally.budget_result(vote, tally.count(vote)))


def rules_of(result: tally.BudgetResult) -> dict[int, list[str]]:
    """Return option id → the rules that fund it, from a budget vote's result."""
    rules: dict[int, list[str]] = {}
    for rule, outcome in ((GREEDY, result.greedy), (EQUAL_SHARES, result.equal_shares)):
        for option_id in outcome.funded:
            rules.setdefault(option_id, []).append(rule)
    return rules


def is_funded_option(option: VoteOption) -> bool:
    """Whether the option is a project of a closed budget vote that either rule funds."""
    vote = option.vote
    closed = vote.published_at is not None and vote.closes_at <= utcnow()
    return vote.kind is VoteKind.BUDGET and closed and option.id in funding_rules(vote)


def is_trackable(subject: Proposal | VoteOption) -> bool:
    """Whether `subject` (a proposal or a budget project) may be tracked."""
    if isinstance(subject, Proposal):
        return is_trackable_proposal(subject)
    return is_funded_option(subject)


def untracked_proposals() -> list[Proposal]:
    """Return the trackable proposals nobody tracks yet, newest first."""
    tracked = exists().where(Implementation.proposal_id == Proposal.id)
    query = select(Proposal).where(
        Proposal.status.in_(TRACKABLE_STATUSES),
        Proposal.moderation_state == ModerationState.SHOWN,
        ~tracked,
    )
    return list(db.session.scalars(query.order_by(Proposal.published_at.desc(), Proposal.id)))


def untracked_projects() -> list[tuple[VoteOption, list[str]]]:
    """Return the funded projects of closed budget votes nobody tracks yet, with their rules."""
    votes = closed_budget_votes()
    if not votes:
        return []
    tracked = set(db.session.scalars(select(Implementation.vote_option_id)))
    options = tally_many.options_by_vote([vote.id for vote in votes])
    results = tally_many.budget_results(votes, options)  # grouped: not a tally per vote
    found = []
    for vote in votes:
        rules = rules_of(results[vote.id])
        found += [
            (o, rules[o.id]) for o in options[vote.id] if o.id in rules and o.id not in tracked
        ]
    return found
