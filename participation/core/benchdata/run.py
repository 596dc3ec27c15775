"""Write all bench data in order: accounts, proposals, discussions, supports, surveys, votes,
notifications; then fresh planner statistics."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import click
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.core import generations
from participation.core.benchdata import (
    accounts,
    comments,
    notifications,
    plan,
    proposals,
    surveys,
    votes,
)
from participation.core.benchdata.loader import Loader, analyze
from participation.core.models import utcnow
from participation.extensions import db
from participation.proposals.models import Proposal

MAX_EXISTING_ACCOUNTS = 10  # a handful (demo or admin accounts) may be there already


def check_empty(force: bool) -> None:
    """Refuse a database with proposals or more than a handful of accounts, unless forced."""
    found = db.session.scalar(select(func.count()).select_from(Proposal))
    people = db.session.scalar(select(func.count()).select_from(User))
    if not force and (found or people > MAX_EXISTING_ACCOUNTS):
        raise click.ClickException(
            f"The database already has {found:,} proposals and {people:,} accounts; bench data "
            "goes into an empty one. Add --force to write it anyway."
        )


def describe(sizes: plan.Sizes) -> str:
    """Return the sizes in one line."""
    return (
        f"{sizes.accounts:,} accounts, {sizes.proposals:,} proposals, {sizes.comments:,} "
        f"comments ({sizes.reply_share:.0%} replies), {sizes.supports:,} supports, "
        f"{sizes.surveys} surveys with {sizes.responses:,} responses, {sizes.votes} votes with "
        f"{sizes.ballots:,} ballots ({sizes.paper_share:.0%} paper), {sizes.notifications:,} "
        f"notifications; seed {sizes.seed}"
    )


def seed(sizes: plan.Sizes, *, force: bool, echo: Callable[[str], None]) -> accounts.People:
    """Write the bench data of `sizes` (committed phase by phase); return the accounts."""
    check_empty(force)
    echo(f"Bench data: {describe(sizes)}")
    started, loader = time.perf_counter(), Loader(echo)
    chance, tokens, now = random.Random(sizes.seed), random.Random(), utcnow()
    people = accounts.write_accounts(loader, sizes.accounts, chance, tokens, now)
    if sizes.proposals:
        write_participation(loader, sizes, people, chance, now)
    if sizes.surveys:
        counts = plan.with_largest(sizes.responses, sizes.surveys, plan.LARGEST_SURVEY, chance)
        surveys.write_surveys(loader, counts, people, chance, tokens, now)
    if sizes.votes:
        counts = plan.with_largest(sizes.ballots, sizes.votes, plan.LARGEST_VOTE, chance)
        votes.write_votes(loader, counts, people, chance, tokens, now, sizes.paper_share)
    generations.raise_all()  # COPY passes the engine by: what was stored for guests is stale
    analyze()
    echo(f"Done in {time.perf_counter() - started:.0f} s.")
    if people.ids:
        echo(f"Every bench account's password: {accounts.BENCH_PASSWORD}")
        echo(f"The staff member: {people.staff_email}")
    return people


def write_participation(loader: Loader, sizes: plan.Sizes, people, chance, now) -> None:
    """Write the proposals with their discussions and supports, and the notifications."""
    planned = proposals.plan_proposals(sizes, people, chance, now)
    proposals.write_proposals(loader, planned, people, chance)
    found = comments.write_comments(loader, planned, people, chance) if sizes.comments else None
    if sizes.supports:
        proposals.write_supports(loader, planned, people, chance, now)
    if sizes.notifications:
        causes = notifications.Causes(planned, found or comments.Discussions(0), people)
        notifications.write_notifications(loader, sizes.notifications, causes, chance, now)
