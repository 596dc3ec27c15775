"""How much bench data to write: the presets, the options that override them, and how a total is
spread over proposals, surveys and votes (skewed like real use, or evenly)."""

from __future__ import annotations

import dataclasses
import math
import random
from dataclasses import dataclass

import click

LARGEST_SURVEY = 100_000  # the benchmark's "survey of 100,000 responses"
LARGEST_VOTE = 200_000  # ballots of the largest vote
MAX_TOP_LEVEL = 1_000  # top-level comments of the longest discussion (skewed spread)


@dataclass(frozen=True)
class Sizes:
    """The counts to write and the seed of the random generator."""

    accounts: int
    proposals: int
    comments: int
    reply_share: float
    supports: int
    surveys: int
    responses: int
    votes: int
    ballots: int
    paper_share: float
    notifications: int
    seed: int = 1
    even: bool = False  # comments and supports spread evenly (the small preset)


PRESETS = {
    "small": Sizes(200, 2_000, 20_000, 0.0, 0, 0, 0, 0, 0, 0.3, 0, even=True),
    "state": Sizes(
        100_000, 20_000, 500_000, 0.25, 1_000_000, 20, 200_000, 10, 500_000, 0.3, 50_000
    ),
}


def sizes_from(preset: str, overrides: dict) -> Sizes:
    """Return the preset's sizes with the options given (not None) instead; refuse odd ones."""
    given = {name: value for name, value in overrides.items() if value is not None}
    sizes = dataclasses.replace(PRESETS[preset], **given)
    problem = size_problem(sizes)
    if problem:
        raise click.UsageError(problem)
    return sizes


def size_problem(s: Sizes) -> str | None:
    """Return why these sizes cannot be written together, or None."""
    needs = [
        (s.proposals and not s.accounts, "proposals need --accounts"),
        (s.comments and not s.proposals, "comments need --proposals"),
        (s.supports > s.proposals * max(s.accounts - 1, 0), "more supports than accounts allow"),
        (s.responses and not s.surveys, "responses need --surveys"),
        (s.ballots and not s.votes, "ballots need --votes"),
        ((s.surveys or s.votes) and not s.accounts, "surveys and votes need --accounts"),
        (s.notifications and not s.proposals, "notifications need --proposals"),
        (not 0 <= s.reply_share <= 1 or not 0 <= s.paper_share <= 1, "shares lie in 0…1"),
    ]
    return next((message for failed, message in needs if failed), None)


def spread(total: int, weights: list[float], cap: int | None = None) -> list[int]:
    """Split `total` into whole numbers in proportion to `weights`, none above `cap`; what a
    capped one cannot take goes to the others."""
    counts, left = [0] * len(weights), total
    open_ = [i for i in range(len(weights)) if cap is None or cap > 0]
    while left and open_:
        for i, share in zip(open_, shares(left, [weights[i] for i in open_]), strict=True):
            counts[i] += share
        left = sum(max(counts[i] - cap, 0) for i in open_) if cap is not None else 0
        if cap is not None:
            counts = [min(count, cap) for count in counts]
            open_ = [i for i in open_ if counts[i] < cap]
    if left:
        raise click.UsageError(f"cannot spread {total:,} with at most {cap:,} each")
    return counts


def shares(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (all equal when they sum to 0), the remainder
    going to the largest fractions (ties: the first)."""
    weight_sum = sum(weights)
    if weight_sum <= 0:
        weights, weight_sum = [1.0] * len(weights), float(len(weights))
    exact = [total * weight / weight_sum for weight in weights]
    whole = [int(value) for value in exact]
    ranked = sorted(range(len(exact)), key=lambda i: whole[i] - exact[i])
    for i in ranked[: total - sum(whole)]:
        whole[i] += 1
    return whole


def skewed(chance: random.Random, count: int, sigma: float) -> list[float]:
    """Return `count` log-normal weights: most small, a few large (sigma sets the tail)."""
    return [chance.lognormvariate(0, sigma) for _ in range(count)]


def with_largest(total: int, parts: int, largest: int, chance: random.Random) -> list[int]:
    """Split `total` over `parts`: the first gets `largest` (or half when that is too much),
    the rest is spread with a mild skew."""
    if parts <= 0:
        return []
    first = total if parts == 1 else min(largest, total // 2)
    return [first, *spread(total - first, skewed(chance, parts - 1, 0.6))]


def top_level_cap(top_level: int, proposals: int) -> int:
    """Return the most top-level comments one discussion may get in a skewed spread."""
    return max(MAX_TOP_LEVEL, 3 * math.ceil(top_level / max(proposals, 1)))
