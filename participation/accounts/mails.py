"""The mails accounts send. Each returns False (and logs) when the mail could not be handed over."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from participation.accounts import services
from participation.accounts.models import User
from participation.core.town import current_town
from participation.notifications.email import MailError, send_email


def _send(to: str, subject, template: str, locale: str, **context) -> bool:
    try:
        send_email(to, subject, template, locale=locale, town=current_town(), **context)
        return True
    except MailError:
        current_app.logger.exception("could not send %s mail", template)
        return False


def _hours(setting: str) -> int:
    return current_app.config[setting] // 3600


def send_confirmation(user: User) -> bool:
    """Mail the link that confirms a new account's address."""
    link = url_for("accounts.confirm", token=services.confirmation_token(user), _external=True)
    return _send(
        user.email,
        _l("Bitte bestätigen Sie Ihre E-Mail-Adresse"),
        "accounts/confirm",
        user.locale,
        user=user,
        link=link,
        hours=_hours("CONFIRM_TOKEN_MAX_AGE"),
    )


def send_already_registered(user: User) -> bool:
    """Tell the owner of an address that someone tried to sign up with it again."""
    return _send(
        user.email,
        _l("Sie haben bereits ein Konto"),
        "accounts/already_registered",
        user.locale,
        user=user,
        signin_link=url_for("accounts.sign_in", _external=True),
        reset_link=url_for("accounts.reset_request", _external=True),
    )


def send_reset(user: User) -> bool:
    """Mail a password-reset link."""
    link = url_for("accounts.reset_password", token=services.reset_token(user), _external=True)
    return _send(
        user.email,
        _l("Passwort zurücksetzen"),
        "accounts/reset",
        user.locale,
        user=user,
        link=link,
        minutes=current_app.config["RESET_TOKEN_MAX_AGE"] // 60,
    )


def send_email_change(user: User, token: str) -> bool:
    """Mail the confirmation link to the new address."""
    link = url_for("profile.confirm_email_change", token=token, _external=True)
    return _send(
        user.pending_email,
        _l("Bitte bestätigen Sie Ihre neue E-Mail-Adresse"),
        "accounts/change_email",
        user.locale,
        user=user,
        link=link,
        hours=_hours("CONFIRM_TOKEN_MAX_AGE"),
    )


def send_email_changed_notice(user: User, old_email: str) -> bool:
    """Tell the old address that the account now uses another one."""
    return _send(
        old_email,
        _l("Ihre E-Mail-Adresse wurde geändert"),
        "accounts/email_changed",
        user.locale,
        user=user,
    )


def send_password_changed_notice(user: User) -> bool:
    """Tell the owner that the password was changed."""
    return _send(
        user.email,
        _l("Ihr Passwort wurde geändert"),
        "accounts/password_changed",
        user.locale,
        user=user,
        reset_link=url_for("accounts.reset_request", _external=True),
    )
