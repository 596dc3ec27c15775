"""Failed sign-ins per account, counted before the password is checked.

Counting first (and forgiving on success) means parallel guesses cannot slip past the limit.
"""

from __future__ import annotations

from flask import current_app
from limits import parse

from participation.core import rate_limits
from participation.extensions import limiter

SCOPE = "signin-account"


def _item():
    return parse(current_app.config["SIGNIN_LIMIT_PER_ACCOUNT"])


def take_attempt(email: str) -> bool:
    """Count one sign-in attempt for `email`; False when the account's limit is used up."""
    try:
        return limiter.limiter.hit(_item(), SCOPE, email)
    except Exception:  # the storage is down: sign-in must keep working (per-IP limit still holds)
        current_app.logger.warning("sign-in throttle unavailable", exc_info=True)
        return True


def wait(email: str) -> int | None:
    """Return the seconds until `email` may try to sign in again (None if unknown)."""
    return rate_limits.throttle_wait(_item(), SCOPE, email)


def forgive_attempts(email: str) -> None:
    """Forget the attempts after a successful sign-in."""
    try:
        limiter.limiter.clear(_item(), SCOPE, email)
    except Exception:
        current_app.logger.warning("sign-in throttle unavailable", exc_info=True)
