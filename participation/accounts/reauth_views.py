"""The confirm page before sensitive acts: the password again (and the code, with two-factor
sign-in), then back to where the person was going."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from participation.accounts import reauth, throttle
from participation.accounts.reauth_forms import ReauthCodeForm, ReauthForm
from participation.core.permissions import open_to_suspended, signed_in
from participation.core.urls import safe_next
from participation.extensions import db

bp = Blueprint("reauth", __name__, url_prefix="/account")


@bp.route("/reconfirm", methods=["GET", "POST"])
@signed_in
@open_to_suspended
def confirm():
    """Ask for the password (and code) again, then go on to the page asked for."""
    form = ReauthCodeForm() if current_user.has_two_factor else ReauthForm()
    if form.validate_on_submit():
        if not throttle.take_attempt(current_user.email):
            abort(429)
        code = form.code.data if "code" in form else None
        if reauth.check(current_user, form.password.data, code):
            throttle.forgive_attempts(current_user.email)
            reauth.mark_confirmed(current_user)
            db.session.commit()  # a code from the app counts only once
            if request.args.get("repeat"):
                flash(_("Danke. Bitte senden Sie das Formular jetzt noch einmal."), "info")
            return redirect(safe_next(request.args.get("next")))
        db.session.rollback()
        form.form_errors.append(
            _("Das Passwort oder der Code ist nicht richtig.")
            if "code" in form
            else _("Das Passwort ist nicht richtig.")
        )
    minutes = max(1, current_app.config["REAUTH_MAX_AGE"] // 60)
    status = 400 if form.errors or form.form_errors else 200
    return render_template("accounts/reconfirm.html", form=form, minutes=minutes), status
