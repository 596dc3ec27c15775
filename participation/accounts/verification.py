"""In-person verification at the Bürgerbüro: staff check an ID and mark the account verified.

The account keeps the identity key, who verified it, when, and the district of residence read
from the ID; never the name or date of birth typed by staff. Two accounts with the same key
cannot both be verified (the database refuses it too).
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.accounts.identity import identity_key
from participation.accounts.models import User, UserRole
from participation.accounts.roles import lock_account, search_users
from participation.core import audit
from participation.core.models import utcnow
from participation.core.permissions import Role
from participation.extensions import db

audit.register_actions(
    {
        "accounts.verified": _l("Konto bestätigt (Bürgerbüro)"),
        "accounts.verification_revoked": _l("Bestätigung zurückgenommen"),
    }
)

SEARCH_MIN, SEARCH_MAX, SEARCH_LIMIT = 3, 100, 20
VERIFICATION_COLUMNS = ["identity_key", "verified_at", "verified_by_id", "district"]


class VerificationError(Exception):
    """The account cannot be verified now."""


class IdentityInUse(VerificationError):
    """Another account is already verified for this person."""

    def __init__(self, other: User):
        super().__init__(other.id)
        self.other = other


class AlreadyVerified(VerificationError):
    """This account is verified already (revoke first to verify it again)."""


class NotConfirmed(VerificationError):
    """The account's e-mail address is not confirmed: it may not belong to the person."""


class OwnAccount(VerificationError):
    """Staff may not verify their own account: a colleague checks their ID."""


def account_with_key(key: str) -> User | None:
    """Return the account verified with identity key `key`, if any."""
    return db.session.scalar(select(User).where(User.identity_key == key))


def lock(user: User) -> None:
    """Lock the account row and reload what verification changes, so a second request for
    the same account sees what the first one stored."""
    lock_account(user)
    db.session.refresh(user, VERIFICATION_COLUMNS)


def check_allowed(user: User, staff: User | None) -> None:
    """Raise the reason why `user` cannot be verified by `staff` now, if there is one."""
    if user.identity_key is not None:
        raise AlreadyVerified
    if not user.is_confirmed:
        raise NotConfirmed
    if staff is not None and staff.id == user.id:
        raise OwnAccount


def store_key(user: User, key: str) -> None:
    """Give `user` the key; if another request gave it to another account a moment ago, the
    unique constraint refuses it and that account is named."""
    try:
        with db.session.begin_nested():
            user.identity_key = key
    except IntegrityError:
        other = account_with_key(key)
        if other is None:
            raise
        raise IdentityInUse(other) from None


def verify(
    user: User,
    *,
    surname: str,
    given_names: str,
    birth_date: date,
    district: str | None,
    staff: User | None,
) -> User:
    """Mark `user` verified for the person named (audited); raise IdentityInUse,
    AlreadyVerified, NotConfirmed or OwnAccount. The caller commits."""
    lock(user)
    check_allowed(user, staff)
    key = identity_key(surname, given_names, birth_date)
    other = account_with_key(key)
    if other is not None:
        raise IdentityInUse(other)
    store_key(user, key)
    user.district = district or None
    user.verified_at, user.verified_by_id = utcnow(), staff.id if staff else None
    if not user.has_role(Role.VERIFIED):
        user.roles.append(UserRole(role=Role.VERIFIED, granted_by_id=user.verified_by_id))
    audit.record("accounts.verified", user, actor=staff, after={"district": user.district})
    db.session.flush()
    return user


def revoke(user: User, *, staff: User | None) -> bool:
    """Withdraw the verification of `user` (audited); return whether there was one."""
    lock(user)
    if user.identity_key is None and not user.has_role(Role.VERIFIED):
        return False
    before = {"district": user.district}
    user.identity_key = user.verified_at = user.verified_by_id = user.district = None
    user.roles = [grant for grant in user.roles if grant.role is not Role.VERIFIED]
    audit.record("accounts.verification_revoked", user, actor=staff, before=before)
    db.session.flush()
    return True


def find_accounts(text: str) -> tuple[list[User], bool]:
    """Return up to SEARCH_LIMIT accounts matching `text` (address or name) and whether
    there are more; a search shorter than SEARCH_MIN finds nothing (no list of everyone)."""
    text = text.strip()[:SEARCH_MAX]
    if len(text) < SEARCH_MIN:
        return [], False
    found = list(db.session.scalars(search_users(text).limit(SEARCH_LIMIT + 1)))
    return found[:SEARCH_LIMIT], len(found) > SEARCH_LIMIT


def masked_email(address: str) -> str:
    """Return the address with its local part hidden but the first character:
    "berta@example.org" → "b***@example.org" (enough for the person to recognise it)."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"
