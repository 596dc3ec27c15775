"""Demo accounts, one per role, for trying the platform out."""

from __future__ import annotations

from participation.accounts import roles, services
from participation.core.permissions import Role

DEMO_PASSWORD = "Demo-Passwort-2026"
DEMO_ACCOUNTS = (
    ("einwohnerin@example.org", "Erika Einwohnerin", ()),
    ("bestaetigt@example.org", "Bernd Bestätigt", (Role.VERIFIED,)),
    ("moderation@example.org", "Mona Moderation", (Role.MODERATOR,)),
    ("verwaltung@example.org", "Volker Verwaltung", (Role.STAFF,)),
    ("stadtrat@example.org", "Renate Stadtrat", (Role.COUNCIL,)),
    ("admin@example.org", "Anna Admin", (Role.ADMIN,)),
)


def ensure_demo_accounts() -> list[tuple[str, list[str]]]:
    """Create the demo accounts that are missing; return (address, roles) for each."""
    listing = []
    for email, name, granted in DEMO_ACCOUNTS:
        user = services.find_by_email(email)
        if user is None:
            user = services.register(email, name, DEMO_PASSWORD, "de").user
            user.confirm_email()
            roles.set_roles(user, set(granted), actor=None)
        listing.append((email, roles.role_names(user.role_set())))
    return listing
