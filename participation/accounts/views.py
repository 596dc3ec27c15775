"""Sign-up, confirmation, sign-in and -out, password reset."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from participation.accounts import mails, services, tokens
from participation.accounts.forms import EmailOnlyForm, ResetPasswordForm, SignInForm, SignUpForm
from participation.core.i18n import select_locale
from participation.core.permissions import public
from participation.core.urls import safe_next
from participation.extensions import db, limiter

bp = Blueprint("accounts", __name__, url_prefix="/account")


def signin_ip_limit() -> str:
    return current_app.config["SIGNIN_LIMIT_PER_IP"]


def signin_account_limit() -> str:
    return current_app.config["SIGNIN_LIMIT_PER_ACCOUNT"]


def mail_ip_limit() -> str:
    return current_app.config["MAIL_LIMIT_PER_IP"]


def account_key() -> str:
    """Rate-limit key for the account being signed in to (the normalised address)."""
    return "account:" + services.normalize_email(request.form.get("email", ""))[:254]


def failed_sign_in(response) -> bool:
    """Only failed attempts (the form shown again) count against an account."""
    return response.status_code != 302


def token_error_message(error: tokens.TokenError) -> str:
    """Explain why a mailed link cannot be used."""
    if isinstance(error, tokens.TokenExpired):
        return _("Dieser Link ist abgelaufen. Bitte fordern Sie einen neuen an.")
    return _("Dieser Link ist ungültig oder wurde schon benutzt. Bitte fordern Sie einen neuen an.")


@bp.route("/signup", methods=["GET", "POST"])
@public
@limiter.limit(mail_ip_limit, methods=["POST"])
def sign_up():
    """Create an account and mail the confirmation link."""
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = SignUpForm()
    form.describe_password_rules()
    if form.validate_on_submit():
        result = services.register(
            form.email.data, form.display_name.data, form.password.data, select_locale()
        )
        db.session.commit()
        if result.created:
            mails.send_confirmation(result.user)
        else:
            mails.send_already_registered(result.user)
        return render_template(
            "accounts/check_mail.html", email=services.normalize_email(form.email.data)
        )
    return render_template("accounts/sign_up.html", form=form)


@bp.get("/confirm/<token>")
@public
def confirm(token: str):
    """Confirm an address from the mailed link."""
    try:
        services.confirm_email(token)
    except tokens.TokenError as error:
        return render_template(
            "accounts/link_problem.html", message=token_error_message(error)
        ), 400
    db.session.commit()
    flash(_("Danke! Ihre E-Mail-Adresse ist bestätigt. Sie können sich jetzt anmelden."), "success")
    return redirect(url_for("accounts.sign_in"))


@bp.route("/confirm", methods=["GET", "POST"])
@public
@limiter.limit(mail_ip_limit, methods=["POST"])
def resend_confirmation():
    """Mail a new confirmation link (the answer is the same whether the address exists or not)."""
    form = EmailOnlyForm()
    if form.validate_on_submit():
        user = services.find_by_email(form.email.data)
        if user is not None and not user.is_confirmed:
            mails.send_confirmation(user)
        return render_template(
            "accounts/check_mail.html", email=services.normalize_email(form.email.data)
        )
    return render_template("accounts/resend_confirmation.html", form=form)


@bp.route("/signin", methods=["GET", "POST"])
@public
@limiter.limit(signin_ip_limit, methods=["POST"])
@limiter.limit(
    signin_account_limit, methods=["POST"], key_func=account_key, deduct_when=failed_sign_in
)
def sign_in():
    """Sign in; every failure gets the same message."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None and user.is_confirmed:
            return finish_sign_in(user, form.remember.data)
        db.session.rollback()
        if user is not None:
            flash(
                _(
                    "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse. Den Link finden Sie in Ihrem Postfach."
                ),
                "warning",
            )
            return render_template("accounts/sign_in.html", form=form, unconfirmed=True)
        form.password.errors = []
        form.form_errors.append(_("E-Mail-Adresse oder Passwort sind nicht richtig."))
    return render_template("accounts/sign_in.html", form=form)


def finish_sign_in(user, remember: bool):
    """Start a fresh session for `user` and go where they wanted to go."""
    session.clear()  # the account's own language preference applies from now on
    login_user(user, remember=bool(remember))
    db.session.commit()
    flash(_("Sie sind angemeldet."), "success")
    return redirect(safe_next(request.args.get("next")))


@bp.post("/signout")
@public
def sign_out():
    """Sign out and forget the remember-me cookie."""
    logout_user()
    flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for("core.index"))


@bp.route("/reset", methods=["GET", "POST"])
@public
@limiter.limit(mail_ip_limit, methods=["POST"])
def reset_request():
    """Mail a password-reset link (the answer is the same whether the address exists or not)."""
    form = EmailOnlyForm()
    if form.validate_on_submit():
        user = services.find_by_email(form.email.data)
        if user is not None:
            mails.send_reset(user)
        return render_template(
            "accounts/check_mail.html", email=services.normalize_email(form.email.data), reset=True
        )
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    """Choose a new password through a mailed link."""
    try:
        user = services.user_for_reset(token)
    except tokens.TokenError as error:
        return render_template(
            "accounts/link_problem.html", message=token_error_message(error), reset=True
        ), 400
    form = ResetPasswordForm()
    form.describe_password_rules()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        db.session.commit()
        mails.send_password_changed_notice(user)
        flash(_("Ihr neues Passwort ist gespeichert. Bitte melden Sie sich an."), "success")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_password.html", form=form)
