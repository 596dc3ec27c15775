"""What moderation can act on: proposals, comments and accounts, behind one small interface."""

from __future__ import annotations

from dataclasses import dataclass

from flask import has_request_context
from sqlalchemy import exists, select

from participation.accounts.models import User
from participation.comments import services as comment_services
from participation.comments import subjects
from participation.comments.models import Comment, CommentState, CommentThread
from participation.extensions import db
from participation.moderation.models import SubjectType
from participation.proposals import services as proposal_services
from participation.proposals.models import PUBLIC_STATES, ModerationState, Proposal


@dataclass(frozen=True)
class ContentKind:
    """How moderation hides, restores, releases and locks one kind of content."""

    model: type
    author_id: str = "author_id"

    def load(self, subject_id: int):
        """Return the content, or None when it does not exist."""
        return db.session.get(self.model, subject_id)


class ProposalKind(ContentKind):
    """Proposals: a hidden one keeps its page with a placeholder."""

    def is_hidden(self, proposal: Proposal) -> bool:
        return proposal.moderation_state is ModerationState.HIDDEN

    def is_pending(self, proposal: Proposal) -> bool:
        return proposal.moderation_state is ModerationState.PENDING

    def is_reportable(self, proposal: Proposal) -> bool:
        return proposal.is_public and proposal.is_shown

    def hide(self, proposal: Proposal, reason: str) -> None:
        proposal_services.hide(proposal, reason)

    def restore(self, proposal: Proposal) -> None:
        proposal_services.restore(proposal)

    def release(self, proposal: Proposal) -> None:
        proposal_services.release(proposal)

    def thread(self, proposal: Proposal) -> CommentThread:
        return proposal.thread


class CommentKind(ContentKind):
    """Comments: a hidden one keeps its place in the thread with a placeholder."""

    def is_hidden(self, comment: Comment) -> bool:
        return comment.state is CommentState.HIDDEN

    def is_pending(self, comment: Comment) -> bool:
        return comment.state is CommentState.PENDING

    def is_reportable(self, comment: Comment) -> bool:
        if comment.state is not CommentState.VISIBLE:
            return False
        if not has_request_context():  # demo data and imports act for trusted people
            return True
        return subjects.kind_of(comment.thread).is_visible(comment.thread)

    def hide(self, comment: Comment, reason: str) -> None:
        comment_services.hide_comment(comment, reason)

    def restore(self, comment: Comment) -> None:
        comment_services.restore_comment(comment)

    def release(self, comment: Comment) -> None:
        comment_services.release_comment(comment)

    def thread(self, comment: Comment) -> CommentThread:
        return comment.thread


class UserKind(ContentKind):
    """Accounts: reported as a person; warned or suspended, never hidden."""

    def is_hidden(self, user: User) -> bool:
        return False

    def is_pending(self, user: User) -> bool:
        return False

    def is_reportable(self, user: User) -> bool:
        """Only people who wrote something others can read (names are not listed otherwise)."""
        comments = select(Comment.id).where(
            Comment.author_id == user.id, Comment.state == CommentState.VISIBLE
        )
        proposals = select(Proposal.id).where(
            Proposal.author_id == user.id,
            Proposal.status.in_(sorted(PUBLIC_STATES)),
            Proposal.moderation_state == ModerationState.SHOWN,
        )
        query = select(exists(comments) | exists(proposals))
        return bool(db.session.scalar(query))

    def thread(self, user: User) -> None:
        return None


KINDS = {
    SubjectType.PROPOSAL: ProposalKind(Proposal),
    SubjectType.COMMENT: CommentKind(Comment),
    SubjectType.USER: UserKind(User, author_id="id"),
}


def kind(subject_type: SubjectType | str) -> ContentKind:
    """Return the handler for a subject type."""
    return KINDS[SubjectType(subject_type)]


def author_of(subject_type: SubjectType | str, subject) -> int | None:
    """Return the id of the person a decision on `subject` affects."""
    return getattr(subject, kind(subject_type).author_id)
