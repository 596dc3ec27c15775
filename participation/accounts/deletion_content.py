"""What deleting an account does to what the person wrote and marked. The services flush, never
commit; picture files are returned so the caller removes them after the commit.

Always: supports and "helpful" marks are taken back with the counters corrected in the same
transaction, and unpublished drafts are deleted (nobody else has seen them).

When the person also wants their contributions gone:
- comments lose their text the way the comments feature deletes a comment (a placeholder keeps
  the replies of others in place and readable); answers given for the town stay;
- proposals keep their page, title, status and timeline, so the discussion, the town's answers
  and the tracking of their implementation stay readable; the text, the pictures and the news
  the author added go. A proposal that could still be withdrawn is withdrawn, so nobody goes on
  supporting an empty page.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from participation.comments.models import Comment, CommentState, CommentThread, CommentVote
from participation.core import events
from participation.extensions import db
from participation.proposals import services as proposal_services
from participation.proposals.models import (
    EventKind,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    ProposalSupport,
)

FETCH = {"synchronize_session": "fetch"}  # keep loaded rows in step with the bulk change


def withdraw_supports(user_id: int) -> None:
    """Take back every support of the account and count each proposal one lower."""
    supported = select(ProposalSupport.proposal_id).where(ProposalSupport.user_id == user_id)
    db.session.execute(
        update(Proposal)
        .where(Proposal.id.in_(supported))
        .values(support_count=Proposal.support_count - 1),
        execution_options=FETCH,
    )
    db.session.execute(delete(ProposalSupport).where(ProposalSupport.user_id == user_id))


def withdraw_comment_votes(user_id: int) -> None:
    """Take back every "helpful" mark of the account and count each comment one lower."""
    marked = select(CommentVote.comment_id).where(CommentVote.user_id == user_id)
    db.session.execute(
        update(Comment).where(Comment.id.in_(marked)).values(vote_count=Comment.vote_count - 1),
        execution_options=FETCH,
    )
    db.session.execute(delete(CommentVote).where(CommentVote.user_id == user_id))


def delete_drafts(user_id: int) -> list[str]:
    """Delete the account's unpublished drafts with their pictures; return the file names."""
    drafts = db.session.scalars(
        select(Proposal).where(
            Proposal.author_id == user_id, Proposal.status == ProposalStatus.DRAFT
        )
    ).all()
    files = []
    for draft in drafts:
        files += [image.filename for image in draft.images]
        thread_id = draft.thread_id
        db.session.delete(draft)
        db.session.flush()
        db.session.execute(delete(CommentThread).where(CommentThread.id == thread_id))
    return files


def erase_comments(user_id: int) -> None:
    """Delete the account's comments as their author would: text gone, placeholder kept."""
    own = (Comment.author_id == user_id, Comment.is_official.is_(False))
    visible = (
        select(Comment.thread_id, func.count())
        .where(*own, Comment.state == CommentState.VISIBLE)
        .group_by(Comment.thread_id)
    )
    counted = db.session.execute(visible).all()
    for thread_id, count in counted:
        db.session.execute(
            update(CommentThread)
            .where(CommentThread.id == thread_id)
            .values(comment_count=CommentThread.comment_count - count),
            execution_options=FETCH,
        )
    db.session.execute(
        update(Comment)
        .where(*own, Comment.state != CommentState.DELETED)
        .values(state=CommentState.DELETED, body="", body_html=""),
        execution_options=FETCH,
    )
    db.session.flush()
    for thread_id, _count in counted:  # the proposal copies its thread's count
        events.emit(events.COMMENT_DELETED, thread_id=thread_id, comment_id=None)


def erase_proposals(user) -> list[str]:
    """Remove text, pictures and news of the account's published proposals; return the files."""
    files = []
    own = db.session.scalars(select(Proposal).where(Proposal.author_id == user.id)).all()
    for proposal in own:
        files += [image.filename for image in proposal.images]
        if proposal.may_be_withdrawn():
            proposal_services.withdraw(proposal, user)
        proposal.body, proposal.body_html = "", ""
        proposal.images = []
    db.session.execute(
        delete(ProposalEvent).where(
            ProposalEvent.actor_id == user.id, ProposalEvent.kind == EventKind.UPDATE
        )
    )
    db.session.flush()
    return files


def remove_contributions(user) -> list[str]:
    """Erase the account's comments and proposal texts; return picture files to remove."""
    erase_comments(user.id)
    return erase_proposals(user)


def counts(user_id: int) -> dict[str, int]:
    """Return how many proposals, drafts, comments and supports deleting the account affects."""
    proposals = select(func.count()).where(Proposal.author_id == user_id)
    comments = select(func.count()).where(
        Comment.author_id == user_id,
        Comment.is_official.is_(False),
        Comment.state != CommentState.DELETED,
    )
    supports = select(func.count()).where(ProposalSupport.user_id == user_id)
    drafts = proposals.where(Proposal.status == ProposalStatus.DRAFT)
    return {
        "proposals": db.session.scalar(proposals.where(Proposal.status != ProposalStatus.DRAFT)),
        "drafts": db.session.scalar(drafts),
        "comments": db.session.scalar(comments),
        "supports": db.session.scalar(supports),
    }
