"""Turning a thread's flat list of comments into the nested structure the pages show.

Everything here is plain Python on rows already loaded, so a thread of any size costs the
same number of queries. Loops instead of recursion: a long reply chain must not hit
Python's recursion limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from participation.comments import permissions
from participation.comments.models import MAX_DEPTH_SHOWN, Comment, CommentState

SORTS = ("oldest", "newest", "best")
DEFAULT_SORT = "oldest"


def pick_sort(value: str | None) -> str:
    """Return `value` if it is a known sort order, else the default."""
    return value if value in SORTS else DEFAULT_SORT


@dataclass
class CommentNode:
    """One comment as shown, with what the viewer may do with it."""

    comment: Comment
    children: list[CommentNode] = field(default_factory=list)
    level: int = 0  # nesting on this page: 0 = top of the list
    reply_count: int = 0  # replies below it (all levels), placeholders included
    more_count: int = 0  # replies not shown here: behind "Diskussion weiterlesen"
    voted: bool = False
    is_own: bool = False
    can_reply: bool = False
    can_vote: bool = False
    can_edit: bool = False
    can_delete: bool = False
    can_report: bool = False
    can_read: bool = True  # hidden or held text: only its author and the moderators read it

    @property
    def id(self) -> int:
        """The comment's id."""
        return self.comment.id

    @property
    def anchor(self) -> str:
        """The element id of the comment (`#comment-<id>`)."""
        return f"comment-{self.comment.id}"

    @property
    def is_shown(self) -> bool:
        """Whether text and author are shown (not a placeholder)."""
        return self.comment.state is CommentState.VISIBLE

    @property
    def is_deleted(self) -> bool:
        """Whether the author deleted it (a placeholder keeps its replies in place)."""
        return self.comment.state is CommentState.DELETED

    @property
    def is_hidden(self) -> bool:
        """Whether moderation hid it (a placeholder with the reason stays in its place)."""
        return self.comment.state is CommentState.HIDDEN

    @property
    def is_pending(self) -> bool:
        """Whether it waits for the moderation to release it."""
        return self.comment.state is CommentState.PENDING

    @property
    def is_dropped_when_alone(self) -> bool:
        """Deleted placeholders without replies go; so do held comments others may not read."""
        return self.is_deleted or (self.is_pending and not self.can_read)


def sort_key(sort: str):
    """Return the key function that orders siblings for `sort`."""
    if sort == "best":
        return lambda node: (-node.comment.vote_count, node.comment.created_at, node.id)
    if sort == "newest":
        return lambda node: (-node.comment.created_at.timestamp(), -node.id)
    return lambda node: (node.comment.created_at, node.id)


def make_node(comment: Comment, viewer, thread_open: bool, voted: set[int]) -> CommentNode:
    """Wrap a comment with the viewer's permissions."""
    return CommentNode(
        comment=comment,
        voted=comment.id in voted,
        is_own=permissions.is_author(viewer, comment),
        can_reply=permissions.can_reply(viewer, comment, thread_open),
        can_vote=permissions.can_vote(viewer, comment, thread_open),
        can_edit=permissions.can_edit(viewer, comment, thread_open),
        can_delete=permissions.can_delete(viewer, comment),
        can_report=permissions.can_report(viewer, comment),
        can_read=permissions.can_read(viewer, comment),
    )


def link_children(nodes: dict[int, CommentNode]) -> list[CommentNode]:
    """Hang every node below its parent; return the top-level nodes."""
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id)
        (parent.children if parent is not None else roots).append(node)
    return roots


def prune(nodes: dict[int, CommentNode], keep: int | None = None) -> set[int]:
    """Drop deleted or unreadable comments without replies (deepest first); count replies;
    return the dropped ids. Hidden ones keep their placeholder."""
    dropped: set[int] = set()
    for node in sorted(nodes.values(), key=lambda node: -node.comment.depth):
        node.children = [child for child in node.children if child.id not in dropped]
        node.reply_count = sum(1 + child.reply_count for child in node.children)
        if node.is_dropped_when_alone and not node.children and node.id != keep:
            dropped.add(node.id)
    return dropped


def cut_deep(roots: list[CommentNode]) -> None:
    """Set each node's level; below MAX_DEPTH_SHOWN leave only a count for the link."""
    stack = [(node, 0) for node in roots]
    while stack:
        node, level = stack.pop()
        node.level = level
        if level >= MAX_DEPTH_SHOWN and node.children:
            node.more_count, node.children = node.reply_count, []
        stack.extend((child, level + 1) for child in node.children)


def build(
    comments: list[Comment],
    viewer,
    thread_open: bool,
    voted: set[int],
    sort: str,
    root_id: int | None = None,
) -> list[CommentNode]:
    """Return the nested, sorted nodes to show: the whole thread, or one comment's subtree."""
    nodes = {c.id: make_node(c, viewer, thread_open, voted) for c in comments}
    roots = link_children(nodes)
    dropped = prune(nodes, keep=root_id)
    key = sort_key(sort)
    for node in nodes.values():
        node.children.sort(key=key)
    if root_id is not None:
        roots = [nodes[root_id]] if root_id in nodes else []
    else:
        roots = sorted((node for node in roots if node.id not in dropped), key=key)
    cut_deep(roots)
    return roots
