"""A thread prepared for display in a fixed number of queries, whatever its size."""

from __future__ import annotations

from dataclasses import dataclass

from flask import has_request_context, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload

from participation.accounts.models import User
from participation.comments import links, paging, permissions, tree
from participation.comments.models import Comment, CommentThread, CommentVote
from participation.extensions import db


@dataclass
class ThreadView:
    """A thread prepared for `templates/comments/_thread.html` (and the subtree page).

    thread        the CommentThread (is_closed, closed_reason, closed_at)
    count         comments shown in "Diskussion (N)": thread.comment_count (deleted ones not)
    comments      the top-level CommentNodes, sorted; each has `comment`, `children`, `level`,
                  `anchor` ("comment-<id>"), `is_shown`, `is_deleted`, `voted`, `is_own`,
                  `can_reply`, `can_vote`, `can_edit`, `can_delete`, `reply_count` and
                  `more_count` (replies behind the "Diskussion weiterlesen" link)
    sort          "oldest", "newest" or "best"; `sorts` lists them in order
    subject_url   the page of the subject that owns the thread (without fragment)
    page_url      this page with its sort order: where forms come back to
    signed_in     whether the viewer is signed in
    can_post      whether the viewer may write a new comment now
    is_suspended  whether the viewer's account is suspended (reads, but may not take part)
    refusal       why nobody can write now (closed, subject not open), or None
    is_staff      whether the viewer may answer officially and close or reopen the thread
    focus         on the subtree page: the CommentNode the page is about, else None
    page          which page of top-level comments is shown (`number`, `pages`, has_prev/next;
                  paging.py); `page_url` carries its number
    """

    thread: CommentThread
    count: int
    comments: list[tree.CommentNode]
    sort: str
    subject_url: str
    page_url: str
    signed_in: bool
    can_post: bool
    refusal: object
    is_staff: bool
    is_suspended: bool = False
    focus: tree.CommentNode | None = None
    page: paging.CommentPage = paging.CommentPage(1, 1)
    sorts: tuple[str, ...] = tree.SORTS

    def page_address(self, number: int) -> str:
        """Return the address of page `number` of the discussion, at its heading."""
        return links.with_sort(self.subject_url, self.sort, "comments", number)


def subtree_comments(root_ids: list[int]) -> list[Comment]:
    """Load the comments `root_ids` and every reply below them, with authors, in one query."""
    subtree = paging.subtree_ids(root_ids)
    query = (
        select(Comment)
        .where(Comment.id.in_(select(subtree.c.id)))
        .options(joinedload(Comment.author).options(lazyload(User.roles)))
    )
    return list(db.session.scalars(query))


def voted_ids(comments: list[Comment], viewer) -> set[int]:
    """Return the ids of `comments` the viewer up-voted, in one query."""
    if not permissions.signed_in(viewer) or not comments:
        return set()
    query = select(CommentVote.comment_id).where(
        CommentVote.user_id == viewer.id,
        CommentVote.comment_id.in_([comment.id for comment in comments]),
    )
    return set(db.session.scalars(query))


def shown_comments(thread: CommentThread, sort: str, root: Comment | None):
    """Return the comments of this page and the page: `root`'s subtree, or one page of the
    thread's top-level comments with their replies."""
    if root is not None:
        return subtree_comments([root.id]), paging.CommentPage(1, 1)
    root_ids, page = paging.page_roots(thread.id, sort, paging.requested_page())
    return (subtree_comments(root_ids) if root_ids else []), page


def requested_sort(sort: str | None) -> str:
    """Return the given sort order, else `?sort=` of the request, else the default."""
    if sort is None and has_request_context():
        sort = request.args.get("sort")
    return tree.pick_sort(sort)


def build_view(
    thread: CommentThread, viewer, sort: str | None, root: Comment | None, refusal
) -> ThreadView:
    """Load the comments and the viewer's votes and arrange them (see ThreadView)."""
    sort = requested_sort(sort)
    comments, page = shown_comments(thread, sort, root)
    nodes = tree.build(
        comments,
        viewer,
        refusal is None,
        voted_ids(comments, viewer),
        sort,
        root_id=root.id if root is not None else None,
    )
    subject_url = links.subject_page(thread)
    return ThreadView(
        thread=thread,
        count=thread.comment_count,
        comments=nodes,
        sort=sort,
        subject_url=subject_url,
        page_url=links.page_link(subject_url, sort, root, page.number),
        signed_in=permissions.signed_in(viewer),
        can_post=permissions.may_take_part(viewer) and refusal is None,
        refusal=refusal,
        is_staff=permissions.is_staff(viewer),
        is_suspended=permissions.signed_in(viewer) and viewer.is_suspended,
        focus=nodes[0] if root is not None and nodes else None,
        page=page,
    )
