"""The records of processing activities print as a clean document: the navigation and the
download hint are left out, every activity is there; the admins reach it from their navigation."""

from __future__ import annotations

from playwright.sync_api import expect


def test_the_records_print_without_navigation(pooled_page, live_server):
    page = pooled_page("admin", "de", 1280)
    page.goto("/admin/users")
    page.locator(".admin-nav a[href='/admin/privacy']").click()
    expect(page.locator("main h1")).to_have_text("Verzeichnis von Verarbeitungstätigkeiten")
    expect(page.locator(".admin-nav a[aria-current=page]")).to_have_attribute(
        "href", "/admin/privacy"
    )
    page.emulate_media(media="print")
    try:
        expect(page.locator(".admin-nav")).to_be_hidden()
        expect(page.locator(".records__downloads")).to_be_hidden()
        expect(page.locator(".records__activity")).to_have_count(11)
        expect(page.locator(".records__activity").last).to_be_visible()
    finally:
        page.emulate_media(media="screen")
