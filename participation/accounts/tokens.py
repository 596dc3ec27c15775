"""Signed, expiring tokens for the links we mail: confirm address, reset password, change address."""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

CONFIRM = "confirm-email"
RESET = "reset-password"
CHANGE = "change-email"


class TokenError(Exception):
    """A link that cannot be used."""


class TokenExpired(TokenError):
    """The link was genuine but is too old."""


class TokenInvalid(TokenError):
    """The link was altered, truncated or has already been used."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def password_fingerprint(password_hash: str, email: str) -> str:
    """Return a short digest of password hash and address: a reset link dies when either changes."""
    return hashlib.sha256(f"{password_hash}\n{email}".encode()).hexdigest()[:16]


def make_token(purpose: str, **payload) -> str:
    """Sign `payload` for `purpose`."""
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> dict:
    """Return the payload of a token made for `purpose`, or raise TokenExpired/TokenInvalid."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise TokenExpired from error
    except BadSignature as error:
        raise TokenInvalid from error
    if not isinstance(payload, dict) or "uid" not in payload:
        raise TokenInvalid
    return payload
