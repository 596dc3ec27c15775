"""Signed-in browsers. Each sign-in gets a row (AccountSession) and a random token that only this
browser holds, inside the signed session cookie ("sid"); the database keeps the token's hash.

`track` runs before every request: a browser whose row is gone (signed out from another
browser) is signed out here too; a signed-in browser without a row (restored from the
remember-me cookie) gets one; and the row notes when the browser was last seen, at most every
few minutes so that reading a page rarely writes.

Signing out elsewhere also rotates the account's session token (`User.revoke_sessions`), which
kills remember-me cookies; deleting rows alone would not.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import and_, delete, select, update
from sqlalchemy.exc import IntegrityError

from participation.accounts import browsers, reauth, services, signin_notice
from participation.accounts.models import User
from participation.accounts.security_models import AccountSession
from participation.core.i18n import SESSION_KEY as LANGUAGE_KEY
from participation.core.models import utcnow
from participation.core.urls import current_path
from participation.extensions import db

SESSION_KEY = "sid"
SEEN_EVERY = timedelta(minutes=5)
UNTRACKED = {None, "static"}


def hash_token(token: str) -> str:
    """Return the stored form of a browser's token (random, so SHA-256 suffices)."""
    return hashlib.sha256(token.encode()).hexdigest()


def browser_token() -> str | None:
    """Return the token this browser holds, or None."""
    token = session.get(SESSION_KEY)
    return token if isinstance(token, str) and token else None


def current_row() -> AccountSession | None:
    """Return this browser's row, or None."""
    token = browser_token()
    if token is None:
        return None
    return db.session.scalar(
        select(AccountSession).where(AccountSession.token_hash == hash_token(token))
    )


def load_user(session_token: str) -> User | None:
    """Flask-Login's user loader: the account of a session token, and this browser's row in
    the same query (kept for `track`, so checking the browser costs no query of its own)."""
    token = browser_token()
    if token is None:
        return services.load_by_session_token(session_token)
    row_of_browser = and_(
        AccountSession.user_id == User.id, AccountSession.token_hash == hash_token(token)
    )
    found = db.session.execute(
        select(User, AccountSession)
        .outerjoin(AccountSession, row_of_browser)
        .where(User.session_token == session_token)
    ).first()
    if found is None:
        return None
    g.browser_row = found[1]
    return found[0]


def current_id() -> int | None:
    """Return the id of this browser's row, or None."""
    row = current_row()
    return row.id if row is not None else None


def new_row(user: User, browser: str) -> tuple[AccountSession, str]:
    """Add a row for a browser described as `browser`; return it and the browser's token."""
    token = secrets.token_urlsafe(32)
    row = AccountSession(user_id=user.id, token_hash=hash_token(token), browser=browser[:100])
    db.session.add(row)
    db.session.flush()
    return row, token


def register(user: User) -> AccountSession:
    """Add a row for this browser and give the browser its token."""
    row, token = new_row(user, browsers.describe(request.user_agent.string))
    session[SESSION_KEY] = token
    return row


def begin(user: User) -> AccountSession:
    """Complete a sign-in (after login_user): a row for this browser, a fresh confirmation for
    sensitive acts, and the sign-in notice for privileged accounts. The caller commits."""
    # "Remember me" keeps the session cookie too, so the browser keeps its row after a restart
    # instead of coming back through the remember-me cookie with a new one each time.
    session.permanent = session.get("_remember") == "set"
    prune(user)
    row = register(user)
    reauth.mark_confirmed(user)
    signin_notice.send_if_privileged(user, row)
    return row


def expired_before():
    """Return the moment before which a browser last seen has surely lost its session cookie."""
    return utcnow() - current_app.permanent_session_lifetime


def prune(user: User) -> None:
    """Delete the rows of browsers whose session cookie has expired by now."""
    db.session.execute(
        delete(AccountSession).where(
            AccountSession.user_id == user.id, AccountSession.last_seen_at < expired_before()
        )
    )


def rows_of(user: User) -> list[AccountSession]:
    """Return the account's signed-in browsers, the most recently seen first."""
    query = select(AccountSession).where(
        AccountSession.user_id == user.id, AccountSession.last_seen_at >= expired_before()
    )
    return list(
        db.session.scalars(
            query.order_by(AccountSession.last_seen_at.desc(), AccountSession.id.desc())
        )
    )


def sign_out_others(user: User) -> int:
    """Sign out every other browser (remember-me cookies included) and keep this one signed
    in under the new session token; return how many browsers were signed out. The caller
    commits."""
    keep = current_row()
    others = sum(1 for row in rows_of(user) if keep is None or row.id != keep.id)
    user.revoke_sessions(keep=keep.id if keep else None)
    login_user(user, remember=session.permanent, fresh=bool(session.get("_fresh")))
    if keep is None:
        register(user)
    return others


def sign_out() -> None:
    """Sign out this browser: its row, its confirmation and the remember-me cookie go."""
    row = current_row()
    if row is not None:
        db.session.delete(row)
    session.pop(SESSION_KEY, None)
    reauth.forget()
    logout_user()


def signed_out_elsewhere():
    """Sign out a browser that was signed out from elsewhere (its row is gone, or its session
    token was rotated), keep its language, and send it to sign in with a word on why."""
    leftover = current_row()
    if leftover is not None:  # the token was rotated by something that left the row
        db.session.delete(leftover)
        db.session.commit()
    back = current_path() if request.method == "GET" and request.blueprint != "accounts" else None
    language = session.get(LANGUAGE_KEY)
    session.clear()
    logout_user()  # after clear(): it marks the remember-me cookie for deletion
    if language:
        session[LANGUAGE_KEY] = language
    flash(_("Sie wurden in diesem Browser abgemeldet. Bitte melden Sie sich wieder an."), "info")
    return redirect(url_for("accounts.sign_in", next=back))


def restored_from_cookie(_app, **_extra) -> None:
    """Note that this browser came back through its remember-me cookie (a Flask-Login
    signal), so `track` keeps its new row across browser restarts too."""
    g.restored_from_cookie = True


def track():
    """Before each request: check, register or refresh this browser's row. It commits its own
    small write before the view runs, so no half-done work of a view is ever committed."""
    if request.endpoint in UNTRACKED:
        return None
    if not current_user.is_authenticated:
        return signed_out_elsewhere() if SESSION_KEY in session else None
    row = g.pop("browser_row", None) or current_row()
    if row is None and SESSION_KEY in session:
        return signed_out_elsewhere()
    if row is None or row.user_id != current_user.id:
        if g.pop("restored_from_cookie", False):
            session.permanent = True  # as at a sign-in with "remember me" (see `begin`)
        register(current_user)
        try:
            db.session.commit()
        except IntegrityError:  # the account was deleted at this very moment
            db.session.rollback()
            session.pop(SESSION_KEY, None)
            return signed_out_elsewhere()
    elif utcnow() - row.last_seen_at >= SEEN_EVERY:
        # An UPDATE by id: another browser may delete the row at this very moment.
        db.session.execute(
            update(AccountSession).where(AccountSession.id == row.id).values(last_seen_at=utcnow())
        )
        db.session.commit()
    return None
