"""Casting a ballot of each kind in Chromium: with the keyboard alone (mostly on a phone) and
without JavaScript; choose, check, confirm, note the receipt code, and find the vote saying
that one has voted. Each journey has a verified voter of its own (vote_ballot_pages.py), since
every person votes once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.extensions import db
from participation.votes.models import Ballot, BallotStatus, VoteKind, VoteOption
from tests.browser.helpers import assert_no_horizontal_scrolling, sign_in, tab_to
from tests.browser.test_moderation_flows import press
from tests.browser.test_proposal_flows import sign_in_by_keyboard
from tests.browser.vote_ballot_pages import (
    CAST,
    CHANGE,
    FLOW_VOTERS,
    KIND_TITLES,
    NEXT,
    NOTICE,
    RECEIPT_CODE,
    VOTERS,
    option_ids,
    vote_id,
)

K = VoteKind
VOTES_LINK = ".site-nav a[href='/votes/']"
ABSTAIN = "#choice-abstain"
# What each keyboard journey chooses (option positions, 0-based) and at which width.
KEYBOARD_CHOICES = {K.YES_NO: [1], K.SINGLE: [2], K.MULTIPLE: [0, 2], K.BUDGET: [1, 3]}
KEYBOARD_WIDTHS = {K.YES_NO: 360, K.SINGLE: 1280, K.MULTIPLE: 360, K.BUDGET: 360}


def stored_ballot(server, receipt: str) -> tuple[BallotStatus, list[str]]:
    """Return the status and the chosen option titles of the ballot with this receipt code."""
    with server.app.app_context():
        ballot = db.session.scalar(select(Ballot).where(Ballot.receipt == receipt))
        assert ballot is not None, f"no ballot has the receipt code {receipt}"
        chosen = [choice.option_id for choice in ballot.choices]
        titles = select(VoteOption.title).where(VoteOption.id.in_(chosen))
        return ballot.status, sorted(db.session.scalars(titles))


def option_titles(server, kind: VoteKind, positions: list[int]) -> list[str]:
    """Return the titles of the options at `positions` of the kind's vote."""
    with server.app.app_context():
        ids = [option_ids(server, KIND_TITLES[kind])[index] for index in positions]
        return [db.session.get(VoteOption, option_id).title for option_id in ids]


def choice(server, kind: VoteKind, position: int) -> str:
    """Return the selector of the ballot's option at `position` of the kind's vote."""
    return f"#choice-{option_ids(server, KIND_TITLES[kind])[position]}"


def receipt_code(page: Page) -> str:
    """Return the receipt code the page shows, after checking its form."""
    expect(page).to_have_url(re.compile(r"/votes/\d+/receipt$"))
    expect(page.locator("main h1")).to_have_text("Ihre Stimme ist abgegeben")
    code = page.locator("#receipt-code")
    expect(code).to_have_text(RECEIPT_CODE)
    return code.inner_text().strip()


def expect_voted(page: Page) -> None:
    """Fail unless the vote's page says the person has voted, with no ballot to fill in."""
    expect(page.locator(NOTICE)).to_contain_text("Sie haben bei dieser Abstimmung schon abgestimmt")
    expect(page.locator(NEXT)).to_have_count(0)


# --- with the keyboard alone ---------------------------------------------------------------


def open_vote_by_keyboard(page: Page, server, title: str) -> None:
    """Go to the list through the main navigation and open the vote from there."""
    if page.locator(VOTES_LINK).count():
        press(page, VOTES_LINK)
    else:
        page.goto("/votes/")
    expect(page.locator("main h1")).to_have_text("Abstimmungen")
    press(page, f"main .vote-list a[href='/votes/{vote_id(server, title)}']")
    expect(page.locator("main h1")).to_have_text(title)


def choose_by_keyboard(page: Page, server, kind: VoteKind) -> None:
    """Choose the kind's answers: arrow keys in a radio group, Space on check boxes."""
    positions = KEYBOARD_CHOICES[kind]
    if kind in (K.YES_NO, K.SINGLE):
        tab_to(page, choice(server, kind, 0))  # nothing chosen yet: Tab stops on the first
        for _ in range(positions[0]):
            page.keyboard.press("ArrowDown")
    else:
        for position in positions:
            tab_to(page, choice(server, kind, position))
            page.keyboard.press("Space")
    for position in positions:
        expect(page.locator(choice(server, kind, position))).to_be_checked()


@pytest.mark.parametrize("kind", list(K), ids=[kind.value for kind in K])
def test_keyboard_only_cast(new_page, live_server, kind):
    width = KEYBOARD_WIDTHS[kind]
    title = KIND_TITLES[kind]
    page = new_page(width)
    sign_in_by_keyboard(page, FLOW_VOTERS[(kind, "keyboard")][0])
    open_vote_by_keyboard(page, live_server, title)
    choose_by_keyboard(page, live_server, kind)
    if kind is K.BUDGET:  # the running total (vote-budget.js) follows the ticks
        expect(page.locator("#vote-total")).to_have_text(
            "Ihre Auswahl kostet zusammen 27.000 €. Vom Budget bleiben 3.000 €."
        )
    if width == 360:
        assert_no_horizontal_scrolling(page)
    press(page, NEXT)

    expect(page.locator("main h1")).to_have_text("Bitte prüfen Sie Ihre Stimme")
    wanted = option_titles(live_server, kind, KEYBOARD_CHOICES[kind])
    for text in wanted:
        expect(page.locator("main .vote-check__list")).to_contain_text(text)
    expect(page.locator("main")).to_contain_text("kann danach nicht mehr geändert werden")
    press(page, CAST)

    code = receipt_code(page)
    assert stored_ballot(live_server, code) == (BallotStatus.VALID, sorted(wanted))
    press(page, f"main a[href='/votes/{vote_id(live_server, title)}']")
    expect_voted(page)


