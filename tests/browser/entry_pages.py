"""The entry page states the browser tests visit (pages.py adds them to ENTRY_PAGES), and
`seed_entry()`, which writes what they show (conftest.py calls it once): an open vote with
double entry and a survey, each with registered sheets, three staff members who enter sheets
(test_entry_flows.py), and one ballot whose two entries differ.

Visits only open sheets, they never save one, so they can run again and in any order. Sheet
numbers: the vote's sheet 1 waits for a decision, sheet 2 is opened by the page checks, sheet 3
and up belong to the journeys; the survey's sheets 1 and 2 are opened by the page checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app
from playwright.sync_api import Page, expect
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from participation.accounts import roles as role_service
from participation.accounts import services as accounts
from participation.core.permissions import Role
from participation.extensions import db
from participation.paper import entry, registry
from participation.paper.models import PaperBatch, Sheet, SheetKind
from participation.surveys.models import Survey
from participation.surveys.seed import DIGITAL_OFFERS, build_survey
from participation.votes.models import Vote
from participation.votes.seed import MARKET_SQUARE, build_vote
from tests.browser.helpers import PASSWORD
from tests.browser.visits import PageCase, Visit, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

VOTE = "Erfassungsprobe: Soll der Wochenmarkt auch dienstags stattfinden?"
SURVEY = "Erfassungsprobe: Digitale Angebote (Papierbögen)"
# The staff members of the journeys: the first and the second entry, and the decision.
CLERKS = {
    "first": ("erfasserin@example.org", "Erika Erfasserin"),
    "second": ("zweiterfasser@example.org", "Zeno Zweiterfasser"),
    "third": ("schiedsperson@example.org", "Sina Schiedsperson"),
}
SHEETS = 12
ARBITRATION_SHEET, BALLOT_SHEET, FLOW_SHEET = 1, 2, 3
SURVEY_SHEET, SURVEY_ERROR_SHEET = 1, 2
BASE = "/paper/entry"
OPEN = "main form.entry-code button[type=submit]"
SAVE = "main form.entry-marks button[type=submit]"


def seed_entry() -> None:
    """Write the vote and the survey with their sheets, the three staff members, and the
    ballot whose first and second entries differ."""
    clerks = [add_clerk(address, name) for address, name in CLERKS.values()]
    vote = build_vote({**MARKET_SQUARE, "title": VOTE})
    survey = build_survey({**DIGITAL_OFFERS, "title": SURVEY})
    codes = print_sheets(vote)
    print_sheets(survey)
    code = codes[ARBITRATION_SHEET - 1]
    with current_app.test_request_context():
        for clerk, option in ((clerks[0], vote.options[0]), (clerks[1], vote.options[1])):
            form = MultiDict([("mark", str(option.id))])
            role = entry.open_sheet(code, clerk, entry.Scope()).role.value
            entry.save(code, role, form, clerk, entry.Scope())
    db.session.commit()


def add_clerk(address: str, name: str):
    """Register and confirm a staff member."""
    user = accounts.register(address, name, PASSWORD, "de").user
    user.confirm_email()
    role_service.set_roles(user, {Role.STAFF}, actor=None)
    db.session.flush()
    return user


def print_sheets(subject) -> list[str]:
    """Register SHEETS sheets for the vote or survey (no PDF); return the codes in order."""
    is_vote = isinstance(subject, Vote)
    batch = PaperBatch(
        kind=SheetKind.VOTE if is_vote else SheetKind.SURVEY,
        vote_id=subject.id if is_vote else None,
        survey_id=None if is_vote else subject.id,
        size=SHEETS,
    )
    db.session.add(batch)
    db.session.flush()
    return registry.register_sheets(batch)


# --- finding what was seeded ----------------------------------------------------------------


def subject_id(server: LiveServer, model, title: str) -> int:
    """Return the id of the vote or survey with this title."""
    with server.app.app_context():
        found = db.session.scalar(select(model.id).where(model.title == title))
    assert found is not None, f"nothing is called {title!r}"
    return found


def sheet(server: LiveServer, number: int, survey: bool = False) -> tuple[int, str]:
    """Return (id, code) of the sheet with this number of the seeded vote (or survey)."""
    model, title = (Survey, SURVEY) if survey else (Vote, VOTE)
    column = Sheet.survey_id if survey else Sheet.vote_id
    with server.app.app_context():
        row = db.session.execute(
            select(Sheet.id, Sheet.code).where(
                column == subject_id(server, model, title), Sheet.number == number
            )
        ).one()
    return row.id, row.code


# --- visits ---------------------------------------------------------------------------------


def open_sheet(code: str, path: str = "/") -> Visit:
    """Return a visit that types `code` into the code screen at `path` and presses Enter."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        go(f"{BASE}{path}", shows=("#code",))(page, server, lang)
        page.locator("#code").fill(code)
        page.locator("#code").press("Enter")

    return visit


