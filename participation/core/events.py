"""Domain events: one small seam between what happens and who wants to know.

Services call `emit()` inside their transaction; subscribers (the notifications outbox, later)
run at once, so what they write commits or rolls back together with the cause.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from flask import current_app

PROPOSAL_PUBLISHED = "proposal.published"
PROPOSAL_STATUS_CHANGED = "proposal.status_changed"
PROPOSAL_OFFICIAL_ANSWER = "proposal.official_answer"
PROPOSAL_THRESHOLD_REACHED = "proposal.threshold_reached"
COMMENT_POSTED = "comment.posted"
COMMENT_REPLY = "comment.reply"
COMMENT_DELETED = "comment.deleted"
COMMENT_HIDDEN = "comment.hidden"  # by moderation; it no longer counts
COMMENT_RESTORED = "comment.restored"  # shown again by moderation; it counts again
MODERATION_DECIDED = "moderation.decided"  # decision_id, affected_id, action
MODERATION_ITEM_OPENED = "moderation.item_opened"  # item_id, cause
RESULTS_PUBLISHED = "results.published"  # publication_id, actor_id
IMPLEMENTATION_UPDATED = "implementation.updated"  # implementation_id, update_id, actor_id

Handler = Callable[..., None]


def _registry() -> dict[str, list[Handler]]:
    return current_app.extensions.setdefault("event_handlers", defaultdict(list))


def subscribe(name: str, handler: Handler) -> None:
    """Call `handler(**payload)` whenever `name` is emitted in this app."""
    _registry()[name].append(handler)


def emit(name: str, **payload) -> None:
    """Tell every subscriber of `name`; payloads carry ids, not objects."""
    for handler in _registry().get(name, []):
        handler(**payload)
