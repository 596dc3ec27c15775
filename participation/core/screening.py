"""A seam for checking posts before everyone sees them.

Features that publish what people write (proposals, comments) call `hold_reason()` inside their
transaction; the moderation registers the checks (pre-moderation of new accounts, links, blocked
words). A post held for review is shown only to its author and the moderators until released.

Changes to a post that is already shown (an edit, a proposal's update) call `edit_problem()`:
a change that would have held a new post is refused with a message, and the shown text stays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class Post:
    """What a check looks at: the kind and id of the post, its author and its text."""

    kind: str  # "proposal" or "comment"
    id: int
    author: object
    text: str
    category: str | None = None


Screener = Callable[[Post], str | None]


def register(screener: Screener) -> None:
    """Add a check: it returns a reason code to hold the post, or None to let it through."""
    current_app.extensions.setdefault("post_screeners", []).append(screener)


def hold_reason(post: Post) -> str | None:
    """Return why the post must wait for review (the first check that says so), or None."""
    for screener in current_app.extensions.get("post_screeners", []):
        reason = screener(post)
        if reason:
            return reason
    return None


def register_edit_check(check: Callable[[Post], str | None]) -> None:
    """Add a check for changes: it returns a message refusing the change, or None."""
    current_app.extensions.setdefault("edit_checks", []).append(check)


def edit_problem(post: Post) -> str | None:
    """Return why a change to a shown post is refused (the first check that says so), or None."""
    for check in current_app.extensions.get("edit_checks", []):
        problem = check(post)
        if problem:
            return problem
    return None
