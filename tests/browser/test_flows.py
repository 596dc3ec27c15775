"""Whole journeys in Chromium: keyboard only, without JavaScript, an admin on a phone. (That no
page scrolls sideways on a narrow screen is checked with axe, in test_accessibility.py.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    PASSWORD,
    SUBMIT,
    focused_matches,
    new_address,
    sign_in,
    sign_up,
    tab_to,
    type_into,
)

SIGN_OUT = "form[action$='/account/signout'] button"


def flash(page: Page):
    """Return the flash messages at the top of the main area."""
    return page.locator("main .flash")


@pytest.mark.parametrize("width", [1280, 360])
def test_keyboard_only_sign_up_confirm_sign_in_switch_language_sign_out(
    new_page, live_server, width
):
    page = new_page(width)
    address = new_address(f"tastatur{width}")
    page.goto("/account/signup")

    # The skip link is the first thing Tab reaches, is visible then, and moves focus to main.
    page.keyboard.press("Tab")
    assert focused_matches(page, "a.skip-link"), "the skip link is not the first focusable element"
    expect(page.locator("a.skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert focused_matches(page, "main#main"), "the skip link did not move focus to main"
    page.keyboard.press("Tab")
    assert focused_matches(page, "main #email"), "Tab after the skip link left the main area"

    page.keyboard.type(address)
    type_into(page, "#display_name", "Tara Tastatur")
    type_into(page, "#password", PASSWORD)
    type_into(page, "#password_confirm", PASSWORD)
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Bitte sehen Sie in Ihr Postfach")
    expect(page.locator("main")).to_contain_text(address)

    page.goto(live_server.last_link_to(address))
    expect(page).to_have_url(re.compile(r"/account/signin$"))
    expect(flash(page)).to_contain_text("Ihre E-Mail-Adresse ist bestätigt")

    type_into(page, "#email", address)
    type_into(page, "#password", PASSWORD)
    page.keyboard.press("Enter")  # sends the form from the password field
    expect(flash(page)).to_have_text("Sie sind angemeldet.")
    expect(page).to_have_url(live_server.url + "/")

    tab_to(page, ".language-switch button[value='en']")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(flash(page)).to_have_text("The language has been changed.")
    expect(page.locator(".skip-link")).to_have_text("Skip to content")
    expect(page.locator(SIGN_OUT)).to_have_text("Sign out")

    # ... and back to German.
    tab_to(page, ".language-switch button[value='de']")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(flash(page)).to_have_text("Die Sprache wurde geändert.")

    tab_to(page, SIGN_OUT)
    page.keyboard.press("Space")
    expect(flash(page)).to_have_text("Sie sind abgemeldet.")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(SIGN_OUT)).to_have_count(0)
    expect(page.locator(".site-nav").get_by_role("link", name="Anmelden")).to_be_visible()


def test_sign_up_to_sign_out_without_javascript(nojs_context, live_server):
    page = nojs_context.new_page()
    address = new_address("ohne-js")

    sign_up(page, address, "Norbert Noscript", PASSWORD)
    expect(page.locator("main h1")).to_have_text("Bitte sehen Sie in Ihr Postfach")

    page.goto(live_server.last_link_to(address))
    expect(flash(page)).to_contain_text("Ihre E-Mail-Adresse ist bestätigt")

    page.locator("#email").fill(address)
    page.locator("#password").fill(PASSWORD)
    page.locator(SUBMIT).click()
    expect(flash(page)).to_have_text("Sie sind angemeldet.")

    page.locator(".language-switch").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(flash(page)).to_have_text("The language has been changed.")

    page.locator(SIGN_OUT).click()
    expect(flash(page)).to_have_text("You are signed out.")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(SIGN_OUT)).to_have_count(0)


def test_admin_gives_moderator_role_on_a_phone(new_page, live_server):
    page = new_page(360)
    sign_in(page, "admin@example.org")

    page.locator(".site-nav").get_by_role("link", name="Verwaltung").click()
    expect(page.locator("main h1")).to_have_text("Konten und Rollen")
    page.get_by_label("Suche nach Name oder E-Mail-Adresse").fill("Rollenprobe")
    page.get_by_role("button", name="Suchen").click()
    row = page.locator("tbody tr", has_text="Rita Rollenprobe")
    expect(row).to_have_count(1)
    row.get_by_role("link", name="Rita Rollenprobe").click()

    expect(page.locator("main h1")).to_have_text("Rollen von Rita Rollenprobe")
    moderator = page.get_by_label("Moderation", exact=True)
    expect(moderator).not_to_be_checked()
    moderator.check()
    page.get_by_role("button", name="Rollen speichern").click()

    # Rita has no second factor, which the moderator role requires: she must set one up.
    expect(flash(page)).to_contain_text("Die Rollen sind gespeichert.")
    expect(flash(page)).to_contain_text("Rita Rollenprobe ist jetzt überall abgemeldet")
    expect(page.get_by_label("Moderation", exact=True)).to_be_checked()
    expect(page.locator("main")).to_contain_text("keine Rollen → Moderation")
    user_id = page.url.rstrip("/").rsplit("/", 1)[-1]

    page.locator(".admin-nav").get_by_role("link", name="Konten und Rollen").click()
    page.get_by_label("Suche nach Name oder E-Mail-Adresse").fill("Rollenprobe")
    page.get_by_role("button", name="Suchen").click()
    expect(page.locator("tbody tr", has_text="Rita Rollenprobe")).to_contain_text("Moderation")

    page.locator(".admin-nav").get_by_role("link", name="Protokoll").click()
    entry = page.locator("tbody tr", has_text=f"Konto {user_id}").first
    expect(entry).to_contain_text("Anna Admin")
    expect(entry).to_contain_text("Rollen geändert")
    # Columns: when, who, what, concerns, before, after.
    expect(entry.locator("td").nth(4)).to_have_text("keine Rollen")
    expect(entry.locator("td").nth(5)).to_have_text("Moderation")
