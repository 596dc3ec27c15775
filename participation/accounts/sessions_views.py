"""The signed-in browsers of one's own account, and signing out all the others."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from participation.accounts import browsers, sessions
from participation.core.permissions import open_to_suspended, signed_in
from participation.extensions import db

bp = Blueprint("account_sessions", __name__, url_prefix="/account")


@bp.get("/sessions")
@signed_in
def index():
    """List the browsers the account is signed in with; this one is marked."""
    current = sessions.current_row()
    rows = sorted(  # this browser first, then the others, most recently seen first
        sessions.rows_of(current_user), key=lambda row: current is None or row.id != current.id
    )
    others = [row for row in rows if current is None or row.id != current.id]
    return render_template(
        "accounts/sessions.html",
        rows=rows,
        current=current,
        others=others,
        browser_label=browsers.label,
    )


@bp.post("/sessions/others")
@signed_in
@open_to_suspended
def sign_out_others():
    """Sign out every other browser, remember-me cookies included; this one stays."""
    count = sessions.sign_out_others(current_user._get_current_object())
    db.session.commit()
    if count:
        flash(
            ngettext(
                "%(num)d anderer Browser ist jetzt abgemeldet.",
                "%(num)d andere Browser sind jetzt abgemeldet.",
                count,
            ),
            "success",
        )
    else:
        flash(
            _("Alle anderen Browser sind abgemeldet. Dieser Browser bleibt angemeldet."), "success"
        )
    return redirect(url_for("account_sessions.index"))
