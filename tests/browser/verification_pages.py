"""The verification page states the browser tests visit (pages.py adds them to PAGES), and
`seed_verification()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect

from participation.accounts import services, verification
from participation.extensions import db
from tests.browser.helpers import PASSWORD
from tests.browser.visits import PageCase, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

# Accounts of the verification pages and journeys (all with "pruefung" in the address, so one
# search finds them): (address, display name).
UNVERIFIED = ("pruefung.offen@example.org", "Paula Prüfling")
VERIFIED = ("pruefung.bestaetigt@example.org", "Peter Prüfbar")
SECOND = ("pruefung.doppelt@example.org", "Doris Doppelt")  # the same person as VERIFIED
KEYBOARD = ("pruefung.tastatur@example.org", "Tilda Tastatur")
NO_SCRIPT = ("pruefung.ohnejs.a@example.org", "Nils Erstkonto")
NO_SCRIPT_SECOND = ("pruefung.ohnejs.b@example.org", "Nils Zweitkonto")
SEARCH = "pruefung"
# What the ID of the verified person says, as staff type it.
PETER = {"surname": "Prüfbar", "given_names": "Peter Paul", "birth_date": "04.05.1970"}
STAFF_ADDRESS = "verwaltung@example.org"
DISTRICT = "Köstitz"


def seed_verification() -> None:
    """Write the accounts: one verified by the demo staff member, the others not yet."""
    for address, name in (UNVERIFIED, VERIFIED, SECOND, KEYBOARD, NO_SCRIPT, NO_SCRIPT_SECOND):
        services.register(address, name, PASSWORD, "de").user.confirm_email()
    db.session.flush()
    verification.verify(
        services.find_by_email(VERIFIED[0]),
        surname=PETER["surname"],
        given_names=PETER["given_names"],
        birth_date=date(1970, 5, 4),
        district=DISTRICT,
        staff=services.find_by_email(STAFF_ADDRESS),
    )
    db.session.commit()


def account(who: tuple[str, str], shows: tuple[str, ...] = ()):
    """Return a visit to the verification page of the account `who`."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        go(f"/verification/{server.user_id(who[0])}", shows=shows)(page, server, lang)

    return visit


def fill_id(page: Page, surname: str, given_names: str, birth_date: str) -> None:
    """Fill in the name and date of birth from an ID (the mouse way)."""
    page.locator("#surname").fill(surname)
    page.locator("#given_names").fill(given_names)
    page.locator("#birth_date").fill(birth_date)


def identity_in_use(page: Page, server: LiveServer, lang: str) -> None:
    """Try to verify a second account for the verified person: the conflict is explained."""
    account(SECOND)(page, server, lang)
    fill_id(page, **PETER)
    page.locator("#id_seen").check()
    page.locator("main form:has(#surname) button[type=submit]").click()
    expect(page.locator("#identity-conflict")).to_be_visible()
    expect(page.locator("#surname")).to_have_value(PETER["surname"])


def form_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send the form with an impossible date and without the ID box ticked."""
    account(UNVERIFIED)(page, server, lang)
    fill_id(page, "Prüfling", "Paula", "31.02.1990")
    page.locator("main form:has(#surname) button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#birth_date")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_seen")).to_have_attribute("aria-invalid", "true")


VERIFICATION_PAGES: list[PageCase] = [
    PageCase(
        "verification-search",
        go(f"/verification/?q={SEARCH}", shows=("main table",)),
        role="staff",
    ),
    PageCase(
        "verification-account",
        account(UNVERIFIED, shows=("#surname", "#district", "#id_seen")),
        role="staff",
    ),
    PageCase("verification-account-verified", account(VERIFIED, shows=("#confirm",)), role="staff"),
    PageCase("verification-form-errors", form_errors, role="staff"),
    PageCase("verification-identity-in-use", identity_in_use, role="staff"),
]
