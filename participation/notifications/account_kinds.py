"""Account mails on the outbox: confirmation, already registered, reset, address change and the
notices after a change. They cannot be switched off and do not show in the centre. Links and
their tokens are made at delivery from the account as it is then, so no token is stored."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from participation.accounts import services, tokens
from participation.notifications import kinds
from participation.notifications.kinds import Kind, Message


def hours(setting: str) -> int:
    return current_app.config[setting] // 3600


class AccountKind(Kind):
    """Common to account mails: one recipient, never optional, not in the centre."""

    optional = False
    in_centre = False

    def recipients(self, user_id, **_ignored):
        return [user_id]

    def payload(self, user_id, **event):
        return dict(event)

    def summary(self, payload):
        return str(self.label)


class Confirm(AccountKind):
    name = "account.confirm"
    label = _l("Bitte bestätigen Sie Ihre E-Mail-Adresse")

    def message(self, payload, user):
        token = services.confirmation_token(user)
        link = url_for("accounts.confirm", token=token, _external=True)
        context = {"link": link, "hours": hours("CONFIRM_TOKEN_MAX_AGE")}
        return Message(self.label, "accounts/confirm", context)


class AlreadyRegistered(AccountKind):
    name = "account.already_registered"
    label = _l("Sie haben bereits ein Konto")

    def message(self, payload, user):
        context = {
            "signin_link": url_for("accounts.sign_in", _external=True),
            "reset_link": url_for("accounts.reset_request", _external=True),
        }
        return Message(self.label, "accounts/already_registered", context)


class Reset(AccountKind):
    name = "account.reset"
    label = _l("Passwort zurücksetzen")

    def message(self, payload, user):
        link = url_for("accounts.reset_password", token=services.reset_token(user), _external=True)
        minutes = current_app.config["RESET_TOKEN_MAX_AGE"] // 60
        return Message(self.label, "accounts/reset", {"link": link, "minutes": minutes})


class EmailChange(AccountKind):
    name = "account.email_change"
    label = _l("Bitte bestätigen Sie Ihre neue E-Mail-Adresse")

    def message(self, payload, user):
        new = payload["new"]
        token = tokens.make_token(tokens.CHANGE, uid=user.id, old=user.email, new=new)
        link = url_for("profile.confirm_email_change", token=token, _external=True)
        context = {"link": link, "hours": hours("CONFIRM_TOKEN_MAX_AGE")}
        return Message(self.label, "accounts/change_email", context, address=new)


class EmailChanged(AccountKind):
    name = "account.email_changed"
    label = _l("Ihre E-Mail-Adresse wurde geändert")

    def message(self, payload, user):
        return Message(self.label, "accounts/email_changed", {}, address=payload["old"])


class PasswordChanged(AccountKind):
    name = "account.password_changed"
    label = _l("Ihr Passwort wurde geändert")

    def message(self, payload, user):
        context = {"reset_link": url_for("accounts.reset_request", _external=True)}
        return Message(self.label, "accounts/password_changed", context)


class RecoveryCodeUsed(AccountKind):
    name = "account.recovery_code_used"
    label = _l("Sie haben einen Wiederherstellungscode benutzt")

    def message(self, payload, user):
        context = {
            "left": int(payload.get("left") or 0),
            "status_link": url_for("two_factor.status", _external=True),
        }
        return Message(self.label, "accounts/recovery_code_used", context)


class TwoFactorOff(AccountKind):
    name = "account.two_factor_off"
    label = _l("Die Anmeldung mit zweitem Faktor ist ausgeschaltet")

    def message(self, payload, user):
        context = {
            "by_admin": bool(payload.get("by_admin")),
            "status_link": url_for("two_factor.status", _external=True),
        }
        return Message(self.label, "accounts/two_factor_off", context)


ACCOUNT_KINDS = (Confirm, AlreadyRegistered, Reset, EmailChange, EmailChanged, PasswordChanged)
ACCOUNT_KINDS += (RecoveryCodeUsed, TwoFactorOff)  # two-factor sign-in (accounts/two_factor.py)


def init_app(app) -> None:
    """Register the account kinds."""
    with app.app_context():
        for kind_class in ACCOUNT_KINDS:
            kinds.register(kind_class())
