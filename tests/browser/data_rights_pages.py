"""The data-rights page states the browser tests visit (pages.py adds them to PAGES): the page
"Meine Daten", the goodbye page after a deletion, and the admin register of data requests;
and `seed_data_rights()`, which writes what they show (world.py calls it once)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.accounts import data_requests, services
from participation.accounts.request_models import (
    DataRequest,
    RequestChannel,
    RequestKind,
    RequestState,
)
from participation.core.clock import town_today
from participation.extensions import db
from tests.browser.helpers import ACCOUNTS, PASSWORD, sign_in
from tests.browser.visits import PageCase, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

# Accounts that are deleted by the goodbye page's visits: one per language and width, with a
# few spare (all with "weg" in the address).
FAREWELL = {lang: [f"weg.{lang}.{n}@example.org" for n in range(6)] for lang in ("de", "en")}
KEYBOARD = ("loeschen.tastatur@example.org", "Karla Kündigt")  # the keyboard journey deletes it
NO_SCRIPT = ("loeschen.ohnejs@example.org", "Jonas Ohnejs")
# The register: one request with every step open, one without account, one closed.
READY, UNLINKED, CLOSED = "Rita Anfrage", "Udo Ohnekonto", "Clara Erledigt"
SUBJECT = ("anfrage.konto@example.org", "Rita Anfrage")
DELETE_CHECK = "#delete-confirm"


def seed_data_rights() -> None:
    """Write the accounts the deletions use and the requests the register shows."""
    for lang, addresses in FAREWELL.items():
        for address in addresses:
            services.register(address, "Wera Weg", PASSWORD, lang).user.confirm_email()
    for address, name in (KEYBOARD, NO_SCRIPT, SUBJECT):
        services.register(address, name, PASSWORD, "de").user.confirm_email()
    db.session.flush()
    admin = services.find_by_email(ACCOUNTS[("admin", "de")])
    today = town_today()
    seed_request(READY, admin, today - timedelta(days=40), services.find_by_email(SUBJECT[0]))
    seed_request(UNLINKED, admin, today, None, checked=False, kind=RequestKind.ACCESS)
    closed = seed_request(CLOSED, admin, today - timedelta(days=50), None)
    data_requests.close(closed, RequestState.DONE, "Auskunft per Brief verschickt.", admin)
    db.session.commit()


def seed_request(name, admin, received, user, checked=True, kind=RequestKind.ERASURE):
    """Record one request as an admin would."""
    entry = data_requests.register(
        kind=kind,
        channel=RequestChannel.LETTER,
        requester=name,
        contact="Markt 3\n07381 Pößneck",
        received_on=received,
        user=user,
        identity_checked=checked,
        actor=admin,
    )
    data_requests.add_note(entry, "Brief liegt im Ordner Datenschutz.", admin)
    return entry


def request_id(server: LiveServer, requester: str) -> int:
    """Return the number of the request from `requester`."""
    with server.app.app_context():
        found = db.session.scalar(select(DataRequest.id).where(DataRequest.requester == requester))
    assert found is not None, requester
    return found


def request_page(requester: str, shows: tuple[str, ...] = ()):
    """Return a visit to the detail page of the request from `requester`."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        go(f"/admin/requests/{request_id(server, requester)}", shows=shows)(page, server, lang)

    return visit


def unused_account(server: LiveServer, lang: str) -> str:
    """Return an address of `lang`'s farewell accounts that still exists."""
    with server.app.app_context():
        for address in FAREWELL[lang]:
            if services.find_by_email(address) is not None:
                return address
    raise AssertionError(f"no farewell account for {lang} is left; add more to FAREWELL")


def delete_now(page: Page, address: str) -> None:
    """Sign in as `address` and delete the account with the mouse."""
    sign_in(page, address)
    page.goto("/account/data/")
    page.locator(DELETE_CHECK).check()
    page.locator("main form:has(#delete-confirm) button[type=submit]").click()


def goodbye(page: Page, server: LiveServer, lang: str) -> None:
    """Delete an account of the language: the goodbye page, signed out, in that language."""
    delete_now(page, unused_account(server, lang))
    expect(page).to_have_url(server.url + "/account/data/deleted")
    expect(page.locator("main h1")).to_be_visible()


def delete_without_tick(page: Page, server: LiveServer, lang: str) -> None:
    """Send the deletion without the tick: the page comes back with the error."""
    page.goto("/account/data/")
    page.locator("main form:has(#delete-confirm) button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator(DELETE_CHECK)).to_have_attribute("aria-invalid", "true")


def new_request_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send the registration form with an impossible date and nothing chosen."""
    page.goto("/admin/requests/new")
    page.locator("#requester").fill("Erna Eingang")
    page.locator("#received_on").fill("31.02.2026")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#received_on")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#requester")).to_have_value("Erna Eingang")


DATA_RIGHTS_PAGES = [
    PageCase(
        "my-data",
        go("/account/data/", shows=("form[action$='/export'] button", DELETE_CHECK)),
        role="resident",
    ),
    PageCase("my-data-errors", delete_without_tick, role="resident"),
    PageCase("my-data-refused", go("/account/data/", shows=("#delete-refusal",)), role="admin"),
    PageCase("account-deleted", goodbye),
    PageCase("admin-requests", go("/admin/requests/", shows=("main table",)), role="admin"),
    PageCase("admin-request-new", go("/admin/requests/new", shows=("#kind",)), role="admin"),
    PageCase("admin-request-new-errors", new_request_with_errors, role="admin"),
    PageCase(
        "admin-request-ready",
        request_page(READY, shows=("#delete-confirm", "#note-text", "#close-outcome")),
        role="admin",
    ),
    PageCase(
        "admin-request-unlinked",
        request_page(UNLINKED, shows=("#link-email", "#identity-confirm")),
        role="admin",
    ),
    PageCase("admin-request-closed", request_page(CLOSED, shows=("#request-notes",)), role="admin"),
]
