"""In-person verification at the Bürgerbüro: staff check an ID and mark the account verified.

The account keeps the identity key, who verified it, when, and the district of residence read
from the ID; never the name or date of birth typed by staff. Two accounts with the same key
cannot both be verified (the database refuses it too).
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.accounts.identity import identity_key
from participation.accounts.models import User, UserRole
from participation.accounts.roles import lock_account
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


class IdentityInUse(Exception):
    """Another account is already verified for this person."""

    def __init__(self, other: User):
        super().__init__(other.id)
        self.other = other


class AlreadyVerified(Exception):
    """This account is verified already (revoke first to verify it again)."""


def account_with_key(key: str) -> User | None:
    """Return the account verified with identity key `key`, if any."""
    return db.session.scalar(select(User).where(User.identity_key == key))


def verify(
    user: User,
    *,
    surname: str,
    given_names: str,
    birth_date: date,
    district: str | None,
    staff: User | None,
) -> User:
    """Mark `user` verified for the person named (audited); raise IdentityInUse or
    AlreadyVerified. The caller commits; a concurrent duplicate fails on the unique key."""
    lock_account(user)
    if user.identity_key is not None:
        raise AlreadyVerified
    key = identity_key(surname, given_names, birth_date)
    other = account_with_key(key)
    if other is not None:
        raise IdentityInUse(other)
    user.identity_key, user.district = key, district or None
    user.verified_at, user.verified_by_id = utcnow(), staff.id if staff else None
    if not user.has_role(Role.VERIFIED):
        user.roles.append(UserRole(role=Role.VERIFIED, granted_by_id=user.verified_by_id))
    audit.record("accounts.verified", user, actor=staff, after={"district": user.district})
    db.session.flush()
    return user


def revoke(user: User, *, staff: User | None) -> bool:
    """Withdraw the verification of `user` (audited); return whether there was one."""
    lock_account(user)
    if user.identity_key is None and not user.has_role(Role.VERIFIED):
        return False
    before = {"district": user.district}
    user.identity_key = user.verified_at = user.verified_by_id = user.district = None
    user.roles = [grant for grant in user.roles if grant.role is not Role.VERIFIED]
    audit.record("accounts.verification_revoked", user, actor=staff, before=before)
    db.session.flush()
    return True
