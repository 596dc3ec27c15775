"""Data rights in Chromium: deleting one's account with the keyboard alone; downloading the
export and working through a request on paper without JavaScript."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.data_rights_pages import KEYBOARD, NO_SCRIPT
from tests.browser.helpers import ACCOUNTS, sign_in, tab_to
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import flash, sign_in_by_keyboard


def test_keyboard_only_account_deletion(new_page, live_server):
    address, name = KEYBOARD
    page = new_page(1280)
    sign_in_by_keyboard(page, address)
    press(page, ".site-nav a[href='/profile/']")
    expect(page.locator("main h1")).to_have_text("Mein Profil")
    press(page, "main a[href='/account/data/']")
    expect(page.locator("main h1")).to_have_text("Meine Daten")

    # Sent without the tick first: the summary names the box, and focus can go back to it.
    press(page, "main form:has(#delete-confirm) button[type=submit]")
    expect(page.locator(".form-summary")).to_contain_text("Bitte bestätigen Sie")
    tab_to(page, "#delete-contributions-0")  # Tab enters the group at the chosen radio,
    page.keyboard.press("ArrowDown")  # the arrows choose
    expect(page.locator("#delete-contributions-1")).to_be_checked()
    tab_to(page, "#delete-confirm")
    page.keyboard.press("Space")
    expect(page.locator("#delete-confirm")).to_be_checked()
    press(page, "main form:has(#delete-confirm) button[type=submit]")

    expect(page).to_have_url(live_server.url + "/account/data/deleted")
    expect(page.locator("main h1")).to_have_text("Ihr Konto ist gelöscht")
    [mail] = live_server.mails_to(address)
    assert mail["Subject"] == "Ihr Konto ist gelöscht"
    assert name in mail.get_body(preferencelist=("plain",)).get_content()
    page.goto("/account/signin")
    page.locator("#email").fill(address)
    page.locator("#password").fill("irgendwas-egal-1")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()  # the account is gone


def test_download_without_javascript(nojs_context, live_server):
    page = nojs_context.new_page()
    sign_in(page, NO_SCRIPT[0])
    page.goto("/account/data/")
    with page.expect_download() as waiting:
        page.locator("form[action$='/export'] button").click()
    download = waiting.value
    assert re.fullmatch(r"meine-daten-\d{4}-\d\d-\d\d\.zip", download.suggested_filename)
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == NO_SCRIPT[0]
    assert "Jonas Ohnejs" in archive.read("zusammenfassung.html").decode()


def test_a_request_on_paper_without_javascript(nojs_context, live_server):
    page = nojs_context.new_page()
    sign_in(page, ACCOUNTS[("admin", "de")])
    page.goto("/admin/users")
    page.locator(".admin-nav a[href='/admin/requests/']").click()
    page.locator("main a[href='/admin/requests/new']").click()
    page.locator("#kind-1").check()  # erasure
    page.locator("#channel-0").check()  # letter
    page.locator("#requester").fill("Bernd Brief")
    page.locator("#contact").fill("Am Anger 5\n07381 Pößneck")
    page.locator("#received_on").fill("02.03.2026")
    page.locator("#email").fill("niemand.hier@example.org")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".form-summary")).to_contain_text("Kein Konto hat diese Adresse")
    expect(page.locator("#requester")).to_have_value("Bernd Brief")  # what was typed stays
    page.locator("#email").fill("")
    page.locator("main form button[type=submit]").click()
    expect(flash(page)).to_contain_text("Antwort bis 02.04.2026")
    expect(page.locator("#request-account")).to_contain_text("keines zugeordnet")

    page.locator("#note-text").fill("Keine Person mit Konto; Brief beantwortet.")
    page.locator("main form:has(#note-text) button[type=submit]").click()
    expect(page.locator("#request-notes")).to_contain_text("Brief beantwortet.")
    page.locator("#close-state-1").check()  # refused
    page.locator("#close-outcome").fill("Kein Konto vorhanden; Antwort per Brief.")
    page.locator("main form:has(#close-outcome) button[type=submit]").click()
    expect(page.locator("#request-state")).to_contain_text("Abgelehnt")
    expect(page.locator("#close-outcome")).to_have_count(0)
