"""Re-authentication before sensitive actions: `@recent_sign_in_required` sends the person to
the confirm page unless they typed their password (and their code, with two-factor sign-in)
within REAUTH_MAX_AGE seconds. A fresh sign-in counts as such a confirmation.

Put it below the access declaration, so guests and other roles are turned away first:

    @bp.post("/...")
    @roles_required(Role.ADMIN)
    @recent_sign_in_required
    def view(...): ...

The time is kept in the signed session cookie, together with the account it belongs to.
"""

from __future__ import annotations

import time
from functools import wraps
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participation.accounts import passwords, totp
from participation.core.urls import current_path, is_local_path
from participation.extensions import login_manager

SESSION_KEY = "reauth"


def stamp(user) -> dict:
    """Return what the session keeps for a confirmation by `user` now."""
    return {"user": user.id, "at": int(time.time())}


def mark_confirmed(user) -> None:
    """Remember that `user` just proved who they are in this browser."""
    session[SESSION_KEY] = stamp(user)


def forget() -> None:
    """Forget the confirmation (at sign-out)."""
    session.pop(SESSION_KEY, None)


def confirmed_recently(user) -> bool:
    """Whether `user` confirmed their password in this browser within REAUTH_MAX_AGE."""
    entry = session.get(SESSION_KEY)
    if not isinstance(entry, dict) or entry.get("user") != user.id:
        return False
    moment = entry.get("at")
    if not isinstance(moment, int | float):
        return False
    return 0 <= time.time() - moment <= current_app.config["REAUTH_MAX_AGE"]


def check(user, password: str, code: str | None = None) -> bool:
    """Whether `password` (and, with two-factor sign-in, `code`) prove it is `user`. A code
    from the app counts once; a recovery code is used up. Flushes, never commits."""
    if not passwords.verify_password(user.password_hash, password or ""):
        return False
    return not user.has_two_factor or totp.verify(user, code or "")


def way_back() -> str:
    """Return the page to come back to after confirming: this page for a GET, else the page
    that showed the form (a form sent before the confirmation is not sent again)."""
    if request.url_rule is not None and "GET" in request.url_rule.methods:
        return current_path()
    try:
        referrer = urlsplit(request.referrer or "")
    except ValueError:  # a Referer urlsplit cannot read, such as "http://[x"
        return url_for("core.index")
    if referrer.netloc == request.host:
        path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
        if is_local_path(path):
            return path
    return url_for("core.index")


def recent_sign_in_required(view):
    """Let the view run only after a recent password confirmation; else ask for one."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if confirmed_recently(current_user):
            return view(*args, **kwargs)
        repeat = request.method != "GET"
        if repeat:
            flash(
                _(
                    "Ihre Eingabe ist noch nicht gespeichert. Bitte bestätigen Sie zuerst Ihr "
                    "Passwort. Danach sehen Sie das Formular wieder und senden es noch einmal."
                ),
                "warning",
            )
        return redirect(url_for("reauth.confirm", next=way_back(), repeat=1 if repeat else None))

    guarded.recent_sign_in = True
    return guarded
