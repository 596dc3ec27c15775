"""What keeps accounts safe beyond the password: recovery codes for two-factor sign-in and the
list of signed-in devices (sessions)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.accounts.models import User
from participation.core.models import UTCDateTime, utcnow
from participation.extensions import db


class RecoveryCode(db.Model):
    """One single-use code that replaces the authenticator app; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AccountSession(db.Model):
    """One signed-in browser: when it signed in and was last seen, and a short description of
    the browser (never the IP address). The browser holds the token; only its hash is kept."""

    __tablename__ = "account_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    browser: Mapped[str] = mapped_column(String(100), default="", nullable=False)

    user: Mapped[User] = relationship()
