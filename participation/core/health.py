"""Reachability checks for monitoring: the database and (when configured) Redis."""

from __future__ import annotations

import redis
from flask import current_app
from sqlalchemy import text

from participation.extensions import db


def check_database() -> str:
    """Return "ok" if the database answers a trivial query, else "error"."""
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception:  # any driver error means "down" for monitoring
        current_app.logger.exception("health check: database unreachable")
        db.session.rollback()
        return "error"


def check_redis() -> str:
    """Return "ok" if Redis answers PING, "disabled" without REDIS_URL, else "error"."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return "disabled"
    try:
        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        client.ping()
        return "ok"
    except redis.RedisError:
        current_app.logger.warning("health check: redis unreachable")
        return "error"


def check_all() -> dict:
    """Return the combined report; status is "ok" only when nothing is in error."""
    checks = {"database": check_database(), "redis": check_redis()}
    status = "error" if "error" in checks.values() else "ok"
    return {"status": status, **checks}