def test_budget_total_adds_up_again_after_going_back(new_page, live_server):
    page = new_page(1280)
    sign_in(page, VOTERS["de"][0])  # checks, never casts
    page.goto(f"/votes/{vote_id(live_server, KIND_TITLES[K.BUDGET])}")
    for position in (1, 3):
        page.locator(choice(live_server, K.BUDGET, position)).check()
    page.locator(NEXT).click()
    expect(page.locator("main h1")).to_have_text("Bitte prüfen Sie Ihre Stimme")
    page.go_back()  # the browser ticks the boxes again by itself
    expect(page.locator(choice(live_server, K.BUDGET, 3))).to_be_checked()
    expect(page.locator("#vote-total")).to_contain_text("zusammen 27.000 €")


# --- without JavaScript --------------------------------------------------------------------


def abstain_and_check(page: Page, server) -> list[str]:
    """Yes/no: abstain; return what the ballot stores (nothing)."""
    page.locator(ABSTAIN).check()
    page.locator(NEXT).click()
    expect(page.locator("main .vote-check__abstain")).to_have_text("Ich enthalte mich.")
    return []


def change_mind_and_check(page: Page, server) -> list[str]:
    """Single choice: check one answer, go back to change it, check the other."""
    first, second = (choice(server, K.SINGLE, position) for position in (0, 1))
    page.locator(first).check()
    page.locator(NEXT).click()
    expect(page.locator("main .vote-check__list")).to_contain_text("Kletterturm")
    page.locator(CHANGE).click()
    expect(page.locator(first)).to_be_checked()
    page.locator(second).check()
    page.locator(NEXT).click()
    expect(page.locator("main .vote-check__list li")).to_have_text(["Seilbahn"])
    return ["Seilbahn"]


def too_many_then_check(page: Page, server) -> list[str]:
    """Multiple choice: three answers are refused, the ticks stay; one less goes through."""
    boxes = [choice(server, K.MULTIPLE, position) for position in range(3)]
    for box in boxes:
        page.locator(box).check()
    page.locator(NEXT).click()
    expect(page.locator("#form-errors")).to_contain_text("höchstens 2 Antworten")
    for box in boxes:
        expect(page.locator(box)).to_be_checked()
    page.locator(boxes[0]).uncheck()
    page.locator(NEXT).click()
    return option_titles(server, K.MULTIPLE, [1, 2])


def over_budget_then_check(page: Page, server) -> list[str]:
    """Budget: every project is over budget (the server adds up); fewer fit and are checked."""
    for position in range(5):
        page.locator(choice(server, K.BUDGET, position)).check()
    expect(page.locator("#vote-total")).to_be_hidden()  # the running total needs JavaScript
    page.locator(NEXT).click()
    expect(page.locator("#form-errors")).to_contain_text("kostet zusammen 43.000 Euro")
    for position in (1, 3):
        page.locator(choice(server, K.BUDGET, position)).uncheck()
    page.locator(NEXT).click()
    expect(page.locator("main .vote-check__total")).to_contain_text("Zusammen: 16.000 €")
    return option_titles(server, K.BUDGET, [0, 2, 4])


NO_SCRIPT_STEPS = {
    K.YES_NO: abstain_and_check,
    K.SINGLE: change_mind_and_check,
    K.MULTIPLE: too_many_then_check,
    K.BUDGET: over_budget_then_check,
}


@pytest.mark.parametrize("kind", list(K), ids=[kind.value for kind in K])
def test_cast_without_javascript(nojs_context, live_server, kind):
    title = KIND_TITLES[kind]
    page = nojs_context.new_page()
    sign_in(page, FLOW_VOTERS[(kind, "nojs")][0])
    page.goto("/votes/")
    page.locator("main .vote-list").get_by_role("link", name=title).click()
    expect(page.locator("main h1")).to_have_text(title)

    wanted = NO_SCRIPT_STEPS[kind](page, live_server)
    expect(page.locator("main h1")).to_have_text("Bitte prüfen Sie Ihre Stimme")
    page.locator(CAST).click()

    code = receipt_code(page)
    status = BallotStatus.VALID if wanted else BallotStatus.ABSTENTION
    assert stored_ballot(live_server, code) == (status, sorted(wanted))
    page.reload()  # the code is shown once only
    expect(page.locator("#receipt-code")).to_have_count(0)
    expect(page.locator(NOTICE)).to_contain_text("Ihre Quittung wurde schon angezeigt")
    page.locator("main").get_by_role("link", name="Zurück zur Abstimmung").click()
    expect_voted(page)
    page.goto("/votes/")
    item = page.locator("main .vote-list__item", has=page.get_by_role("link", name=title))
    expect(item).to_contain_text("Sie haben abgestimmt")
