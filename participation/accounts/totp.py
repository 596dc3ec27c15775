"""Two-factor sign-in: time-based one-time codes (RFC 6238, pyotp) and single-use recovery
codes. Services only: they flush, never commit; the views in `twofactor_views.py` use them.

A code is accepted for the current 30-second step and the one before and after it (clocks of
phones drift); a step once used is remembered, so an overheard code cannot be used again.
"""

from __future__ import annotations

import hashlib
import secrets

import pyotp
from flask import current_app
from sqlalchemy import select

from participation.accounts.models import User
from participation.accounts.security_models import RecoveryCode
from participation.core.models import utcnow
from participation.core.town import current_town
from participation.extensions import db

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper
STEP_SECONDS = 30


def new_secret() -> str:
    """Return a fresh base32 secret (160 bits) for a new authenticator entry."""
    return pyotp.random_base32(32)


def provisioning_uri(user: User, secret: str) -> str:
    """Return the otpauth:// address the authenticator app reads from the QR code."""
    issuer = current_town().platform_name
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def normalize_code(code: str) -> str:
    """Drop spaces and dashes people type between groups of digits or letters."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """Return the time step whose code is `code` (current ±1), or None."""
    code = normalize_code(code)
    if len(code) != 6 or not code.isascii() or not code.isdigit():  # "١٢٣٤٥٦" is digits too
        return None
    totp = pyotp.TOTP(secret)
    moment = utcnow().timestamp() if now is None else now
    current = int(moment // STEP_SECONDS)
    for step in (current, current - 1, current + 1):
        if secrets.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def enable(user: User, secret: str, code: str) -> bool:
    """Switch two-factor sign-in on when `code` proves the app holds `secret`."""
    step = matching_step(secret, code)
    if step is None:
        return False
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    db.session.flush()
    return True


def disable(user: User) -> None:
    """Switch two-factor sign-in off and forget the secret and the recovery codes."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))
    db.session.flush()


def verify(user: User, code: str) -> bool:
    """Accept a code from the app once (a replayed step is refused) or a recovery code."""
    if not user.has_two_factor:
        return False
    step = matching_step(user.totp_secret, code)
    if step is not None:
        if user.totp_last_step is not None and step <= user.totp_last_step:
            return False
        user.totp_last_step = step
        db.session.flush()
        return True
    return use_recovery_code(user, code)


def hash_recovery_code(code: str) -> str:
    """Return the stored form of a recovery code (the codes are random, so SHA-256 suffices)."""
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes with ten new ones and return them (shown once)."""
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10)) for _ in range(10)]
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=hash_recovery_code(c)) for c in codes
    )
    db.session.flush()
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def use_recovery_code(user: User, code: str) -> bool:
    """Mark a matching unused recovery code as used; False if there is none."""
    if len(normalize_code(code)) != 10:
        return False
    found = db.session.scalar(
        select(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == hash_recovery_code(code),
            RecoveryCode.used_at.is_(None),
        )
        .with_for_update()
    )
    if found is None:
        return False
    found.used_at = utcnow()
    db.session.flush()
    return True


def recovery_codes_left(user: User) -> int:
    """Return how many recovery codes the account can still use."""
    return len(
        db.session.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )


def required_for(user: User) -> bool:
    """Whether the account's roles require two-factor sign-in (TWO_FACTOR_ROLES)."""
    required = set(current_app.config.get("TWO_FACTOR_ROLES") or ())
    return any(role.value in required for role in user.role_set())
