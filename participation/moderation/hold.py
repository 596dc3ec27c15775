"""Holding new posts for review: the check the moderation registers with `core.screening`."""

from __future__ import annotations

from participation.core import audit
from participation.core.screening import Post
from participation.moderation import items, safeguards, targets
from participation.moderation.models import Cause, SubjectType


def hold_for_review(post: Post) -> str | None:
    """Put a post that a safeguard catches into the queue; return the rule's code."""
    rule = safeguards.hold_rule(post)
    if rule is None:
        return None
    subject_type = SubjectType(post.kind)
    subject = targets.kind(subject_type).load(post.id)
    item = items.item_for(subject_type, subject, Cause.HELD)
    items.open_item(item, Cause.HELD, rule)
    audit.record("moderation.held", item, after={"rule": rule.value})
    return rule.value
