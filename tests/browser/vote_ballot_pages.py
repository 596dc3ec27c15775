"""The vote ballot page states the browser tests visit (pages.py adds them to PAGES), and
`seed_vote_ballot()`, which writes what they show (conftest.py calls it once).

The shared pages are signed in as the accounts of ACCOUNTS, none of them verified. The verified
voters seeded here sign in on the server's other name (`localhost` instead of `127.0.0.1`):
the browser keeps the cookies of the two names apart, so a voter's session never replaces the
session of the shared page it is checked in (those cases have role None).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import count
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.accounts import services as accounts
from participation.accounts import verification
from participation.extensions import db
from participation.votes import casting
from participation.votes.models import Eligibility, Vote, VoteKind
from participation.votes.seed import EXAMPLES, MARKET_SQUARE, PLAYGROUND, build_vote
from tests.browser.helpers import PASSWORD, assert_no_horizontal_scrolling
from tests.browser.visits import PageCase, expect_visible, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

# Titles of the votes seeded here (all start with "Stimmprobe:", distinct from the builder's
# and the results' votes). The four kinds are open to verified residents.
KIND_TITLES = {
    VoteKind.YES_NO: "Stimmprobe: Soll die Bahnhofstraße Tempo 30 bekommen?",
    VoteKind.SINGLE: "Stimmprobe: Welches Spielgerät kommt in den Stadtpark?",
    VoteKind.MULTIPLE: "Stimmprobe: Was soll es beim Schützenfest geben?",
    VoteKind.BUDGET: "Stimmprobe: Bürgerbudget für die Ortsteile",
}
UPCOMING = "Stimmprobe: Neue Öffnungszeiten des Freibads"
CLOSED = "Stimmprobe: Weihnachtsbeleuchtung am Markt"
DISTRICT_ONLY = "Stimmprobe: Spielgerät für Köstitz"
ANY_RESIDENT = "Stimmprobe: Soll der Stadtbus sonntags fahren?"
VOTED = "Stimmprobe: Soll es ein Laternenfest geben?"
HOME_DISTRICT, OTHER_DISTRICT = "Innenstadt", "Köstitz"
STAFF_ADDRESS = "verwaltung@example.org"

# Verified voters (all with "stimmprobe" in the address), living in HOME_DISTRICT.
# Per language: they check the ballot pages, never cast in the four kinds, have voted in VOTED.
VOTERS = {
    "de": ("stimmprobe.de@example.org", "Wiebke Wahl", "de"),
    "en": ("stimmprobe.en@example.org", "Wendy Vote", "en"),
}
# The receipt page needs a voter who has not voted yet, on every visit: fresh_voter() makes one.
FRESH_NUMBERS = count(1000)  # birth dates apart from the seeded voters'
# The journeys of test_vote_flows.py: one voter per kind and way ("keyboard", "nojs").
FLOW_VOTERS = {
    (kind, way): (f"stimmprobe.{kind.value}.{way}@example.org", f"Flora {kind.value} {way}", "de")
    for kind in VoteKind
    for way in ("keyboard", "nojs")
}

NEXT = "main form.vote-form button[type=submit]"
CAST = "main form.vote-check__form button[value=cast]"
CHANGE = "main form.vote-check__form button[value=change]"
NOTICE = "main .vote-notice"
# The notices of the refusals, told apart by their kind (and the sign-in link).
SIGN_IN_NOTICE = f"{NOTICE} a[href*='/account/signin']"
WARNING, INFO, SUCCESS = (f"{NOTICE}.kern-alert--{kind}" for kind in ("warning", "info", "success"))
RECEIPT_CODE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")


def seed_vote_ballot() -> None:
    """Write the votes and the verified voters; the voters of VOTERS have voted in VOTED."""
    staff = accounts.find_by_email(STAFF_ADDRESS)
    votes = seed_votes(staff)
    people = [*VOTERS.values(), *FLOW_VOTERS.values()]
    for number, person in enumerate(people, 1):
        add_verified_voter(*person, number=number, staff=staff)
    voted = votes[VOTED]
    for address, _name, _locale in VOTERS.values():
        casting.cast(accounts.find_by_email(address), voted, [voted.options[0].id], False)
    db.session.commit()


def seed_votes(staff) -> dict[str, Vote]:
    """Write the published votes of these pages; return them by title."""
    day = timedelta(days=1)
    specs = [({**EXAMPLES[kind], "title": title}, {}) for kind, title in KIND_TITLES.items()]
    specs += [
        ({**MARKET_SQUARE, "title": UPCOMING}, {"opens_in": 5 * day}),
        ({**MARKET_SQUARE, "title": CLOSED}, {"opens_in": -30 * day, "open_for": 10 * day}),
        ({**PLAYGROUND, "title": DISTRICT_ONLY}, {"districts": [OTHER_DISTRICT]}),
        ({**MARKET_SQUARE, "title": ANY_RESIDENT}, {"eligibility": Eligibility.RESIDENTS}),
        ({**MARKET_SQUARE, "title": VOTED}, {}),
    ]
    return {spec["title"]: build_vote(spec, author=staff, **options) for spec, options in specs}


def add_verified_voter(address: str, name: str, locale: str, *, number: int, staff) -> None:
    """Register and confirm an account, and verify it as staff would (a person of its own)."""
    user = accounts.register(address, name, PASSWORD, locale).user
    user.confirm_email()
    db.session.flush()
    verification.verify(
        user,
        surname="Stimmprobe",
        given_names=name.split()[0],
        birth_date=date(1970, 1, 1) + timedelta(days=number),
        district=HOME_DISTRICT,
        staff=staff,
    )


# --- finding and reaching the votes --------------------------------------------------------


def vote_id(server: LiveServer, title: str) -> int:
    """Return the id of the vote with this title."""
    with server.app.app_context():
        found = db.session.scalar(select(Vote.id).where(Vote.title == title))
    assert found is not None, f"no vote is called {title!r}"
    return found


def option_ids(server: LiveServer, title: str) -> list[int]:
    """Return the option ids of the vote called `title`, in ballot order."""
    with server.app.app_context():
        return [option.id for option in db.session.get(Vote, vote_id(server, title)).options]


def other_name(server: LiveServer) -> str:
    """Return the server's address under its other name, with cookies of its own."""
    return server.url.replace("127.0.0.1", "localhost")


