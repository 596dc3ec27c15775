"""Holding new posts for review: the check the moderation registers with `core.screening`."""

from __future__ import annotations

from flask_babel import gettext as _

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


def edit_problem(post: Post) -> str | None:
    """Refuse a change that brings in too many links or a blocked word."""
    if post.author.has_any_role(*safeguards.TRUSTED):
        return None
    if safeguards.too_many_links(post.text):
        return _(
            "Ihre Änderung enthält mehr als %(max)s Links. Bitte entfernen Sie einige Links.",
            max=safeguards.setting("MODERATION_MAX_LINKS"),
        )
    if safeguards.blocked_word_in(post.text):
        return _(
            "Ihre Änderung enthält ein Wort, das hier nicht erlaubt ist. Bitte ändern Sie den Text."
        )
    return None
