"""Who may use a route: every view declares it with one of these decorators.

The declaration is kept on the view (`view.access`) so a test can walk the URL map and
check every route for every role.
"""

from __future__ import annotations

import enum
from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required


class Role(enum.StrEnum):
    """The roles an account can hold; an account can hold several."""

    RESIDENT = "resident"
    VERIFIED = "verified"
    MODERATOR = "moderator"
    STAFF = "staff"
    COUNCIL = "council"
    ADMIN = "admin"


PUBLIC = "public"
SIGNED_IN = "signed_in"


def public(view):
    """Anyone may use this route, signed in or not."""
    view.access = PUBLIC
    return view


def signed_in(view):
    """Only signed-in accounts may use this route; guests are sent to sign in."""
    wrapped = login_required(view)
    wrapped.access = SIGNED_IN
    return wrapped


def roles_required(*roles: Role):
    """Only accounts holding at least one of `roles` may use this route (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.has_any_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped = login_required(guarded)
        wrapped.access = frozenset(roles)
        return wrapped

    return decorator


def holds_any(user, *roles: Role) -> bool:
    """Whether `user` is signed in and holds at least one of `roles` (guests hold none)."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_any_role(*roles)


def is_moderator(user) -> bool:
    """Whether `user` may see held or hidden content and decide on reports."""
    return holds_any(user, Role.MODERATOR)


def may_take_part(user) -> bool:
    """Whether `user` is signed in and not suspended: may post, support, vote and report."""
    return bool(getattr(user, "is_authenticated", False)) and not user.is_suspended


def open_to_suspended(view):
    """Let suspended accounts send this view's form too (following, withdrawing or deleting
    their own posts, appeals); every other form of a suspended account is refused."""
    view.open_to_suspended = True
    return view


ROLE_LABELS = {
    Role.RESIDENT: _l("Einwohnerin / Einwohner"),
    Role.VERIFIED: _l("Bestätigte Einwohnerin / bestätigter Einwohner"),
    Role.MODERATOR: _l("Moderation"),
    Role.STAFF: _l("Stadtverwaltung"),
    Role.COUNCIL: _l("Stadtrat"),
    Role.ADMIN: _l("Administration"),
}
ROLE_HINTS = {
    Role.RESIDENT: _l(
        "Diese Rolle hat jedes Konto. Damit kann man Vorschläge machen und mitdiskutieren."
    ),
    Role.VERIFIED: _l(
        "Das Bürgerbüro hat die Identität geprüft. Damit kann man an Abstimmungen teilnehmen."
    ),
    Role.MODERATOR: _l("Diese Rolle prüft Meldungen und sorgt für faire Diskussionen."),
    Role.STAFF: _l(
        "Diese Rolle beantwortet Vorschläge, erstellt Umfragen und erfasst Beiträge auf Papier."
    ),
    Role.COUNCIL: _l("Diese Rolle veröffentlicht Ergebnisse im Namen des Stadtrats."),
    Role.ADMIN: _l("Diese Rolle verwaltet Konten, Rollen und Einstellungen."),
}


def role_label(role: Role | str):
    """Return the translated name of a role."""
    return ROLE_LABELS[Role(role)]
