"""Suspended accounts may read, not take part: every form they send is refused.

One check for the whole app (a `before_request` hook), so features added later are covered
too. Signing in and out, the language and the profile stay open; other views a suspended
person still needs (an appeal, withdrawing their own post) carry
`core.permissions.open_to_suspended`.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_login import current_user

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
ALWAYS_OPEN = {"static", "core.switch_language"}
OPEN_BLUEPRINTS = {"accounts", "profile"}  # signing in and out, one's own account settings


def refused_for_suspended():
    """Refuse a suspended account's form with a page that says why and until when."""
    if request.method in SAFE_METHODS or request.endpoint in ALWAYS_OPEN:
        return None
    if request.blueprint in OPEN_BLUEPRINTS:
        return None
    if not current_user.is_authenticated or not current_user.is_suspended:
        return None
    view = current_app.view_functions.get(request.endpoint)
    if view is None or getattr(view, "open_to_suspended", False):
        return None
    return render_template("moderation/suspended.html", user=current_user), 403


def init_app(app: Flask) -> None:
    """Check every request."""
    app.before_request(refused_for_suspended)
