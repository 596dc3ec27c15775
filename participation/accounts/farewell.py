"""The mail that confirms a deleted account, sent to the address it had.

The notifications outbox cannot carry it: an outbox row belongs to an account
(notifications.recipient_id is required and goes with the account, ON DELETE CASCADE), so a row
written in the deleting transaction would be deleted by that same transaction. What the mail
needs is therefore taken before the account goes (`prepare`), and the mail is handed to the
mail backend right after the commit (`send`). If the mail server is down, the deletion stands
and the failure is logged; the page the person sees confirms the deletion as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from participation.accounts.models import User
from participation.notifications.email import send_email

SUBJECT = _l("Ihr Konto ist gelöscht")


@dataclass(frozen=True)
class Farewell:
    """Everything the confirmation mail needs, kept while the account row disappears."""

    address: str
    name: str
    locale: str
    contributions_removed: bool


def prepare(user: User, contributions_removed: bool) -> Farewell | None:
    """Return the mail for `user`, or None when the address was never confirmed (it may not
    belong to the person)."""
    if not user.is_confirmed:
        return None
    return Farewell(user.email, user.display_name, user.locale, contributions_removed)


def send(farewell: Farewell | None) -> bool:
    """Send the confirmation (after the commit); return whether the mail server took it."""
    if farewell is None:
        return False
    try:
        send_email(
            farewell.address,
            SUBJECT,
            "accounts/deleted",
            locale=farewell.locale,
            name=farewell.name,
            contributions_removed=farewell.contributions_removed,
        )
    except Exception:  # the account is gone either way; a lost mail must not look like an error
        current_app.logger.exception("the mail confirming a deleted account was not sent")
        return False
    return True
