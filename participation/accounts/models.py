"""Accounts and the roles they hold."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.models import TimestampMixin, UTCDateTime, utcnow
from participation.core.permissions import Role
from participation.extensions import db

STORED_ROLES = tuple(role for role in Role if role is not Role.RESIDENT)
RoleColumn = Enum(
    Role,
    native_enum=False,
    length=16,
    values_callable=lambda roles: [role.value for role in roles],
    validate_strings=True,
)


def new_session_token() -> str:
    """Return a random token; changing it signs the account out everywhere."""
    return secrets.token_urlsafe(32)


class User(UserMixin, TimestampMixin, db.Model):
    """A person's account. Every account is a resident; other roles are granted."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(50), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    locale: Mapped[str] = mapped_column(String(8), default="de", nullable=False)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pending_email: Mapped[str | None] = mapped_column(String(254))
    session_token: Mapped[str] = mapped_column(
        String(64), unique=True, nullable=False, default=new_session_token
    )
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime())  # None: indefinitely
    # In-person verification at the Bürgerbüro: no ID data, only the identity key (an HMAC of
    # name and date of birth, see accounts/identity.py), who verified and when, and the district
    # of residence read from the ID (for votes limited to districts).
    identity_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    district: Mapped[str | None] = mapped_column(String(100))
    # Two-factor sign-in (TOTP, see accounts/totp.py): the shared secret (base32), since when it
    # is on, and the last time step used, so one code cannot be used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    verified_by: Mapped[User | None] = relationship(remote_side=[id], foreign_keys=[verified_by_id])
    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        lazy="selectin",
        foreign_keys="UserRole.user_id",
    )

    def get_id(self) -> str:
        """Identify the session by a token, not the id, so it can be revoked."""
        return self.session_token

    @property
    def has_two_factor(self) -> bool:
        """Whether signing in needs a code from an authenticator app."""
        return self.totp_enabled_at is not None and self.totp_secret is not None

    @property
    def is_confirmed(self) -> bool:
        """Whether the email address has been confirmed."""
        return self.email_confirmed_at is not None

    def role_set(self) -> set[Role]:
        """Return every role this account holds, resident included."""
        return {Role.RESIDENT, *(grant.role for grant in self.roles)}

    def has_role(self, role: Role) -> bool:
        """Whether the account holds `role`."""
        return role in self.role_set()

    def has_any_role(self, *roles: Role) -> bool:
        """Whether the account holds at least one of `roles`."""
        return bool(self.role_set() & set(roles))

    def confirm_email(self) -> None:
        """Mark the email address as confirmed now."""
        self.email_confirmed_at = self.email_confirmed_at or utcnow()

    @property
    def is_suspended(self) -> bool:
        """Whether moderation has suspended the account (it may read, not take part)."""
        if self.suspended_at is None:
            return False
        return self.suspended_until is None or self.suspended_until > utcnow()

    @property
    def is_verified(self) -> bool:
        """Whether the Bürgerbüro has checked this person's identity."""
        return self.identity_key is not None

    def revoke_sessions(self, keep: int | None = None) -> None:
        """Sign the account out on every device: a new session token (remember-me cookies die)
        and no signed-in browsers left, except the row `keep` (this browser, if it stays)."""
        # Imported here: security_models imports this module.
        from participation.accounts.security_models import AccountSession

        self.session_token = new_session_token()
        query = db.delete(AccountSession).where(AccountSession.user_id == self.id)
        if keep is not None:
            query = query.where(AccountSession.id != keep)
        db.session.execute(query)


class UserRole(db.Model):
    """One role granted to one account, with who granted it and when."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(RoleColumn, primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(back_populates="roles", foreign_keys=[user_id])