def sign_in_elsewhere(page: Page, server: LiveServer, address: str) -> None:
    """Sign `address` in on the server's other name, after dropping whoever was signed in
    there; the page's own session (its role) stays as it is."""
    page.context.clear_cookies(domain="localhost")
    page.goto(other_name(server) + "/account/signin")
    page.locator("#email").fill(address)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("form[action$='/account/signout'] button")).to_be_visible()


def check_layout(page: Page) -> None:
    """On a phone-sized page, fail when it scrolls sideways."""
    if page.viewport_size["width"] <= 360:
        assert_no_horizontal_scrolling(page)


def vote(title: str, path: str = "", status: int = 200, shows: tuple[str, ...] = ()):
    """Return a visit to the vote called `title` (or `path` below it) as the page's role."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        go(f"/votes/{vote_id(server, title)}{path}", status, shows)(page, server, lang)
        check_layout(page)

    return visit


def as_voter(title: str | None, path: str = "", shows: tuple[str, ...] = (), who=None):
    """Return a visit to the vote called `title` (None: the list) as a verified voter:
    `who(lang, width)` gives the account, by default the voter of VOTERS for the language."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        person = who(lang, page.viewport_size["width"]) if who else VOTERS[lang]
        sign_in_elsewhere(page, server, person[0])
        target = f"/votes/{vote_id(server, title)}{path}" if title else "/votes/"
        response = page.goto(other_name(server) + target)
        assert response.status == 200, f"{target} answered {response.status}"
        expect_visible(page, shows)
        check_layout(page)

    return visit


# --- states reached by filling in the ballot ------------------------------------------------


def over_budget(page: Page, server: LiveServer, lang: str) -> None:
    """Tick every project (more than the budget): the running total warns, the server refuses."""
    as_voter(KIND_TITLES[VoteKind.BUDGET])(page, server, lang)
    for box in page.locator("main input[data-cost]").all():
        box.check()
    expect(page.locator("#vote-total")).to_have_class(re.compile(r"vote-total--over"))
    page.locator(NEXT).click()
    expect_ballot_error(page)
    expect(page.locator("main input[data-cost]:checked")).to_have_count(5)


def too_many(page: Page, server: LiveServer, lang: str) -> None:
    """Tick three answers where two are allowed: the ballot comes back with the error."""
    as_voter(KIND_TITLES[VoteKind.MULTIPLE])(page, server, lang)
    for box in page.locator("main .vote-ballot input[type=checkbox]").all()[:3]:
        box.check()
    page.locator(NEXT).click()
    expect_ballot_error(page)


def nothing_chosen(page: Page, server: LiveServer, lang: str) -> None:
    """Go on without choosing anything: the ballot asks for an answer."""
    as_voter(KIND_TITLES[VoteKind.SINGLE])(page, server, lang)
    page.locator(NEXT).click()
    expect_ballot_error(page)


