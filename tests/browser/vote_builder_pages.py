"""The vote builder page states the browser tests visit (pages.py adds them to PAGES), and
`seed_vote_builder()`, which writes what they show (conftest.py calls it once)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.extensions import db
from participation.votes.models import Eligibility, Vote, VoteOption
from participation.votes.seed import (
    CITIZENS_BUDGET,
    MARKET_SQUARE,
    PLAYGROUND,
    TOWN_FESTIVAL,
    build_vote,
)
from tests.browser.helpers import SUBMIT
from tests.browser.visits import PageCase, go

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

# Titles of the votes seeded here (distinct from the ballot and the results pages' votes).
GAPS = "Bauprobe: Bürgerbudget für die Ortsteile (Entwurf mit Lücken)"
READY = "Bauprobe: Welches Spielgerät kommt an die Orla? (fertiger Entwurf)"
UPCOMING = "Bauprobe: Soll die Bibliothek sonntags öffnen? (noch nicht geöffnet)"
OPEN = "Bauprobe: Was soll es beim Herbstfest geben? (läuft)"
CLOSED = "Bauprobe: Bürgerbudget 2025 (beendet)"
BASE = "/votes/manage"
DAY = timedelta(days=1)


def budget_with_gaps() -> dict:
    """Return a budget vote whose second project has no cost and whose fourth costs more than
    the whole budget."""
    options = [list(option) for option in CITIZENS_BUDGET["options"]]
    options[1][2] = None
    options[3][2] = 45_000
    return {**CITIZENS_BUDGET, "title": GAPS, "options": [tuple(o) for o in options]}


def seed_vote_builder() -> None:
    """Write a draft with gaps, a complete draft, and published votes not yet open, open and
    closed (a yes/no vote limited to districts, a multiple choice and a budget vote)."""
    build_vote(budget_with_gaps(), published=False, opens_in=3 * DAY)
    build_vote({**PLAYGROUND, "title": READY}, published=False, opens_in=5 * DAY)
    build_vote(
        {**MARKET_SQUARE, "title": UPCOMING},
        opens_in=3 * DAY,
        districts=["Innenstadt", "Köstitz"],
    )
    build_vote(
        {**TOWN_FESTIVAL, "title": OPEN}, eligibility=Eligibility.RESIDENTS, eligible_count=12_000
    )
    build_vote({**CITIZENS_BUDGET, "title": CLOSED}, opens_in=-30 * DAY, open_for=14 * DAY)
    db.session.commit()


def ids(server: LiveServer, title: str) -> tuple[int, int]:
    """Return the id of the vote called `title` and of its first option."""
    with server.app.app_context():
        vote_id = db.session.scalar(select(Vote.id).where(Vote.title == title))
        option_id = db.session.scalar(
            select(VoteOption.id)
            .where(VoteOption.vote_id == vote_id)
            .order_by(VoteOption.position, VoteOption.id)
            .limit(1)
        )
    assert vote_id is not None, f"no vote is called {title!r}"
    return vote_id, option_id or 0


def builder(title: str, path: str = "", shows: tuple[str, ...] = ()):
    """Return a visit to a builder page of the vote called `title` (`<option>` in `path`
    stands for the id of its first option)."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        vote_id, option_id = ids(server, title)
        address = f"{BASE}/{vote_id}{path}".replace("<option>", str(option_id))
        go(address, shows=shows)(page, server, lang)

    return visit


def new_vote_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send the new-vote form without a title, as a budget vote without a budget and with the
    end before the beginning."""
    go(f"{BASE}/new")(page, server, lang)
    page.locator("#title").fill("")
    page.locator("#kind-3").check()
    page.locator("#opens_at").fill("2030-05-02T10:00")
    page.locator("#closes_at").fill("2030-05-01T10:00")
    page.locator(SUBMIT).click()
    expect(page.locator(".form-summary")).to_be_visible()
    for field in ("#title", "#budget", "#closes_at"):
        expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#kind-3")).to_be_checked()


def option_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Add a project to the draft with gaps without a title and with a cost that is no amount."""
    builder(GAPS, "/options")(page, server, lang)
    page.locator("#option-form #description").fill("Ohne Titel")
    page.locator("#option-form #cost").fill("viel")
    page.locator("#option-form button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#cost")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#cost")).to_have_value("viel")


CHECKLIST = "#checklist li"
ONE_BUTTON = "main form.builder-button-form button"

VOTE_BUILDER_PAGES: list[PageCase] = [
    PageCase("vote-builder-list", go(f"{BASE}/", shows=(".builder-list",)), role="staff"),
    PageCase("vote-builder-new", go(f"{BASE}/new", shows=("#opens_at", "#kind")), role="staff"),
    PageCase("vote-builder-new-errors", new_vote_with_errors, role="staff"),
    PageCase("vote-builder-draft-gaps", builder(GAPS, shows=(CHECKLIST,)), role="staff"),
    PageCase(
        "vote-builder-draft-ready",
        builder(READY, shows=(".builder-actions .kern-btn",)),
        role="staff",
    ),
    PageCase(
        "vote-builder-upcoming", builder(UPCOMING, shows=("a[href$='/unpublish']",)), role="staff"
    ),
    PageCase("vote-builder-closed", builder(CLOSED), role="staff"),
    PageCase(
        "vote-builder-settings-upcoming",
        builder(UPCOMING, "/settings", shows=("#kind", "#districts")),
        role="staff",
    ),
    PageCase(
        "vote-builder-settings-open",
        builder(OPEN, "/settings", shows=("#closes_at", "#fixed-heading")),
        role="staff",
    ),
    PageCase(
        "vote-builder-options",
        builder(GAPS, "/options", shows=(CHECKLIST, ".builder-move", "#option-form #cost")),
        role="staff",
    ),
    PageCase("vote-builder-options-errors", option_with_errors, role="staff"),
    PageCase(
        "vote-builder-options-yes-no",
        builder(UPCOMING, "/options", shows=(".survey-notice",)),
        role="staff",
    ),
    PageCase(
        "vote-builder-options-locked",
        builder(OPEN, "/options", shows=(".survey-notice", ".builder-question")),
        role="staff",
    ),
    PageCase(
        "vote-builder-option",
        builder(GAPS, "/options/<option>", shows=("#option-form #cost", ".builder-danger")),
        role="staff",
    ),
    PageCase(
        "vote-builder-option-locked",
        builder(OPEN, "/options/<option>", shows=("#description", ".survey-notice")),
        role="staff",
    ),
    PageCase(
        "vote-builder-preview",
        builder(READY, "/preview", shows=(".builder-preview", "input[type=radio]")),
        role="staff",
    ),
    PageCase(
        "vote-builder-preview-budget",
        builder(GAPS, "/preview", shows=(".builder-preview", "input[type=checkbox]")),
        role="staff",
    ),
    PageCase("vote-builder-publish", builder(READY, "/publish", shows=(ONE_BUTTON,)), role="staff"),
    PageCase(
        "vote-builder-publish-gaps", builder(GAPS, "/publish", shows=(CHECKLIST,)), role="staff"
    ),
    PageCase(
        "vote-builder-unpublish", builder(UPCOMING, "/unpublish", shows=(ONE_BUTTON,)), role="staff"
    ),
    PageCase("vote-builder-delete", builder(READY, "/delete", shows=(ONE_BUTTON,)), role="staff"),
]
