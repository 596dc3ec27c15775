"""Two-factor sign-in as people and admins use it: switching it on and off, new recovery codes,
the admin's reset for a lost phone, the per-account limit on wrong codes, and the QR code.
The mechanism (codes, steps, hashes) is in totp.py; these services add rules and the audit log.
They flush, never commit."""

from __future__ import annotations

import enum
import io

import segno
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from limits import parse
from markupsafe import Markup
from sqlalchemy import select

from participation.accounts import passwords, totp
from participation.accounts.models import User
from participation.core import audit, rate_limits
from participation.core.permissions import Role
from participation.extensions import db, limiter

audit.register_actions(
    {
        "two_factor.enabled": _l("Zweiten Faktor eingeschaltet"),
        "two_factor.disabled": _l("Zweiten Faktor ausgeschaltet"),
        "two_factor.reset": _l("Zweiten Faktor zurückgesetzt (Administration)"),
        "two_factor.codes_renewed": _l("Neue Wiederherstellungscodes erstellt"),
    }
)

THROTTLE_SCOPE = "two-factor-account"


class TwoFactorError(Exception):
    """The change was refused; the message names why ("required", "wrong-password",
    "wrong-code", "replayed")."""


class CodeResult(enum.Enum):
    """What a typed code turned out to be."""

    APP = "app"
    RECOVERY = "recovery"
    REPLAYED = "replayed"
    WRONG = "wrong"


def check_config(app: Flask) -> None:
    """Refuse to start when TWO_FACTOR_ROLES names a role that does not exist (a typo there
    would silently leave privileged accounts without the second factor)."""
    known = {role.value for role in Role}
    unknown = [name for name in app.config.get("TWO_FACTOR_ROLES") or () if name not in known]
    if unknown:
        raise RuntimeError(
            f"TWO_FACTOR_ROLES names unknown roles {unknown}; use some of {sorted(known)} or none"
        )


def lock_user(user: User) -> None:
    """Lock the account row and reload it, so two requests with one code take turns."""
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    db.session.refresh(user)


def check_code(user: User, code: str) -> CodeResult:
    """Accept a code from the app once, or an unused recovery code; say which it was."""
    lock_user(user)
    if not user.has_two_factor:
        return CodeResult.WRONG
    if totp.matching_step(user.totp_secret, code) is not None:
        return CodeResult.APP if totp.verify(user, code) else CodeResult.REPLAYED
    return CodeResult.RECOVERY if totp.use_recovery_code(user, code) else CodeResult.WRONG


def require_code(user: User, code: str) -> CodeResult:
    """Return how `code` was accepted, or raise TwoFactorError when it was not."""
    result = check_code(user, code)
    if result in (CodeResult.WRONG, CodeResult.REPLAYED):
        raise TwoFactorError("replayed" if result is CodeResult.REPLAYED else "wrong-code")
    return result


def switch_on(user: User, secret: str, code: str) -> list[str] | None:
    """Switch two-factor sign-in on when `code` comes from the app holding `secret`; return the
    ten new recovery codes (shown once), or None when the code does not match."""
    lock_user(user)
    if user.has_two_factor or not totp.enable(user, secret, code):
        return None
    codes = totp.new_recovery_codes(user)
    audit.record("two_factor.enabled", user, actor=user, after={"recovery_codes": len(codes)})
    return codes


def switch_off(user: User, password: str, code: str) -> None:
    """Switch two-factor sign-in off for its owner, who proves it with password and code."""
    if totp.required_for(user):
        raise TwoFactorError("required")
    if not passwords.verify_password(user.password_hash, password or ""):
        raise TwoFactorError("wrong-password")
    require_code(user, code)
    before = {"recovery_codes": totp.recovery_codes_left(user)}
    totp.disable(user)
    audit.record("two_factor.disabled", user, actor=user, before=before)


def renew_codes(user: User, code: str) -> list[str]:
    """Replace the recovery codes after a code from the app (or a recovery code) proves it is
    the owner; return the new ones."""
    require_code(user, code)
    before = {"recovery_codes": totp.recovery_codes_left(user)}
    codes = totp.new_recovery_codes(user)
    after = {"recovery_codes": len(codes)}
    audit.record("two_factor.codes_renewed", user, actor=user, before=before, after=after)
    return codes


def reset(user: User, actor: User | None) -> bool:
    """Switch an account's second factor off for a lost phone (admin or operator); when its
    roles require one, sign it out everywhere so it sets a new one up at the next sign-in.
    Return whether there was anything to reset."""
    if not user.has_two_factor:
        return False
    before = {"recovery_codes": totp.recovery_codes_left(user)}
    totp.disable(user)
    audit.record("two_factor.reset", user, actor=actor, before=before)
    if totp.required_for(user):
        user.revoke_sessions()
    return True


def sign_out_if_newly_required(user: User, roles_before: set[Role]) -> bool:
    """After roles were granted: sign the account out everywhere when a new role requires a
    second factor it has not set up, so its next sign-in leads through the set-up."""
    required = set(current_app.config.get("TWO_FACTOR_ROLES") or ())
    granted = {role.value for role in user.role_set() - roles_before}
    if user.has_two_factor or not granted & required:
        return False
    user.revoke_sessions()
    db.session.flush()
    return True


def take_attempt(user: User) -> bool:
    """Count one code attempt for the account; False when its limit is used up."""
    try:
        return limiter.limiter.hit(_limit(), THROTTLE_SCOPE, str(user.id))
    except Exception:  # the storage is down: sign-in must keep working (per-IP limit holds)
        current_app.logger.warning("two-factor throttle unavailable", exc_info=True)
        return True


def wait(user: User) -> int | None:
    """Return the seconds until the account may type a code again (None if unknown)."""
    return rate_limits.throttle_wait(_limit(), THROTTLE_SCOPE, str(user.id))


def forgive_attempts(user: User) -> None:
    """Forget the account's attempts after a right code."""
    try:
        limiter.limiter.clear(_limit(), THROTTLE_SCOPE, str(user.id))
    except Exception:
        current_app.logger.warning("two-factor throttle unavailable", exc_info=True)


def _limit():
    return parse(current_app.config["TWO_FACTOR_LIMIT_PER_ACCOUNT"])


def qr_svg(uri: str, title: str) -> Markup:
    """Return the QR code of `uri` as inline SVG (no request to anyone), titled for screen
    readers; black on white so phones read it in dark mode too."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        scale=5,
        border=4,
        dark="#000",
        light="#fff",
        title=title,
        svgclass="two-factor-qr__image",
        lineclass=None,
    )
    svg = buffer.getvalue().decode()
    return Markup(svg.replace("<svg ", '<svg role="img" aria-label="' + _attr(title) + '" ', 1))


def _attr(text: str) -> str:
    return str(Markup.escape(text))


def grouped(secret: str) -> str:
    """Return the secret in groups of four characters, easier to type by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
