"""Who may do what with a vote: named predicates the views, services and templates share."""

from __future__ import annotations

from participation.core.permissions import Role, holds_any
from participation.votes.models import Eligibility, Phase, Vote


def may_manage(user) -> bool:
    """Whether `user` sets up votes and reads tallies after close (staff)."""
    return holds_any(user, Role.STAFF)


def may_see(user, vote: Vote) -> bool:
    """Whether `user` may open the vote's page (drafts only for staff)."""
    return vote.phase() is not Phase.DRAFT or may_manage(user)


def eligibility_refusal(user, vote: Vote) -> str | None:
    """Return why `user` is not eligible for `vote` at all ("sign_in", "suspended",
    "verified", "district"), or None when they are (time and an earlier ballot aside)."""
    if not getattr(user, "is_authenticated", False):
        return "sign_in"
    if user.is_suspended:
        return "suspended"
    verified = holds_any(user, Role.VERIFIED) and user.identity_key is not None
    if vote.eligibility is Eligibility.VERIFIED and not verified:
        return "verified"
    if vote.districts and user.district not in vote.districts:
        return "district"
    return None


def cast_refusal(user, vote: Vote) -> str | None:
    """Return why `user` may not cast a ballot now ("draft", "upcoming", "closed", or an
    eligibility reason), or None when they may (an earlier ballot aside)."""
    phase = vote.phase()
    if phase is not Phase.OPEN:
        return phase.value
    return eligibility_refusal(user, vote)


def may_cast(user, vote: Vote) -> bool:
    """Whether `user` may cast a ballot now (an earlier ballot aside)."""
    return cast_refusal(user, vote) is None


def may_see_tally(user, vote: Vote) -> bool:
    """Whether `user` may read the tally: staff once the vote has closed (the public once the
    council publishes it, which the results-publication issue adds here)."""
    return may_manage(user) and vote.phase() is Phase.CLOSED


def may_see_ballots(vote: Vote) -> bool:
    """Whether the list of all ballots (receipt codes and choices) is out: after close."""
    return vote.phase() is Phase.CLOSED
