"""The signed-in person's own two-factor pages: status, set-up, recovery codes (shown once),
new recovery codes, switching off. The sign-in steps are in twofactor_signin.py."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from participation.accounts import mails, totp, two_factor
from participation.accounts import twofactor_session as state
from participation.accounts.twofactor_forms import (
    AcknowledgeForm,
    DisableForm,
    RenewForm,
    SetupForm,
)
from participation.core.permissions import signed_in
from participation.extensions import db

bp = Blueprint("two_factor", __name__, url_prefix="/account/two-factor")

ERRORS = {
    "wrong-code": lambda: _(
        "Der Code ist nicht richtig. Bitte prüfen Sie ihn und versuchen Sie es noch einmal."
    ),
    "replayed": lambda: _(
        "Dieser Code wurde schon benutzt. Bitte warten Sie, bis die App einen neuen Code zeigt."
    ),
    "wrong-password": lambda: _("Das Passwort ist nicht richtig."),
    "required": lambda: _(
        "Ihre Rolle verlangt die Anmeldung mit zweitem Faktor. Sie können sie deshalb nicht ausschalten."
    ),
}


def private(html: str, status: int = 200):
    """Keep a page with a secret or codes out of every cache (the back button's included)."""
    response = make_response(html, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def setup_context(user, form) -> dict:
    """Return what the set-up page shows: the QR code, the secret to type, the form."""
    secret = state.setup_secret(user, totp.new_secret)
    title = _("QR-Code für Ihre Authenticator-App")
    return {
        "form": form,
        "qr": two_factor.qr_svg(totp.provisioning_uri(user, secret), title),
        "secret": two_factor.grouped(secret),
        "account_name": user.email,
    }


def confirm_setup(user, form) -> list[str] | None:
    """Switch two-factor sign-in on with the typed code; None (and a form error) if wrong."""
    codes = two_factor.switch_on(user, state.setup_secret(user, totp.new_secret), form.code.data)
    if codes is None:
        db.session.rollback()
        form.code.errors = [
            _(
                "Der Code passt nicht. Prüfen Sie, ob die Uhr Ihres Handys richtig geht, und geben Sie den neuesten Code ein."
            )
        ]
        return None
    state.drop_setup()
    return codes


@bp.get("/")
@signed_in
def status():
    """Show whether two-factor sign-in is on and how many recovery codes are left."""
    user = current_user
    left = totp.recovery_codes_left(user) if user.has_two_factor else 0
    return render_template(
        "accounts/two_factor/status.html", left=left, required=totp.required_for(user)
    )


@bp.route("/setup", methods=["GET", "POST"])
@signed_in
def setup():
    """Set two-factor sign-in up: scan the QR code, type the first code."""
    user = current_user._get_current_object()
    if user.has_two_factor:
        flash(_("Die Anmeldung mit zweitem Faktor ist schon eingeschaltet."), "info")
        return redirect(url_for("two_factor.status"))
    form = SetupForm()
    if form.validate_on_submit():
        codes = confirm_setup(user, form)
        if codes is not None:
            state.keep_codes(user, codes, "new")
            db.session.commit()
            return redirect(url_for("two_factor.codes"))
    context = setup_context(user, form)
    page = render_template("accounts/two_factor/setup.html", forced=False, **context)
    return private(page, 400 if form.errors else 200)


@bp.route("/codes", methods=["GET", "POST"])
@signed_in
def codes():
    """Show the new recovery codes once, until their owner confirms keeping them."""
    entry = state.codes_for(current_user)
    if entry is None:
        return redirect(url_for("two_factor.status"))
    form = AcknowledgeForm()
    if form.validate_on_submit():
        state.drop_codes()
        if entry.get("kind") == "new":
            flash(_("Die Anmeldung mit zweitem Faktor ist eingeschaltet."), "success")
        else:
            flash(
                _("Ihre neuen Wiederherstellungscodes gelten. Die alten gelten nicht mehr."),
                "success",
            )
        return redirect(url_for("two_factor.status"))
    page = render_template(
        "accounts/two_factor/codes.html",
        codes=entry["codes"],
        form=form,
        account=current_user.email,
        signing_in=False,
    )
    return private(page, 400 if form.errors else 200)


@bp.route("/renew", methods=["GET", "POST"])
@signed_in
def renew():
    """Make ten new recovery codes after a code proves it is the owner."""
    user = current_user._get_current_object()
    if not user.has_two_factor:
        return redirect(url_for("two_factor.status"))
    form = RenewForm()
    if form.validate_on_submit():
        if not two_factor.take_attempt(user):
            abort(429, retry_after=two_factor.wait(user))
        try:
            new_codes = two_factor.renew_codes(user, form.code.data)
        except two_factor.TwoFactorError as error:
            db.session.rollback()
            form.code.errors = [ERRORS[str(error)]()]
        else:
            two_factor.forgive_attempts(user)
            state.keep_codes(user, new_codes, "renewed")
            db.session.commit()
            return redirect(url_for("two_factor.codes"))
    page = render_template("accounts/two_factor/renew.html", form=form)
    return page, 400 if form.errors else 200


@bp.route("/disable", methods=["GET", "POST"])
@signed_in
def disable():
    """Switch two-factor sign-in off, with password and code (not when a role requires it)."""
    user = current_user._get_current_object()
    if not user.has_two_factor:
        return redirect(url_for("two_factor.status"))
    required = totp.required_for(user)
    form = DisableForm()
    if not required and form.validate_on_submit():
        if not two_factor.take_attempt(user):
            abort(429, retry_after=two_factor.wait(user))
        try:
            two_factor.switch_off(user, form.password.data, form.code.data)
        except two_factor.TwoFactorError as error:
            db.session.rollback()
            field = form.password if str(error) == "wrong-password" else form.code
            field.errors = [ERRORS[str(error)]()]
        else:
            two_factor.forgive_attempts(user)
            mails.send_two_factor_off_notice(user, by_admin=False)
            db.session.commit()
            flash(_("Die Anmeldung mit zweitem Faktor ist ausgeschaltet."), "success")
            return redirect(url_for("two_factor.status"))
    page = render_template("accounts/two_factor/disable.html", form=form, required=required)
    if required and request.method == "POST":
        return page, 403
    return page, 400 if form.errors else 200