def expect_ballot_error(page: Page) -> None:
    """Fail unless the ballot is shown again with its error summary and marked answers."""
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#ballot-error")).to_be_visible()
    expect(page.locator("#choice-abstain")).to_have_attribute("aria-invalid", "true")
    check_layout(page)


def check_budget(page: Page, server: LiveServer, lang: str) -> None:
    """Choose two projects within the budget and stop on the page to check them."""
    as_voter(KIND_TITLES[VoteKind.BUDGET])(page, server, lang)
    boxes = page.locator("main input[data-cost]")
    boxes.nth(0).check()
    boxes.nth(2).check()
    page.locator(NEXT).click()
    expect(page.locator("main .vote-check__list li")).to_have_count(2)
    expect(page.locator("main .vote-check__total")).to_be_visible()
    expect(page.locator(CAST)).to_be_visible()
    check_layout(page)


def check_abstention(page: Page, server: LiveServer, lang: str) -> None:
    """Choose "Ich enthalte mich" and stop on the page to check it."""
    as_voter(KIND_TITLES[VoteKind.YES_NO])(page, server, lang)
    page.locator("#choice-abstain").check()
    page.locator(NEXT).click()
    expect(page.locator("main .vote-check__abstain")).to_be_visible()
    check_layout(page)


def fresh_voter(server: LiveServer, lang: str) -> tuple[str, str, str]:
    """Register and verify a voter who has not voted anywhere; return (address, name, locale)."""
    number = next(FRESH_NUMBERS)
    person = (f"stimmprobe.quittung.{number}@example.org", "Quentin Quittung", lang)
    with server.app.app_context():
        staff = accounts.find_by_email(STAFF_ADDRESS)
        add_verified_voter(*person, number=number, staff=staff)
        db.session.commit()
    return person


def receipt_shown(page: Page, server: LiveServer, lang: str) -> None:
    """Cast a yes/no ballot (a new voter on every visit): the receipt code."""
    title = KIND_TITLES[VoteKind.YES_NO]
    person = fresh_voter(server, lang)
    as_voter(title, who=lambda lang, width: person)(page, server, lang)
    page.locator(f"#choice-{option_ids(server, title)[0]}").check()
    page.locator(NEXT).click()
    page.locator(CAST).click()
    expect(page).to_have_url(re.compile(r"/votes/\d+/receipt$"))
    expect(page.locator("#receipt-code")).to_have_text(RECEIPT_CODE)
    check_layout(page)


VOTE_BALLOT_PAGES: list[PageCase] = [
    PageCase("vote-ballot-list-guest", go("/votes/", shows=(".vote-list",))),
    PageCase("vote-ballot-list-resident", go("/votes/", shows=(".vote-list",)), role="resident"),
    PageCase("vote-ballot-list-voted", as_voter(None, shows=(".vote-list .kern-badge",))),
    *(
        PageCase(f"vote-ballot-{kind.value}", as_voter(title, shows=(NEXT, ".vote-choice")))
        for kind, title in KIND_TITLES.items()
    ),
    PageCase("vote-ballot-any-resident", vote(ANY_RESIDENT, shows=(NEXT,)), role="resident"),
    PageCase(
        "vote-ballot-refused-guest", vote(KIND_TITLES[VoteKind.YES_NO], shows=(SIGN_IN_NOTICE,))
    ),
    PageCase(
        "vote-ballot-refused-unverified",
        vote(KIND_TITLES[VoteKind.BUDGET], shows=(WARNING, ".vote-options")),
        role="resident",
    ),
    PageCase(
        "vote-ballot-refused-suspended",
        vote(KIND_TITLES[VoteKind.SINGLE], shows=(WARNING,)),
        role="suspended",
    ),
    PageCase("vote-ballot-refused-district", as_voter(DISTRICT_ONLY, shows=(WARNING,))),
    PageCase("vote-ballot-refused-upcoming", vote(UPCOMING, shows=(INFO,)), role="resident"),
    PageCase("vote-ballot-refused-closed", vote(CLOSED, shows=(INFO, ".vote-after"))),
    PageCase("vote-ballot-refused-voted", as_voter(VOTED, shows=(SUCCESS,))),
    PageCase("vote-ballot-error-over-budget", over_budget),
    PageCase("vote-ballot-error-too-many", too_many),
    PageCase("vote-ballot-error-nothing-chosen", nothing_chosen),
    PageCase("vote-ballot-check", check_budget),
    PageCase("vote-ballot-check-abstention", check_abstention),
    PageCase("vote-ballot-receipt", receipt_shown),
    PageCase("vote-ballot-receipt-seen", as_voter(VOTED, "/receipt", shows=(INFO,))),
]
