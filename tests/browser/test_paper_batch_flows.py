"""Printing sheets in Chromium: staff print a batch of idea cards, download the PDF, check a
sheet by its typed code and void it, with the keyboard alone and without JavaScript; with
JavaScript the batch page shows the progress and then the PDF without being reloaded. Each
journey writes a batch of its own, so the page checks do not depend on the order."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from participation.accounts import services
from participation.extensions import db
from participation.paper import batches, jobs
from participation.paper.models import PaperBatch, Sheet, SheetKind
from participation.votes.seed import MARKET_SQUARE, build_vote
from tests.browser.helpers import ACCOUNTS, sign_in, tab_to, type_into
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import flash, sign_in_by_keyboard

STAFF = ACCOUNTS[("staff", "de")]


def first_code(server, note: str) -> str:
    """Return the code of the first sheet of the batch with this note."""
    with server.app.app_context():
        batch_id = db.session.scalar(select(PaperBatch.id).where(PaperBatch.note == note))
        query = select(Sheet.code).where(Sheet.batch_id == batch_id, Sheet.number == 1)
        return db.session.scalar(query)


def test_keyboard_only_printing_checking_and_voiding_without_javascript(nojs_context, live_server):
    note = "Reise: Tastatur ohne JavaScript"
    page = nojs_context.new_page()
    sign_in_by_keyboard(page, STAFF)
    page.goto("/paper/")
    press(page, "main a[href='/paper/batches/new']")
    expect(page.locator("main h1")).to_have_text("Bögen drucken")
    tab_to(page, "#subject-0")  # nothing is chosen yet: the first radio takes the focus
    page.keyboard.press("ArrowUp")  # … and the arrow wraps round to the last: idea cards
    expect(page.locator("input[name=subject][value=idea]")).to_be_checked()
    type_into(page, "#count", "5")
    type_into(page, "#note", note)
    page.keyboard.press("Enter")
    expect(flash(page)).to_contain_text("Der Stapel ist angelegt. 5 Bögen sind registriert.")
    expect(page.locator("main")).to_contain_text("PDF ist fertig")

    with page.expect_download() as download:
        press(page, "main a[href$='/pdf']")
    assert download.value.suggested_filename.startswith("boegen-stapel-")

    code = first_code(live_server, note)
    press(page, "main a[href='/paper/sheets/']")
    expect(page.locator("main h1")).to_have_text("Bogen prüfen")
    type_into(page, "#code", code.lower().replace("-", " "))
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text(f"Bogen {code}")
    press(page, "main a[href$='/void']")
    expect(page.locator("main h1")).to_have_text("Bogen ungültig machen")
    type_into(page, "#reason", "Beim Stadtfest nass geworden")
    press(page, "main form button[type=submit]")
    expect(flash(page)).to_contain_text("Der Bogen ist jetzt ungültig.")
    expect(page.locator(".timeline")).to_contain_text("Grund: Beim Stadtfest nass geworden")


def test_the_batch_page_follows_the_print_job_without_reloading(new_page, live_server):
    with live_server.app.app_context():
        staff = services.find_by_email(STAFF)
        batch = batches.create_batch(SheetKind.IDEA, None, 100, note="Reise: Fortschritt")
        batch.created_by_id = staff.id
        batches.requested_prints()  # the test plays the worker below
        db.session.commit()
        batch_id = batch.id
    page = new_page(1280)
    sign_in(page, STAFF)
    page.goto(f"/paper/batches/{batch_id}")
    expect(page.locator("#batch-progress")).to_have_attribute("value", "0")
    page.evaluate("window.notReloaded = true")

    with live_server.app.app_context():
        db.session.get(PaperBatch, batch_id).printed = 60
        db.session.commit()
    expect(page.locator("#batch-status")).to_contain_text("60 von 100 Bögen", timeout=10_000)

    with live_server.app.app_context():
        assert jobs.print_batch(batch_id) == "ready"
    expect(page.locator("#batch-status a[href$='/pdf']")).to_be_visible(timeout=10_000)
    expect(page.locator("#batch-announce")).to_have_text("PDF ist fertig")
    assert page.evaluate("window.notReloaded === true")


def test_keyboard_only_switching_double_entry_from_the_vote_builder(nojs_context, live_server):
    title = "Reise: Doppelte Erfassung umstellen"
    with live_server.app.app_context():
        vote = build_vote({**MARKET_SQUARE, "title": title})
        db.session.commit()
        vote_id = vote.id
    page = nojs_context.new_page()
    sign_in_by_keyboard(page, STAFF)
    page.goto(f"/votes/manage/{vote_id}")
    expect(page.locator("main")).to_contain_text("doppelt erfasst")
    press(page, f"main a[href='/paper/votes/{vote_id}']")
    expect(page.locator("main h1")).to_have_text(f"Papier: {title}")
    tab_to(page, "#double_entry-0")  # the chosen radio takes the focus: double entry
    page.keyboard.press("ArrowDown")
    expect(page.locator("#double_entry-1")).to_be_checked()
    press(page, "#double-entry-form button[type=submit]")
    expect(flash(page)).to_contain_text("Gespeichert: Eine Person erfasst jeden Bogen.")
    press(page, f"main a[href='/votes/manage/{vote_id}']")
    expect(page.locator("main")).to_contain_text("einfach erfasst")
