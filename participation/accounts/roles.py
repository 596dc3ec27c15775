"""Granting and withdrawing roles; every change is written to the audit log."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from participation.accounts.models import STORED_ROLES, User, UserRole
from participation.core import audit
from participation.core.permissions import Role
from participation.extensions import db

# Roles that admins grant. "verified" is given only by in-person verification (verification.py).
GRANTED_ROLES = tuple(role for role in STORED_ROLES if role is not Role.VERIFIED)


class LastAdminError(Exception):
    """Withdrawing this role would leave the platform without an admin."""


def role_names(roles) -> list[str]:
    """Return role values sorted in the order of the Role enum."""
    order = list(Role)
    return [role.value for role in sorted(roles, key=order.index)]


def admin_count() -> int:
    """Return how many accounts hold the admin role, locking those rows until commit.

    The lock makes two admins who withdraw each other's role at the same moment take turns,
    so the second one sees that only one admin is left.
    """
    query = select(UserRole.user_id).where(UserRole.role == Role.ADMIN).with_for_update()
    return len(db.session.scalars(query).all())


def lock_account(user: User) -> None:
    """Lock the account row and reload its roles, so concurrent role saves take turns."""
    # NO KEY UPDATE: other transactions may still insert rows that refer to this account.
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update(key_share=True))
    db.session.refresh(user, ["roles"])


def set_roles(target: User, wanted: set[Role], actor: User | None) -> bool:
    """Give `target` exactly the `wanted` granted roles; return whether anything changed.
    Verification is kept as it is: only the Bürgerbüro gives or withdraws it."""
    lock_account(target)
    current = {grant.role for grant in target.roles}
    wanted = {Role(role) for role in wanted} & set(GRANTED_ROLES) | (current & {Role.VERIFIED})
    if wanted == current:
        return False
    if Role.ADMIN in current - wanted and admin_count() <= 1:
        raise LastAdminError
    target.roles = [grant for grant in target.roles if grant.role in wanted]
    for role in wanted - current:
        target.roles.append(UserRole(role=role, granted_by_id=actor.id if actor else None))
    audit.record(
        "roles.changed",
        target,
        actor=actor,
        before={"roles": role_names(current)},
        after={"roles": role_names(wanted)},
    )
    db.session.flush()
    return True


def grant(target: User, role: Role, actor: User | None = None) -> bool:
    """Add one role to `target` (audited); return whether it was new."""
    current = {grant.role for grant in target.roles}
    return set_roles(target, current | {role}, actor)


def search_users(text: str | None):
    """Return a select of accounts matching `text` in address or name, ordered by name."""
    query = select(User).order_by(func.lower(User.display_name), User.id)
    if text:
        needle = text.strip().lower()
        query = query.where(
            or_(
                User.email.contains(needle, autoescape=True),
                func.lower(User.display_name).contains(needle, autoescape=True),
            )
        )
    return query
