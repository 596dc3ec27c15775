"""The vote builder in Chromium: staff set up a vote, add its options, look at the preview and
publish it. A budget vote with the keyboard alone on a phone, and a yes/no vote without
JavaScript (with a mistake first, and taking the publication back at the end). Each journey
writes a vote of its own, so the page checks do not depend on the order."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import ACCOUNTS, sign_in, tab_to, type_into
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import flash, sign_in_by_keyboard

STAFF = ACCOUNTS[("staff", "de")]
SEND = "main form button[type=submit]"
ADD = "#option-form button[type=submit]"
ONE_BUTTON = "main form.builder-button-form button"
PROJECTS = (
    ("Sitzbänke am Lutherplatz", "Sechs Bänke mit Rückenlehne.", "8.000"),
    ("Trinkbrunnen am Bahnhof", "", "12000 €"),
    ("Bücherschrank im Park", "Zum Tauschen von Büchern.", "3000"),
)


def vote_id_of(page: Page) -> int:
    """Return the id of the vote whose builder page is open."""
    match = re.search(r"/votes/manage/(\d+)", page.url)
    assert match, f"{page.url} is no page of a vote"
    return int(match.group(1))


def facts(page: Page):
    """Return the list of facts about the vote (phase, kind, period …)."""
    return page.locator("main .builder-facts")


def add_project_by_keyboard(page: Page, title: str, description: str, cost: str) -> None:
    """Fill in the form for a new project with the keyboard and add it."""
    type_into(page, "#option-form #title", title)
    if description:
        type_into(page, "#option-form #description", description)
    type_into(page, "#option-form #cost", cost)
    press(page, ADD)
    expect(flash(page)).to_contain_text("Die Antwortmöglichkeit ist hinzugefügt.")
    expect(page.locator(".builder-question").last).to_contain_text(title)


def test_keyboard_only_budget_vote_from_draft_to_published_on_a_phone(new_page, live_server):
    title = "Bauprobe: Bürgerbudget Tastatur"
    page = new_page(360)
    sign_in_by_keyboard(page, STAFF)
    press(page, ".site-nav a[href='/votes/manage/']")
    expect(page.locator("main h1")).to_have_text("Abstimmungen verwalten")
    press(page, "main a[href='/votes/manage/new']")
    expect(page.locator("main h1")).to_have_text("Neue Abstimmung")

    # The settings: a budget vote of 20.000 € with the suggested times (from tomorrow).
    type_into(page, "#title", title)
    type_into(page, "#explanation", "Drei Ideen aus der **Bürgersprechstunde**.")
    tab_to(page, "#kind-0")  # the checked kind; the arrow keys choose another
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(page.locator("#kind-3")).to_be_checked()
    type_into(page, "#budget", "20.000")
    # Enter sends the form from the field: Tab would pass the date fields' calendar buttons,
    # whose focus ring is Chromium's own and not seen by tab_to (the fields themselves pass).
    page.keyboard.press("Enter")
    expect(flash(page)).to_contain_text("Die Abstimmung ist als Entwurf angelegt.")
    expect(page.locator("main h1")).to_have_text("Antwortmöglichkeiten")
    expect(page.locator("#checklist")).to_contain_text("mindestens zwei")

    # Three projects; the last one moves up a place.
    for project in PROJECTS:
        add_project_by_keyboard(page, *project)
    expect(page.locator("#checklist")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Alle Projekte zusammen kosten 23.000 €.")
    press(page, ".builder-question:last-child button[value=up]")
    expect(page.locator(".builder-question").nth(1)).to_contain_text(PROJECTS[2][0])

    # The preview shows every project with its cost, and no way to cast the ballot.
    press(page, "main a[href$='/preview']")
    preview = page.locator(".builder-preview")
    expect(preview.locator("h1")).to_contain_text(title)
    expect(preview).to_contain_text("Bücherschrank im Park – 3.000 €")
    expect(preview.locator("input[type=checkbox]")).to_have_count(4)  # and "Ich enthalte mich"
    expect(page.locator("main form")).to_have_count(0)
    press(page, f"main a[href='/votes/manage/{vote_id_of(page)}']")

    # Complete: publish it.
    expect(page.locator("main")).to_contain_text("kann veröffentlicht werden")
    press(page, "main a[href$='/publish']")
    expect(page.locator("main h1")).to_have_text("Abstimmung veröffentlichen")
    press(page, ONE_BUTTON)
    expect(flash(page)).to_contain_text("Die Abstimmung ist veröffentlicht.")
    expect(facts(page)).to_contain_text("Noch nicht geöffnet")
    expect(facts(page)).to_contain_text("Budget: 20.000 €")


def create_yes_no_vote(page: Page, title: str) -> None:
    """Send the new-vote form for a yes/no vote of all residents, first with the end before
    the beginning, then corrected."""
    page.goto("/votes/manage/")
    page.locator("main").get_by_role("link", name="Neue Abstimmung anlegen").click()
    page.locator("#title").fill(title)
    page.locator("#explanation").fill(
        "Die Bibliothek könnte **sonntags** von 14 bis 18 Uhr öffnen."
    )
    page.locator("#eligibility-0").check()
    page.locator("#opens_at").fill("2030-06-01T08:00")
    page.locator("#closes_at").fill("2030-05-01T18:00")
    page.locator(SEND).click()
    expect(page.locator(".form-summary")).to_contain_text("Das Ende muss nach dem Beginn liegen.")
    expect(page.locator("#closes_at")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#title")).to_have_value(title)
    expect(page.locator("#eligibility-0")).to_be_checked()
    page.locator("#closes_at").fill("2030-06-15T18:00")
    page.locator(SEND).click()
    expect(flash(page)).to_contain_text("Die Abstimmung ist als Entwurf angelegt.")


def test_yes_no_vote_from_draft_to_published_and_back_without_javascript(nojs_context, live_server):
    title = "Bauprobe: Bibliothek sonntags offen? (ohne JavaScript)"
    page = nojs_context.new_page()
    sign_in(page, STAFF)
    create_yes_no_vote(page, title)

    # A yes/no vote has its answers at once and is complete.
    expect(page.locator("main h1")).to_have_text(title)
    expect(facts(page)).to_contain_text("Ja oder Nein")
    expect(facts(page)).to_contain_text("Alle angemeldeten Einwohnerinnen und Einwohner")
    expect(page.locator("main")).to_contain_text("kann veröffentlicht werden")
    main = page.locator("main")
    main.get_by_role("link", name="Antwortmöglichkeiten").click()
    expect(page.locator(".builder-question")).to_have_text([re.compile("Ja"), re.compile("Nein")])
    expect(page.locator("#option-form")).to_have_count(0)

    main.get_by_role("link", name="Vorschau des Stimmzettels").click()
    preview = page.locator(".builder-preview")
    expect(preview.locator("h1")).to_contain_text(title)
    expect(preview.locator("label")).to_have_text(["Ja", "Nein", "Ich enthalte mich"])
    expect(preview.locator("strong")).to_have_text("sonntags")
    main.get_by_role("link", name=f"Zurück zur Abstimmung „{title}“").click()

    main.get_by_role("link", name="Veröffentlichen").click()
    expect(main).to_contain_text("Sie beginnt am 01.06.30, 08:00 und endet am 15.06.30, 18:00.")
    page.locator(ONE_BUTTON).click()
    expect(flash(page)).to_contain_text("Die Abstimmung ist veröffentlicht.")
    expect(facts(page)).to_contain_text("Noch nicht geöffnet")

    # Until it opens, the publication can be taken back.
    main.get_by_role("link", name="Veröffentlichung zurücknehmen").click()
    page.locator(ONE_BUTTON).click()
    expect(flash(page)).to_contain_text("Die Abstimmung ist wieder ein Entwurf.")
    expect(facts(page)).to_contain_text("Entwurf")
