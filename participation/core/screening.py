"""A seam for checking new posts before everyone sees them.

Features that publish what people write (proposals, comments) call `hold_reason()` inside their
transaction; the moderation registers the checks (pre-moderation of new accounts, links, blocked
words). A post held for review is shown only to its author and the moderators until released.
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
