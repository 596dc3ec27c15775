"""Where a thread, a page of it and a single comment are shown."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import url_for

from participation.comments import paging, subjects, tree
from participation.comments.models import MAX_DEPTH_SHOWN, Comment, CommentThread

OURS = {"sort", paging.PAGE_ARG}  # query arguments this module sets


def with_sort(url: str, sort: str | None = None, anchor: str | None = None, page: int = 1) -> str:
    """Return `url` with `?sort=` (left out for the default order), the page of top-level
    comments (left out for the first) and `#anchor`."""
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key not in OURS]
    if sort and tree.pick_sort(sort) != tree.DEFAULT_SORT:
        query.append(("sort", tree.pick_sort(sort)))
    if page > 1:
        query.append((paging.PAGE_ARG, str(page)))
    return urlunsplit(parts._replace(query=urlencode(query), fragment=anchor or ""))


def subject_page(thread: CommentThread) -> str:
    """Return the page of the subject that owns the thread, without a fragment."""
    return with_sort(subjects.kind_of(thread).url(thread))


def subtree_page(comment_id: int, sort: str | None = None, anchor: str | None = None) -> str:
    """Return the page of one comment and its replies."""
    return with_sort(url_for("comments.show", comment_id=comment_id), sort, anchor)


def page_link(subject_url: str, sort: str, root: Comment | None = None, page: int = 1) -> str:
    """Return the page showing the thread (or `root`'s subtree) in `sort` order."""
    if root is not None:
        return subtree_page(root.id, sort)
    return with_sort(subject_url, sort, page=page)


def comment_location(comment: Comment, sort: str | None = None) -> str:
    """Return a page that shows `comment`, at its anchor.

    Comments up to MAX_DEPTH_SHOWN sit on the subject's page, on the page of their top-level
    comment; deeper ones on their parent's page, where they are one level down.
    """
    anchor = f"comment-{comment.id}"
    if comment.depth <= MAX_DEPTH_SHOWN or comment.parent_id is None:
        page = paging.page_of(comment, tree.pick_sort(sort))
        return with_sort(subject_page(comment.thread), sort, anchor, page)
    return subtree_page(comment.parent_id, sort, anchor)


def with_anchor(url: str, anchor: str) -> str:
    """Return `url` (query kept) pointing at `#anchor`."""
    return urlunsplit(urlsplit(url)._replace(fragment=anchor))
