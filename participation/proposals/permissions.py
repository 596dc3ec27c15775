"""Who may do what with a proposal."""

from __future__ import annotations

from participation.core.permissions import Role, is_moderator, may_take_part
from participation.proposals.models import Proposal, ProposalStatus


def is_staff(user) -> bool:
    """Staff (and admins) answer proposals and change their status."""
    return user.is_authenticated and user.has_any_role(Role.STAFF, Role.ADMIN)


def is_author(user, proposal: Proposal) -> bool:
    """Whether `user` wrote `proposal`."""
    return user.is_authenticated and proposal.author_id == user.id


def can_view(user, proposal: Proposal) -> bool:
    """Public proposals for everyone (a placeholder when hidden); drafts for their author;
    proposals held for review for their author and the moderators."""
    if proposal.is_public:
        return True
    if proposal.status is ProposalStatus.DRAFT:
        return is_author(user, proposal)
    return is_author(user, proposal) or is_moderator(user)


def can_read(user, proposal: Proposal) -> bool:
    """Whether the viewer sees the text: everyone when shown; else its author and moderators."""
    return proposal.is_shown or is_author(user, proposal) or is_moderator(user)


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
    return may_take_part(user) and not is_author(user, proposal) and proposal.accepts_supports


def can_answer(user, proposal: Proposal) -> bool:
    """Staff answer public proposals that moderation has not held or hidden."""
    return (
        is_staff(user)
        and proposal.is_shown
        and proposal.status
        in {
            ProposalStatus.PUBLISHED,
            ProposalStatus.IN_REVIEW,
            ProposalStatus.ACCEPTED,
            ProposalStatus.REJECTED,
        }
    )


def can_report(user, proposal: Proposal) -> bool:
    """Accounts that may take part report public proposals of others."""
    return (
        may_take_part(user)
        and not is_author(user, proposal)
        and proposal.is_public
        and proposal.is_shown
    )
