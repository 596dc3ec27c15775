"""The mails accounts send, written to the notifications outbox with the change that causes
them (the caller commits); a worker, or the request itself without Redis, delivers them."""

from __future__ import annotations

from participation.accounts.models import User
from participation.notifications import outbox


def send_confirmation(user: User) -> None:
    """Mail the link that confirms a new account's address."""
    outbox.notify("account.confirm", user_id=user.id)


def send_already_registered(user: User) -> None:
    """Tell the owner of an address that someone tried to sign up with it again."""
    outbox.notify("account.already_registered", user_id=user.id)


def send_reset(user: User) -> None:
    """Mail a password-reset link."""
    outbox.notify("account.reset", user_id=user.id)


def send_email_change(user: User) -> None:
    """Mail the confirmation link to the new address."""
    outbox.notify("account.email_change", user_id=user.id, new=user.pending_email)


def send_email_changed_notice(user: User, old_email: str) -> None:
    """Tell the old address that the account now uses another one."""
    outbox.notify("account.email_changed", user_id=user.id, old=old_email)


def send_password_changed_notice(user: User) -> None:
    """Tell the owner that the password was changed."""
    outbox.notify("account.password_changed", user_id=user.id)


def send_recovery_code_used_notice(user: User, left: int) -> None:
    """Tell the owner that a recovery code was used to sign in, and how many are left."""
    outbox.notify("account.recovery_code_used", user_id=user.id, left=left)


def send_two_factor_off_notice(user: User, by_admin: bool) -> None:
    """Tell the owner that two-factor sign-in was switched off (by them or an admin)."""
    outbox.notify("account.two_factor_off", user_id=user.id, by_admin=by_admin)
