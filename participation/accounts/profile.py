"""The signed-in person's own profile: name, language, email address, password."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user

from participation.accounts import mails, services, sessions, tokens
from participation.accounts.forms import EmailChangeForm, PasswordChangeForm, ProfileForm
from participation.accounts.views import token_error_message
from participation.core.i18n import remember_language
from participation.core.permissions import public, signed_in
from participation.extensions import db, limiter

bp = Blueprint("profile", __name__, url_prefix="/profile")


def change_limit() -> str:
    return current_app.config["ACCOUNT_CHANGE_LIMIT"]


def account_or_address() -> str:
    """Rate-limit key: the signed-in account, else the client address."""
    return (
        f"account:{current_user.get_id()}"
        if current_user.is_authenticated
        else get_remote_address()
    )


ERRORS = {
    "wrong-password": lambda: _("Das aktuelle Passwort ist nicht richtig."),
    "same-email": lambda: _("Das ist bereits Ihre E-Mail-Adresse."),
    "email-taken": lambda: _("Diese E-Mail-Adresse gehört schon zu einem anderen Konto."),
}


def render_profile(**forms):
    """Render the profile page with fresh forms where none are given."""
    forms.setdefault("profile_form", ProfileForm(obj=current_user, formdata=None, prefix="profile"))
    forms.setdefault("email_form", EmailChangeForm(formdata=None, prefix="email"))
    forms.setdefault("password_form", PasswordChangeForm(formdata=None, prefix="password"))
    forms["password_form"].describe_password_rules()
    status = 200 if all(not form.errors for form in forms.values()) else 400
    return render_template("accounts/profile.html", **forms), status


@bp.get("/")
@signed_in
def show():
    """Show the profile with its three forms."""
    return render_profile()


@bp.post("/")
@signed_in
def update():
    """Save display name and language."""
    form = ProfileForm(prefix="profile")
    if not form.validate_on_submit():
        return render_profile(profile_form=form)
    services.update_profile(current_user, form.display_name.data, form.locale.data)
    remember_language(form.locale.data)
    db.session.commit()
    flash(_("Ihr Profil ist gespeichert."), "success")
    return redirect(url_for("profile.show"))


@bp.post("/email")
@signed_in
@limiter.limit(change_limit, key_func=account_or_address)
def change_email():
    """Start an address change: the new address gets a confirmation link."""
    form = EmailChangeForm(prefix="email")
    if form.validate_on_submit():
        try:
            services.request_email_change(
                current_user, form.current_password.data, form.new_email.data
            )
        except services.AccountError as error:
            form.form_errors.append(ERRORS[str(error)]())
        else:
            mails.send_email_change(current_user)
            db.session.commit()
            flash(
                _(
                    "Wir haben einen Link an %(email)s geschickt. Bitte bestätigen Sie die neue Adresse.",
                    email=current_user.pending_email,
                ),
                "success",
            )
            return redirect(url_for("profile.show"))
    return render_profile(email_form=form)


@bp.get("/email/<token>")
@public
def confirm_email_change(token: str):
    """Switch to the new address from the mailed link."""
    try:
        user, old_email = services.confirm_email_change(token)
    except tokens.TokenError as error:
        return render_template(
            "accounts/link_problem.html", message=token_error_message(error)
        ), 400
    except services.AccountError as error:
        return render_template("accounts/link_problem.html", message=ERRORS[str(error)]()), 400
    mails.send_email_changed_notice(user, old_email)
    db.session.commit()
    flash(_("Ihre neue E-Mail-Adresse ist bestätigt."), "success")
    return redirect(
        url_for("profile.show") if current_user.is_authenticated else url_for("accounts.sign_in")
    )


@bp.post("/password")
@signed_in
@limiter.limit(change_limit, key_func=account_or_address)
def change_password():
    """Change the password; other devices are signed out."""
    form = PasswordChangeForm(prefix="password")
    form.describe_password_rules()
    form.forbid_personal_words(current_user)
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user,
                form.current_password.data,
                form.password.data,
                keep_session=sessions.current_id(),  # this browser stays signed in
            )
        except services.AccountError as error:
            form.form_errors.append(ERRORS[str(error)]())
        else:
            mails.send_password_changed_notice(current_user)
            db.session.commit()
            login_user(current_user._get_current_object())
            flash(
                _("Ihr neues Passwort ist gespeichert. Andere Geräte sind jetzt abgemeldet."),
                "success",
            )
            return redirect(url_for("profile.show"))
    return render_profile(password_form=form)


@bp.post("/signout-everywhere")
@signed_in
def sign_out_everywhere():
    """Sign out on every device, this one included (for a lost phone or a shared computer)."""
    current_user.revoke_sessions()
    sessions.sign_out()
    db.session.commit()
    flash(_("Sie sind jetzt auf allen Geräten abgemeldet."), "success")
    return redirect(url_for("core.index"))
