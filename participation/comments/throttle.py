"""How often one account may post: COMMENT_LIMIT, counted in the rate-limit storage.

Counted in the view (not the service) so seeding and imports are not limited. The limiter's
storage is shared by every app instance (Redis in production), so the limit holds across them.
"""

from __future__ import annotations

from flask import current_app

from participation.core import rate_limits

SCOPE = "comment-post"


def take_post_slot(user_id: int) -> bool:
    """Count one post of the account; False when its limit is used up."""
    return rate_limits.take_slot("COMMENT_LIMIT", SCOPE, str(user_id))


def wait(user_id: int) -> int | None:
    """Return the seconds until the account may post again (None if unknown)."""
    return rate_limits.throttle_wait(current_app.config["COMMENT_LIMIT"], SCOPE, str(user_id))
