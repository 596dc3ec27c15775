"""Following proposals: automatic for authors, supporters and commenters, and switchable."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.extensions import db
from participation.proposals.models import ProposalFollow


def get_follow(proposal_id: int, user_id: int) -> ProposalFollow | None:
    """Return the follow row, if any."""
    return db.session.get(ProposalFollow, (proposal_id, user_id))


def follow_automatically(proposal_id: int, user_id: int) -> None:
    """Follow unless the person switched following off for this proposal before."""
    if get_follow(proposal_id, user_id) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(ProposalFollow(proposal_id=proposal_id, user_id=user_id, active=True))
    except IntegrityError:
        pass  # the same person's other request created it a moment ago


def set_following(proposal_id: int, user_id: int, active: bool) -> None:
    """Switch following on or off (an explicit choice, remembered)."""
    follow = get_follow(proposal_id, user_id)
    if follow is None:
        db.session.add(ProposalFollow(proposal_id=proposal_id, user_id=user_id, active=active))
    else:
        follow.active = active
    db.session.flush()


def is_following(proposal_id: int, user_id: int) -> bool:
    """Whether the account gets news about the proposal."""
    follow = get_follow(proposal_id, user_id)
    return bool(follow and follow.active)


def follower_ids(proposal_id: int) -> list[int]:
    """Return the accounts that follow the proposal (for notifications)."""
    query = select(ProposalFollow.user_id).where(
        ProposalFollow.proposal_id == proposal_id, ProposalFollow.active.is_(True)
    )
    return list(db.session.scalars(query))
