"""The mail to privileged accounts (SIGNIN_NOTICE_ROLES) on every sign-in: when, with which
browser, where to see the signed-in browsers, and what to do if it was not them. It goes
through the outbox in the same transaction as the sign-in, like the other account mails."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, url_for
from flask_babel import format_date, format_time
from flask_babel import lazy_gettext as _l

from participation.accounts import browsers
from participation.notifications import outbox
from participation.notifications.account_kinds import AccountKind
from participation.notifications.kinds import Message

KIND = "account.signin_notice"


class SignInNotice(AccountKind):
    name = KIND
    label = _l("Neue Anmeldung bei Ihrem Konto")

    def message(self, payload, user):
        moment = datetime.fromisoformat(payload["at"])
        context = {
            "date": format_date(moment, "long"),
            "time": format_time(moment, "short"),
            "browser": browsers.label(payload.get("browser", "")),
            "sessions_link": url_for("account_sessions.index", _external=True),
            "reset_link": url_for("accounts.reset_request", _external=True),
        }
        return Message(self.label, "accounts/signin_notice", context)


def is_privileged(user) -> bool:
    """Whether the account holds a role that gets a mail on every sign-in."""
    wanted = set(current_app.config.get("SIGNIN_NOTICE_ROLES") or ())
    return any(role.value in wanted for role in user.role_set())


def send_if_privileged(user, row) -> None:
    """Write the sign-in notice for a privileged account (the caller commits)."""
    if is_privileged(user):
        outbox.notify(KIND, user_id=user.id, at=row.created_at.isoformat(), browser=row.browser)


def init_app(app) -> None:
    """Register the notice's kind."""
    from participation.notifications import kinds

    with app.app_context():
        kinds.register(SignInNotice())
