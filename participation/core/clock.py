"""The town's clock: times are stored in UTC and shown and entered in the town's time zone
(BABEL_DEFAULT_TIMEZONE, Europe/Berlin)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def town_zone() -> ZoneInfo:
    """Return the town's time zone."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def from_town_time(local: datetime) -> datetime:
    """Return the aware UTC time of a wall-clock time entered in the town (naive)."""
    return local.replace(tzinfo=town_zone()).astimezone(UTC)


def to_town_time(moment: datetime) -> datetime:
    """Return a stored (aware) time as the town's naive wall-clock time, e.g. for a form."""
    return moment.astimezone(town_zone()).replace(tzinfo=None)


def town_today(now: datetime | None = None):
    """Return today's date in the town."""
    return (now or datetime.now(UTC)).astimezone(town_zone()).date()
