"""What two-factor sign-in keeps in the signed session cookie between two requests: the sign-in
waiting for its code, the secret of a set-up waiting for its first code, and the recovery codes
waiting to be shown. Each entry names its account and expires; finish_sign_in clears them all."""

from __future__ import annotations

import hashlib
import time

from flask import session

from participation.accounts import services
from participation.accounts.models import User

PENDING, SETUP, CODES = "two_factor_pending", "two_factor_setup", "two_factor_codes"
CODE_STEP_SECONDS = 5 * 60  # password right, code still to come
SETUP_SECONDS = 20 * 60  # time to install an app and scan the code
CODES_SECONDS = 30 * 60  # time to write the recovery codes down


def _stored(key: str) -> dict | None:
    """Return the entry under `key` if it is well-formed and not expired; drop it otherwise."""
    entry = session.get(key)
    if not isinstance(entry, dict) or not isinstance(entry.get("uid"), int):
        session.pop(key, None)
        return None
    if not isinstance(entry.get("until"), int | float) or entry["until"] < time.time():
        session.pop(key, None)
        return None
    return entry


def token_mark(user: User) -> str:
    """Return a mark of the account's session token: the cookie (signed, not encrypted) must
    not carry the token itself before the second factor is passed."""
    return hashlib.sha256(user.session_token.encode()).hexdigest()[:32]


def begin_pending(user: User, remember: bool, setup: bool) -> None:
    """Remember that `user` gave the right password and still owes a code (or a set-up)."""
    seconds = SETUP_SECONDS if setup else CODE_STEP_SECONDS
    session[PENDING] = {
        "uid": user.id,
        "token": token_mark(user),  # a password change or sign-out everywhere ends it
        "remember": bool(remember),
        "setup": bool(setup),
        "until": int(time.time()) + seconds,
    }


def pending() -> tuple[User, dict] | tuple[None, None]:
    """Return the account waiting for its second step and the entry, or (None, None)."""
    entry = _stored(PENDING)
    if entry is None:
        return None, None
    user = services.get_user(entry["uid"])
    if user is None or token_mark(user) != entry.get("token") or not user.is_confirmed:
        session.pop(PENDING, None)
        return None, None
    return user, entry


def mark_set_up(entry: dict) -> None:
    """Record that the pending account has just set up its second factor."""
    until = int(time.time()) + CODES_SECONDS  # time to write the codes down
    session[PENDING] = {**entry, "setup": False, "set_up": True, "until": until}


def setup_secret(user: User, new_secret) -> str:
    """Return the secret of `user`'s set-up in progress, starting one if there is none."""
    entry = _stored(SETUP)
    if entry is None or entry["uid"] != user.id or not isinstance(entry.get("secret"), str):
        entry = {"uid": user.id, "secret": new_secret(), "until": time.time() + SETUP_SECONDS}
        session[SETUP] = entry
    return entry["secret"]


def drop_setup() -> None:
    """Forget the set-up secret (it is now stored with the account, or abandoned)."""
    session.pop(SETUP, None)


def keep_codes(user: User, codes: list[str], kind: str) -> None:
    """Keep new recovery codes until their owner confirms having written them down."""
    session[CODES] = {
        "uid": user.id,
        "codes": list(codes),
        "kind": kind,
        "until": time.time() + CODES_SECONDS,
    }


def codes_for(user: User) -> dict | None:
    """Return the recovery codes waiting to be shown to `user` (with their kind), or None."""
    entry = _stored(CODES)
    if entry is None or entry["uid"] != user.id or not isinstance(entry.get("codes"), list):
        return None
    return entry


def drop_codes() -> None:
    """Forget the recovery codes: they are shown once and then only their hashes remain."""
    session.pop(CODES, None)
