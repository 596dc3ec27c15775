"""Who may do what with a proposal."""

from __future__ import annotations

from participation.core.permissions import Role
from participation.proposals.models import Proposal, ProposalStatus


def is_staff(user) -> bool:
    """Staff (and admins) answer proposals and change their status."""
    return user.is_authenticated and user.has_any_role(Role.STAFF, Role.ADMIN)


def is_author(user, proposal: Proposal) -> bool:
    """Whether `user` wrote `proposal`."""
    return user.is_authenticated and proposal.author_id == user.id


def can_view(user, proposal: Proposal) -> bool:
    """Public proposals for everyone; drafts for their author; hidden ones for staff."""
    if proposal.is_public:
        return True
    if proposal.status is ProposalStatus.DRAFT:
        return is_author(user, proposal)
    return is_staff(user) or (user.is_authenticated and user.has_role(Role.MODERATOR))


def can_edit(user, proposal: Proposal) -> bool:
    """Authors edit until the first support or comment."""
    return is_author(user, proposal) and proposal.is_editable()


def can_add_update(user, proposal: Proposal) -> bool:
    """Authors add updates to public proposals they can no longer edit."""
    return is_author(user, proposal) and proposal.is_public and not proposal.is_editable()


def can_withdraw(user, proposal: Proposal) -> bool:
    """Authors withdraw until a decision is made."""
    return is_author(user, proposal) and proposal.may_be_withdrawn()


def can_support(user, proposal: Proposal) -> bool:
    """Signed-in residents other than the author, while the proposal is published."""
    return user.is_authenticated and not is_author(user, proposal) and proposal.accepts_supports


def can_answer(user, proposal: Proposal) -> bool:
    """Staff answer public proposals."""
    return is_staff(user) and proposal.status in {
        ProposalStatus.PUBLISHED,
        ProposalStatus.IN_REVIEW,
        ProposalStatus.ACCEPTED,
        ProposalStatus.REJECTED,
    }
