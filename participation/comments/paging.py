"""A long discussion in pages: top-level comments page by page, each with all its replies.

A page loads a bounded number of rows whatever the size of the thread: the top-level
comments of the page (PER_PAGE, in the chosen order, in SQL) and their replies, found with a
recursive query along `parent_id`. A comment's own address (`links.comment_location`) names
the page its top-level comment is on, so links from mails and notices still land on it.
Deleted top-level comments without replies are not counted: the page leaves them out anyway.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import has_request_context
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from participation.comments.models import Comment, CommentState
from participation.core import pagination
from participation.extensions import db

PER_PAGE = 30  # top-level comments per page, with all their replies
PAGE_ARG = "comments_page"


@dataclass(frozen=True)
class CommentPage:
    """Which page of a thread's top-level comments is shown, and how many there are."""

    number: int
    pages: int

    @property
    def has_prev(self) -> bool:
        """Whether there is a page before this one."""
        return self.number > 1

    @property
    def has_next(self) -> bool:
        """Whether there is a page after this one."""
        return self.number < self.pages


def requested_page() -> int:
    """Return `?comments_page=` of the request, clamped (outside a request: page 1)."""
    return pagination.requested_page(PAGE_ARG) if has_request_context() else 1


def listed_roots(thread_id: int):
    """Return the condition for the top-level comments that are listed in pages."""
    child = aliased(Comment)
    has_replies = exists().where(child.parent_id == Comment.id)
    return and_(
        Comment.thread_id == thread_id,
        Comment.parent_id.is_(None),
        or_(Comment.state != CommentState.DELETED, has_replies),
    )


# Each sort as (column, descending) pairs, in the order tree.sort_key orders siblings.
ORDERS = {
    "best": ((Comment.vote_count, True), (Comment.created_at, False), (Comment.id, False)),
    "newest": ((Comment.created_at, True), (Comment.id, True)),
    "oldest": ((Comment.created_at, False), (Comment.id, False)),
}


def root_order(sort: str) -> list:
    """Return the SQL ORDER BY terms of top-level comments for `sort`."""
    return [column.desc() if descending else column for column, descending in ORDERS[sort]]


def page_roots(thread_id: int, sort: str, number: int) -> tuple[list[int], CommentPage]:
    """Return the ids of the top-level comments on page `number` and the page (clamped)."""
    total = db.session.scalar(select(func.count()).where(listed_roots(thread_id)))
    pages = max(1, math.ceil(total / PER_PAGE))
    number = min(number, pages)
    query = (
        select(Comment.id)
        .where(listed_roots(thread_id))
        .order_by(*root_order(sort))
        .limit(PER_PAGE)
        .offset((number - 1) * PER_PAGE)
    )
    return list(db.session.scalars(query)), CommentPage(number, pages)


def subtree_ids(root_ids: list[int]):
    """Return a recursive query of the ids of `root_ids` and of all replies below them."""
    tree = select(Comment.id).where(Comment.id.in_(root_ids)).cte("subtree", recursive=True)
    reply = aliased(Comment)
    return tree.union_all(select(reply.id).where(reply.parent_id == tree.c.id))


def root_of(comment: Comment) -> Comment:
    """Return the top-level comment above `comment` (itself at the top)."""
    while comment.parent_id is not None:
        comment = db.session.get(Comment, comment.parent_id)
    return comment


def page_of(comment: Comment, sort: str) -> int:
    """Return the page number on which `comment`'s top-level comment is listed in `sort`."""
    root = root_of(comment)
    before = listed_before(root, sort)
    query = select(func.count()).where(listed_roots(root.thread_id), before)
    return db.session.scalar(query) // PER_PAGE + 1


def listed_before(root: Comment, sort: str):
    """Return the condition "listed before `root` in `sort`" (a row comparison, spelled out)."""
    terms, equal = [], []
    for column, descending in ORDERS[sort]:
        value = getattr(root, column.key)
        terms.append(and_(*equal, column > value if descending else column < value))
        equal.append(column == value)
    return or_(*terms)
