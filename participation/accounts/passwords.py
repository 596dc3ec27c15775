"""Password hashing (Argon2id) and the rules a new password must meet."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _

MAX_LENGTH = 256
GERMAN_LIST = Path(__file__).parent / "common_passwords_de.txt"


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["PASSWORD_HASH_TIME_COST"],
        memory_cost=config["PASSWORD_HASH_MEMORY_COST"],
    )


def hash_password(password: str) -> str:
    """Return an Argon2id hash of `password`."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches `password_hash`."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker settings than the current ones."""
    return _hasher().check_needs_rehash(password_hash)


def waste_time_like_a_verify() -> None:
    """Spend as long as a real check, so unknown accounts cannot be told apart by timing."""
    config = current_app.config
    dummy = _dummy_hash(config["PASSWORD_HASH_TIME_COST"], config["PASSWORD_HASH_MEMORY_COST"])
    verify_password(dummy, "not the password")


@cache
def _dummy_hash(time_cost: int, memory_cost: int) -> str:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost).hash("dummy password")


@cache
def common_passwords() -> frozenset[str]:
    """Return the lower-cased list of commonly used passwords (English and German)."""
    # Imported here: zxcvbn's lists take megabytes that only a password change needs (issue 12).
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    german = GERMAN_LIST.read_text(encoding="utf-8").split()
    return frozenset(FREQUENCY_LISTS["passwords"]) | {word.lower() for word in german}


def password_problems(password: str, *personal: str) -> list[str]:
    """Return what is wrong with a new password (empty when it is acceptable)."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return [_("Das Passwort muss mindestens %(n)d Zeichen lang sein.", n=minimum)]
    if len(password) > MAX_LENGTH:
        return [_("Das Passwort darf höchstens %(n)d Zeichen lang sein.", n=MAX_LENGTH)]
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) < 4:
        return [_("Dieses Passwort ist zu bekannt oder zu einfach. Bitte wählen Sie ein anderes.")]
    if any(part and len(part) >= 4 and part.lower() in lowered for part in personal):
        return [_("Das Passwort darf nicht Ihren Namen oder Ihre E-Mail-Adresse enthalten.")]
    return []
