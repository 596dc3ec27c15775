"""Demo accounts, one per role, for trying the platform out."""

from __future__ import annotations

from datetime import date

from participation.accounts import roles, services, verification
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
            if Role.VERIFIED in granted:
                verify_demo_person(user)
        listing.append((email, roles.role_names(user.role_set())))
    return listing


def verify_demo_person(user) -> None:
    """Verify a demo account as if its owner had shown an ID at the Bürgerbüro."""
    surname, given = user.display_name.split()[-1], user.display_name.split()[0]
    verification.verify(
        user,
        surname=surname,
        given_names=given,
        birth_date=date(1961, 4, 12),
        district=None,
        staff=None,
    )