def vote_screen(page: Page, server: LiveServer, lang: str) -> None:
    """Open the code screen of the seeded vote."""
    vote_id = subject_id(server, Vote, VOTE)
    go(f"{BASE}/votes/{vote_id}", shows=("#code",))(page, server, lang)


def ballot_form(page: Page, server: LiveServer, lang: str) -> None:
    """Open a ballot of the seeded vote by its code: the form with its boxes."""
    open_sheet(sheet(server, BALLOT_SHEET)[1])(page, server, lang)
    expect(page.locator("#mark-abstain")).to_be_visible()
    expect(page.locator("main input[type=checkbox]").first).to_be_focused()


def survey_form(page: Page, server: LiveServer, lang: str) -> None:
    """Open a survey sheet by its code: a field for every box and line of the sheet."""
    open_sheet(sheet(server, SURVEY_SHEET, survey=True)[1])(page, server, lang)
    expect(page.locator("main .survey-matrix__row").first).to_be_visible()
    expect(page.locator("main textarea")).to_be_visible()


def survey_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send a survey sheet with a word in the number field: the form comes back with it."""
    open_sheet(sheet(server, SURVEY_ERROR_SHEET, survey=True)[1])(page, server, lang)
    number = page.locator("main input[inputmode=decimal]")
    number.fill("vierzig")
    page.locator(SAVE).click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(number).to_have_value("vierzig")


def mistyped_code(page: Page, server: LiveServer, lang: str) -> None:
    """Type a code with a wrong check character: the code screen says so."""
    code = sheet(server, BALLOT_SHEET)[1]
    wrong = code[:-1] + ("X" if code[-1] != "X" else "Y")
    open_sheet(wrong)(page, server, lang)
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#code")).to_have_value(wrong)


def comparison(page: Page, server: LiveServer, lang: str) -> None:
    """Open the ballot whose two entries differ: both side by side, and the decision."""
    sheet_id = sheet(server, ARBITRATION_SHEET)[0]
    go(f"{BASE}/arbitration/{sheet_id}", shows=(".entry-compare", SAVE))(page, server, lang)
    expect(page.locator(".entry-compare__item--differs")).to_have_count(2)


ENTRY_PAGES: list[PageCase] = [
    PageCase("entry-code", go(f"{BASE}/", shows=("#code", ".builder-list")), role="staff"),
    PageCase("entry-code-vote", vote_screen, role="staff"),
    PageCase("entry-ballot", ballot_form, role="staff"),
    PageCase("entry-survey", survey_form, role="staff"),
    PageCase("entry-survey-errors", survey_errors, role="staff"),
    PageCase("entry-error", mistyped_code, role="staff"),
    PageCase(
        "entry-arbitration-list", go(f"{BASE}/arbitration", shows=(".entry-waiting",)), role="staff"
    ),
    PageCase("entry-arbitration-compare", comparison, role="staff"),
]
