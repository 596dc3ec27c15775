"""Sign-up, confirmation, sign-in and -out, password reset."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user

from participation.accounts import mails, services, throttle, tokens
from participation.accounts import sessions as browsers_signed_in
from participation.accounts.forms import EmailOnlyForm, ResetPasswordForm, SignInForm, SignUpForm
from participation.core.i18n import select_locale
from participation.core.permissions import public
from participation.core.urls import safe_next
from participation.extensions import db, limiter

bp = Blueprint("accounts", __name__, url_prefix="/account")


def signin_ip_limit() -> str:
    return current_app.config["SIGNIN_LIMIT_PER_IP"]


def mail_ip_limit() -> str:
    return current_app.config["MAIL_LIMIT_PER_IP"]


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
        db.session.flush()
        (mails.send_confirmation if result.created else mails.send_already_registered)(result.user)
        db.session.commit()
        return show_mail_sent(form.email.data, "signup")
    return render_template("accounts/sign_up.html", form=form)


def show_mail_sent(email: str, kind: str):
    """Redirect to the "check your mailbox" page (a reload then sends nothing twice). The mail
    is in the outbox: if the mail server is down it is sent as soon as it is back."""
    session["mail_sent"] = {"email": services.normalize_email(email)[:254], "kind": kind}
    return redirect(url_for("accounts.mail_sent"))


@bp.get("/sent")
@public
def mail_sent():
    """Tell the visitor to look into their mailbox."""
    info = session.get("mail_sent")
    if not info:
        return redirect(url_for("core.index"))
    return render_template(
        "accounts/check_mail.html", email=info["email"], reset=info["kind"] == "reset"
    )


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
            db.session.commit()
        return show_mail_sent(form.email.data, "signup")
    return render_template("accounts/resend_confirmation.html", form=form)


@bp.route("/signin", methods=["GET", "POST"])
@public
@limiter.limit(signin_ip_limit, methods=["POST"])
def sign_in():
    """Sign in; every failure gets the same message."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = SignInForm()
    if form.validate_on_submit():
        email = services.normalize_email(form.email.data)
        if not throttle.take_attempt(email):
            abort(429, retry_after=throttle.wait(email))
        user = services.authenticate(email, form.password.data)
        if user is not None and user.is_confirmed:
            throttle.forgive_attempts(email)
            from participation.accounts.twofactor_signin import second_step  # imports this

            return second_step(user, form.remember.data)  # a code first, then finish_sign_in
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
    browsers_signed_in.begin(user)  # this browser's row, a fresh confirmation, the notice
    db.session.commit()
    flash(_("Sie sind angemeldet."), "success")
    return redirect(safe_next(request.args.get("next")))


@bp.post("/signout")
@public
def sign_out():
    """Sign out and forget the remember-me cookie."""
    browsers_signed_in.sign_out()
    db.session.commit()
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
            db.session.commit()
        return show_mail_sent(form.email.data, "reset")
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
    form.forbid_personal_words(user)
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        mails.send_password_changed_notice(user)
        db.session.commit()
        flash(_("Ihr neues Passwort ist gespeichert. Bitte melden Sie sich an."), "success")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_password.html", form=form)
