"""Account rules: sign-up, sign-in, confirmation, password reset, profile. They flush, never commit."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from participation.accounts import passwords, tokens
from participation.accounts.models import User
from participation.extensions import db


class AccountError(Exception):
    """A rule was broken; the message is shown to the user."""


def normalize_email(email: str) -> str:
    """Return the address as stored: trimmed, Unicode-normalised (NFC) and lower-case."""
    return unicodedata.normalize("NFC", (email or "").strip()).lower()


def find_by_email(email: str) -> User | None:
    """Return the account with this address, if any."""
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def get_user(user_id: int) -> User | None:
    """Return the account with this id, if any."""
    return db.session.get(User, user_id)


def load_by_session_token(token: str) -> User | None:
    """Return the account a session cookie belongs to."""
    return db.session.scalar(select(User).where(User.session_token == token))


@dataclass
class SignUpResult:
    """What happened at sign-up: a new account, or the address was already taken."""

    user: User
    created: bool


def register(email: str, display_name: str, password: str, locale: str) -> SignUpResult:
    """Create an unconfirmed account, or return the existing one for the same address."""
    password_hash = passwords.hash_password(password)  # also for taken addresses: equal timing
    existing = find_by_email(email)
    if existing is not None:
        return SignUpResult(existing, created=False)
    user = User(
        email=normalize_email(email),
        display_name=display_name.strip(),
        password_hash=password_hash,
        locale=locale,
    )
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:  # the same address was registered a moment ago (double click)
        return SignUpResult(find_by_email(email), created=False)
    return SignUpResult(user, created=True)


def authenticate(email: str, password: str) -> User | None:
    """Return the account if the password matches; spend equal time when it does not exist."""
    user = find_by_email(email)
    if user is None:
        passwords.waste_time_like_a_verify()
        return None
    if not passwords.verify_password(user.password_hash, password):
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def confirmation_token(user: User) -> str:
    """Return the token for the sign-up confirmation link."""
    return tokens.make_token(tokens.CONFIRM, uid=user.id, email=user.email)


def confirm_email(token: str) -> User:
    """Confirm the address a sign-up link was made for."""
    payload = tokens.read_token(tokens.CONFIRM, token, _max_age("CONFIRM_TOKEN_MAX_AGE"))
    user = get_user(payload["uid"])
    if user is None or user.email != payload.get("email"):
        raise tokens.TokenInvalid
    user.confirm_email()
    return user


def reset_token(user: User) -> str:
    """Return the token for a password-reset link; it dies once the password changes."""
    fingerprint = tokens.password_fingerprint(user.password_hash, user.email)
    return tokens.make_token(tokens.RESET, uid=user.id, pw=fingerprint)


def user_for_reset(token: str) -> User:
    """Return the account a reset link belongs to, or raise a token error."""
    payload = tokens.read_token(tokens.RESET, token, _max_age("RESET_TOKEN_MAX_AGE"))
    user = get_user(payload["uid"])
    expected = user and tokens.password_fingerprint(user.password_hash, user.email)
    if user is None or expected != payload.get("pw"):
        raise tokens.TokenInvalid
    return user


def set_password(user: User, new_password: str, keep_session: int | None = None) -> None:
    """Store a new password and sign the account out everywhere else (all browsers but the
    signed-in row `keep_session`)."""
    user.password_hash = passwords.hash_password(new_password)
    user.revoke_sessions(keep=keep_session)


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link; the link also confirms the address."""
    user = user_for_reset(token)
    set_password(user, new_password)
    user.confirm_email()
    return user


def change_password(
    user: User, current: str, new_password: str, keep_session: int | None = None
) -> None:
    """Change the password after checking the current one."""
    if not passwords.verify_password(user.password_hash, current):
        raise AccountError("wrong-password")
    set_password(user, new_password, keep_session)


def update_profile(user: User, display_name: str, locale: str) -> None:
    """Change the display name and preferred language."""
    user.display_name = display_name.strip()
    user.locale = locale


def request_email_change(user: User, password: str, new_email: str) -> str:
    """Check the password, remember the new address and return the token to confirm it."""
    if not passwords.verify_password(user.password_hash, password):
        raise AccountError("wrong-password")
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise AccountError("same-email")
    user.pending_email = new_email
    return tokens.make_token(tokens.CHANGE, uid=user.id, old=user.email, new=new_email)


def confirm_email_change(token: str) -> tuple[User, str]:
    """Switch to the new address a change link was made for; return the user and old address."""
    payload = tokens.read_token(tokens.CHANGE, token, _max_age("CONFIRM_TOKEN_MAX_AGE"))
    user = get_user(payload["uid"])
    if user is None or user.email != payload.get("old"):
        raise tokens.TokenInvalid
    if not payload.get("new") or payload["new"] != user.pending_email:
        raise tokens.TokenInvalid  # a later change request replaced this one
    if find_by_email(payload["new"]) is not None:
        raise AccountError("email-taken")
    old = user.email
    user.email = payload["new"]
    user.pending_email = None
    user.confirm_email()
    return user, old


def count_users() -> int:
    """Return the number of accounts."""
    return db.session.scalar(select(func.count(User.id)))


def _max_age(setting: str) -> int:
    return current_app.config[setting]
