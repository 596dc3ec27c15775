"""The moderation queue: open items with their context, loaded in a fixed number of queries.

Open items are ordered by the number of distinct reporters (most first), then by age (oldest
first). Whatever the number of items, a page costs one query per kind of row: items with their
authors, proposals, comments, the proposals and parent comments around comments, accounts,
reports and appeals.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from participation.accounts.models import User
from participation.comments.models import Comment
from participation.extensions import db
from participation.moderation.models import (
    Appeal,
    AppealStatus,
    Decision,
    ModerationItem,
    Report,
    SubjectType,
)
from participation.proposals.models import Proposal


@dataclass
class Entry:
    """One item as the queue and the item page show it.

    subject      the Proposal, Comment or User (None when it was deleted since)
    proposal     the proposal a comment belongs to (None for other subjects)
    parent       the comment a comment answers, if any
    reports      the open reports (newest first); `reasons` counts them by reason
    appeal       the appeal waiting for a decision, with its decision loaded
    """

    item: ModerationItem
    subject: object = None
    proposal: Proposal | None = None
    parent: Comment | None = None
    reports: list[Report] = field(default_factory=list)
    appeal: Appeal | None = None

    @property
    def reasons(self) -> list[tuple[str, int]]:
        """Return (reason, count) for the open reports, most frequent first."""
        return Counter(report.reason for report in self.reports).most_common()

    @property
    def subject_url(self) -> str | None:
        """Return the public page of the subject (at the comment), if there is one."""
        if isinstance(self.subject, Proposal):
            return url_for("proposals.detail", proposal_id=self.subject.id)
        if isinstance(self.subject, Comment):
            return url_for("comments.show", comment_id=self.subject.id)
        return None


def queue_query():
    """Return the open items, most reported first, then oldest first."""
    return (
        select(ModerationItem)
        .where(ModerationItem.is_open.is_(True))
        .options(joinedload(ModerationItem.author).options(lazyload(User.roles)))
        .order_by(ModerationItem.report_count.desc(), ModerationItem.opened_at, ModerationItem.id)
    )


def decided_query():
    """Return the decided items, the most recently opened first (to find and revise them)."""
    return (
        select(ModerationItem)
        .where(ModerationItem.is_open.is_(False))
        .options(joinedload(ModerationItem.author).options(lazyload(User.roles)))
        .order_by(ModerationItem.opened_at.desc(), ModerationItem.id.desc())
    )


def entries_for(item_list: list[ModerationItem], open_reports_only: bool = True) -> list[Entry]:
    """Wrap items with their subjects, context, reports and waiting appeals."""
    entries = [Entry(item) for item in item_list]
    by_type = defaultdict(list)
    for entry in entries:
        by_type[entry.item.subject_type].append(entry)
    attach_proposals(by_type[SubjectType.PROPOSAL])
    attach_comments(by_type[SubjectType.COMMENT])
    attach_users(by_type[SubjectType.USER])
    attach_reports(entries, open_reports_only)
    attach_appeals(entries)
    return entries


def rows_by_id(model, ids, *options) -> dict:
    """Load rows of `model` with the given ids in one query."""
    if not ids:
        return {}
    query = select(model).where(model.id.in_(set(ids))).options(*options)
    return {row.id: row for row in db.session.scalars(query)}


def attach_proposals(entries: list[Entry]) -> None:
    """Load the reported proposals."""
    found = rows_by_id(Proposal, [e.item.subject_id for e in entries], lazyload("*"))
    for entry in entries:
        entry.subject = found.get(entry.item.subject_id)


def attach_comments(entries: list[Entry]) -> None:
    """Load the reported comments, the proposals they belong to and the comments they answer."""
    author = joinedload(Comment.author).options(lazyload(User.roles))
    found = rows_by_id(Comment, [e.item.subject_id for e in entries], author)
    parents = rows_by_id(Comment, [c.parent_id for c in found.values() if c.parent_id], author)
    proposals = proposals_of_threads({c.thread_id for c in found.values()})
    for entry in entries:
        comment = found.get(entry.item.subject_id)
        entry.subject = comment
        if comment is not None:
            entry.parent = parents.get(comment.parent_id)
            entry.proposal = proposals.get(comment.thread_id)


def proposals_of_threads(thread_ids: set[int]) -> dict[int, Proposal]:
    """Return the proposals owning these threads, by thread id, in one query."""
    if not thread_ids:
        return {}
    query = select(Proposal).where(Proposal.thread_id.in_(thread_ids)).options(lazyload("*"))
    return {proposal.thread_id: proposal for proposal in db.session.scalars(query)}


def attach_users(entries: list[Entry]) -> None:
    """Load the reported accounts."""
    found = rows_by_id(User, [e.item.subject_id for e in entries], lazyload(User.roles))
    for entry in entries:
        entry.subject = found.get(entry.item.subject_id)


def attach_reports(entries: list[Entry], open_only: bool) -> None:
    """Load the items' reports (only the undecided ones for the queue), newest first."""
    if not entries:
        return
    query = (
        select(Report)
        .where(Report.item_id.in_([e.item.id for e in entries]))
        .order_by(Report.created_at.desc(), Report.id.desc())
    )
    if open_only:
        query = query.where(Report.decision_id.is_(None))
    grouped = defaultdict(list)
    for report in db.session.scalars(query):
        grouped[report.item_id].append(report)
    for entry in entries:
        entry.reports = grouped[entry.item.id]


def attach_appeals(entries: list[Entry]) -> None:
    """Load the appeals waiting on the items, with the decisions they are against."""
    if not entries:
        return
    query = (
        select(Appeal)
        .join(Decision, Decision.id == Appeal.decision_id)
        .where(
            Decision.item_id.in_([e.item.id for e in entries]),
            Appeal.status == AppealStatus.OPEN,
        )
        .options(
            selectinload(Appeal.decision)
            .joinedload(Decision.moderator)
            .options(lazyload(User.roles))
        )
    )
    waiting = {appeal.decision.item_id: appeal for appeal in db.session.scalars(query)}
    for entry in entries:
        entry.appeal = waiting.get(entry.item.id)


def history(item: ModerationItem) -> list[Decision]:
    """Return every decision on the item, newest first, with its moderator."""
    query = (
        select(Decision)
        .where(Decision.item_id == item.id)
        .options(joinedload(Decision.moderator).options(lazyload(User.roles)))
        .order_by(Decision.created_at.desc(), Decision.id.desc())
    )
    return list(db.session.scalars(query))
