"""Supporting proposals: one per account (a primary key), counted in the same transaction."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from participation.core import events
from participation.extensions import db
from participation.proposals import follows
from participation.proposals.models import EventKind, Proposal, ProposalStatus, ProposalSupport
from participation.proposals.services import ProposalError, add_event


def has_supported(proposal_id: int, user_id: int) -> bool:
    """Whether the account supports the proposal."""
    return db.session.get(ProposalSupport, (proposal_id, user_id)) is not None


def add_support(proposal: Proposal, user) -> bool:
    """Support the proposal; False if this account already did (nothing counted twice)."""
    check_supportable(proposal, user)
    try:
        with db.session.begin_nested():
            db.session.add(ProposalSupport(proposal_id=proposal.id, user_id=user.id))
    except IntegrityError:
        return False
    change_count(proposal, +1)
    follows.follow_automatically(proposal.id, user.id)
    reach_threshold(proposal)
    return True


def remove_support(proposal: Proposal, user) -> bool:
    """Take a support back while the proposal collects them; False if there was none."""
    check_supportable(proposal, user)
    result = db.session.execute(
        delete(ProposalSupport).where(
            ProposalSupport.proposal_id == proposal.id, ProposalSupport.user_id == user.id
        )
    )
    if not result.rowcount:
        return False
    change_count(proposal, -1)
    return True


def check_supportable(proposal: Proposal, user) -> None:
    """Refuse supports outside "published" and from the author."""
    if not proposal.accepts_supports:
        raise ProposalError("closed-for-support")
    if proposal.author_id == user.id:
        raise ProposalError("own-proposal")


def change_count(proposal: Proposal, step: int) -> None:
    """Change the counter in the database itself, so simultaneous supports all count."""
    db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id)
        .values(support_count=Proposal.support_count + step)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(proposal, ["support_count", "status"])


def reach_threshold(proposal: Proposal) -> None:
    """Move a published proposal to review once enough people support it, and tell staff."""
    threshold = current_app.config["PROPOSAL_SUPPORT_THRESHOLD"]
    if proposal.status is not ProposalStatus.PUBLISHED or proposal.support_count < threshold:
        return
    proposal.status = ProposalStatus.IN_REVIEW
    add_event(
        proposal,
        EventKind.THRESHOLD_REACHED,
        from_status=ProposalStatus.PUBLISHED,
        to_status=ProposalStatus.IN_REVIEW,
    )
    db.session.flush()
    events.emit(
        events.PROPOSAL_THRESHOLD_REACHED, proposal_id=proposal.id, supports=proposal.support_count
    )
