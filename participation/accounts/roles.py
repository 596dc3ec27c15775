"""Granting and withdrawing roles; every change is written to the audit log."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from participation.accounts.models import STORED_ROLES, User, UserRole
from participation.core import audit
from participation.core.permissions import Role
from participation.extensions import db


class LastAdminError(Exception):
    """Withdrawing this role would leave the platform without an admin."""


def role_names(roles) -> list[str]:
    """Return role values sorted in the order of the Role enum."""
    order = list(Role)
    return [role.value for role in sorted(roles, key=order.index)]


def admin_count() -> int:
    """Return how many accounts hold the admin role."""
    query = select(func.count()).select_from(UserRole).where(UserRole.role == Role.ADMIN)
    return db.session.scalar(query)


def set_roles(target: User, wanted: set[Role], actor: User | None) -> bool:
    """Give `target` exactly the `wanted` granted roles; return whether anything changed."""
    wanted = {Role(role) for role in wanted} & set(STORED_ROLES)
    current = {grant.role for grant in target.roles}
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
