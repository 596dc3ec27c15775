"""Rate limits and privacy: no counter keyed by a client address outlives IP_RETENTION_HOURS,
no log line names the address, and a visitor over a limit is told when to try again.

Flask-Limiter keys its counters by the client address (per-IP limits) or the account; each
counter expires with its window, in Redis and in memory alike. So the longest window is the
longest time an address is kept: the app refuses to start with a window longer than
IP_RETENTION_HOURS. Every setting named `…_LIMIT` or `…_LIMIT_PER_…` counts as a limit.
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Mapping

from flask import Flask, current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from limits import RateLimitItem, parse, parse_many

from participation.extensions import limiter

LIMIT_SETTING = re.compile(r"[A-Z0-9_]*_LIMIT(_PER_[A-Z]+)?")
LIMITER_SETTINGS = ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION")  # Flask-Limiter's own


def limit_settings(config: Mapping) -> dict[str, str]:
    """Return the settings that hold a rate limit ("10 per hour"), by name."""
    return {
        key: value
        for key, value in config.items()
        if isinstance(value, str) and (LIMIT_SETTING.fullmatch(key) or key in LIMITER_SETTINGS)
    }


def too_long_windows(config: Mapping) -> list[str]:
    """Return the limit settings whose window is longer than IP_RETENTION_HOURS."""
    longest = int(config.get("IP_RETENTION_HOURS", 24)) * 3600
    found = []
    for key, value in sorted(limit_settings(config).items()):
        try:
            items = parse_many(value)
        except ValueError as error:
            raise RuntimeError(
                f"{key}={value!r} is not a rate limit such as '10 per hour'"
            ) from error
        if any(item.get_expiry() > longest for item in items):
            found.append(f"{key}={value!r}")
    return found


def check_windows(config: Mapping) -> None:
    """Refuse to start when a rate-limit counter could keep an address too long."""
    hours = int(config.get("IP_RETENTION_HOURS", 24))
    if hours < 1:
        raise RuntimeError("IP_RETENTION_HOURS must be at least 1")
    too_long = too_long_windows(config)
    if too_long:
        raise RuntimeError(
            f"These rate limits count longer than IP_RETENTION_HOURS ({hours} hours), so the "
            f"client addresses in their counters would be kept longer: {', '.join(too_long)}"
        )


def init_app(app: Flask) -> None:
    """Check the limit windows and keep client addresses out of the limiter's log lines."""
    check_windows(app.config)
    # Flask-Limiter logs every exceeded limit at INFO with its key, which is the client address.
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)


# --- when to try again -------------------------------------------------------------------------


def seconds_until(reset_at: float) -> int:
    """Return the whole seconds from now until `reset_at` (a Unix time), at least 1."""
    return max(1, math.ceil(reset_at - time.time()))


def take_slot(setting: str, scope: str, key: str) -> bool:
    """Count one act of `key` against the limit in config[`setting`]; False when it is used up.
    A storage outage lets the act through: taking part must keep working."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    try:
        return limiter.limiter.hit(parse(current_app.config[setting]), scope, key)
    except Exception:
        current_app.logger.warning("rate-limit storage unavailable", exc_info=True)
        return True


def throttle_wait(limit: str | RateLimitItem, *identifiers: str) -> int | None:
    """Return the seconds until a counter of `limit` for `identifiers` frees a slot again
    (None when the storage cannot say)."""
    item = parse(limit) if isinstance(limit, str) else limit
    try:
        stats = limiter.limiter.get_window_stats(item, *identifiers)
    except Exception:  # the storage is down: the page says "a few minutes" instead
        current_app.logger.warning("rate-limit storage unavailable", exc_info=True)
        return None
    return seconds_until(stats.reset_time)


def request_wait(at_least: int | None = None) -> int | None:
    """Return the seconds until the visitor may try again: the later of `at_least` and the
    reset of the limit Flask-Limiter applied to this request (it sends that in Retry-After)."""
    current = limiter.current_limit if limiter.initialized else None
    waits = [wait for wait in (at_least,) if wait]
    if current is not None:
        waits.append(seconds_until(current.reset_at))
    return max(waits) if waits else None


def in_words(seconds: int) -> str:
    """Return when to try again in words: "in etwa 5 Minuten", "in etwa einer Stunde"."""
    if seconds < 60:
        return _("in weniger als einer Minute")
    minutes = round(seconds / 60)  # "about": the limiter's reset has a second's slack
    if minutes < 60:
        return ngettext("in etwa einer Minute", "in etwa %(num)s Minuten", minutes)
    hours = max(1, round(seconds / 3600))
    return ngettext("in etwa einer Stunde", "in etwa %(num)s Stunden", hours)


def try_again_message(seconds: int) -> str:
    """Return the sentence of the 429 page: too many attempts, and when to try again."""
    return _(
        "Sie haben es zu oft in kurzer Zeit versucht. Bitte versuchen Sie es %(when)s noch einmal.",
        when=in_words(seconds),
    )
