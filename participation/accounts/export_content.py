"""What the export lists of the person's contributions: proposals with their pictures, timeline
entries they wrote, comments, "helpful" marks, supports and followed proposals."""

from __future__ import annotations

from collections.abc import Iterator

from flask import url_for
from sqlalchemy import select

from participation.accounts.export_account import stream
from participation.accounts.models import User
from participation.comments.models import Comment, CommentThread, CommentVote
from participation.extensions import db
from participation.proposals.models import (
    Proposal,
    ProposalEvent,
    ProposalFollow,
    ProposalImage,
    ProposalSupport,
)


def page(endpoint: str, **values) -> str:
    """Return the full address of a page of the site."""
    return url_for(endpoint, _external=True, **values)


def proposals(user: User) -> Iterator[dict]:
    """Yield the proposals the person wrote, drafts included, with the address of each."""
    query = (
        select(
            Proposal.id,
            Proposal.title,
            Proposal.body,
            Proposal.category,
            Proposal.district,
            Proposal.status,
            Proposal.moderation_state,
            Proposal.hidden_reason,
            Proposal.channel,
            Proposal.created_at,
            Proposal.published_at,
            Proposal.edited_at,
            Proposal.support_count,
            Proposal.comment_count,
        )
        .where(Proposal.author_id == user.id)
        .order_by(Proposal.created_at, Proposal.id)
    )
    for row in stream(query):
        yield {**row, "page": page("proposals.detail", proposal_id=row["id"])}


def image_query(user: User):
    """Return a select of the pictures of the person's proposals, in their order."""
    return (
        select(
            ProposalImage.proposal_id,
            ProposalImage.position,
            ProposalImage.filename,
            ProposalImage.content_type,
            ProposalImage.width,
            ProposalImage.height,
            ProposalImage.alt_text,
        )
        .join(Proposal, Proposal.id == ProposalImage.proposal_id)
        .where(Proposal.author_id == user.id)
        .order_by(ProposalImage.proposal_id, ProposalImage.position)
    )


def proposal_images(user: User) -> Iterator[dict]:
    """Yield the pictures of the person's proposals (the files are in the folder `images`)."""
    for row in stream(image_query(user)):
        yield {**row, "file_in_export": f"images/{row['filename']}"}


def image_filenames(user: User) -> list[str]:
    """Return the file names of the pictures of the person's proposals."""
    query = image_query(user).with_only_columns(ProposalImage.filename)
    return list(db.session.scalars(query))


def proposal_updates(user: User) -> Iterator[dict]:
    """Yield the timeline entries the person wrote (news on own proposals, answers for staff)."""
    query = (
        select(
            ProposalEvent.id,
            ProposalEvent.proposal_id,
            ProposalEvent.kind,
            ProposalEvent.created_at,
            ProposalEvent.from_status,
            ProposalEvent.to_status,
            ProposalEvent.body,
            ProposalEvent.department,
        )
        .where(ProposalEvent.actor_id == user.id)
        .order_by(ProposalEvent.created_at, ProposalEvent.id)
    )
    return stream(query)


def comments(user: User) -> Iterator[dict]:
    """Yield the comments the person wrote, with what they discuss and where to read them."""
    query = (
        select(
            Comment.id,
            Comment.thread_id,
            CommentThread.subject_type.label("discussion_of"),
            Comment.parent_id,
            Comment.created_at,
            Comment.edited_at,
            Comment.state,
            Comment.hidden_reason,
            Comment.is_official,
            Comment.vote_count.label("helpful_count"),
            Comment.body,
        )
        .join(CommentThread, CommentThread.id == Comment.thread_id)
        .where(Comment.author_id == user.id)
        .order_by(Comment.created_at, Comment.id)
    )
    for row in stream(query):
        yield {**row, "page": page("comments.show", comment_id=row["id"])}


def comment_votes(user: User) -> Iterator[dict]:
    """Yield the comments the person marked as helpful."""
    query = (
        select(CommentVote.comment_id, CommentVote.created_at)
        .where(CommentVote.user_id == user.id)
        .order_by(CommentVote.created_at, CommentVote.comment_id)
    )
    return stream(query)


def supports(user: User) -> Iterator[dict]:
    """Yield the proposals the person supports."""
    query = (
        select(ProposalSupport.proposal_id, Proposal.title, ProposalSupport.created_at)
        .join(Proposal, Proposal.id == ProposalSupport.proposal_id)
        .where(ProposalSupport.user_id == user.id)
        .order_by(ProposalSupport.created_at, ProposalSupport.proposal_id)
    )
    return stream(query)


def follows(user: User) -> Iterator[dict]:
    """Yield the proposals the person follows (`active` false: asked not to hear about it)."""
    query = (
        select(
            ProposalFollow.proposal_id,
            Proposal.title,
            ProposalFollow.active,
            ProposalFollow.created_at,
        )
        .join(Proposal, Proposal.id == ProposalFollow.proposal_id)
        .where(ProposalFollow.user_id == user.id)
        .order_by(ProposalFollow.created_at, ProposalFollow.proposal_id)
    )
    return stream(query)
