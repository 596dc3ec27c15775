"""The implementation tracking page states the browser tests visit (pages.py adds them to
IMPLEMENTATION_PAGES), and `seed_implementation()`, which writes what they show (conftest.py
calls it once): an accepted proposal tracked with two updates (one with a photo), a funded
project of a closed budget vote, done, an accepted proposal nobody tracks yet (the start form
offers it), and a tracked proposal of its own for the keyboard journey
(test_implementation_flows.py), so the page checks never see its new update.

The page checks only look and send forms that are refused; nothing they do changes what the
other checks see."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.accounts import services as accounts
from participation.core.clock import town_today
from participation.extensions import db
from participation.proposals import services as proposal_services
from participation.proposals.models import Proposal, ProposalStatus
from participation.results import implementation as service
from participation.results import implementation_photos as photos
from participation.results.implementation_demo import drawn_calendar
from participation.results.models import Implementation, ImplementationStatus
from participation.votes.ballots import store_ballot
from participation.votes.seed import CITIZENS_BUDGET, build_vote
from tests.browser.helpers import ACCOUNTS
from tests.browser.visits import PageCase, go, proposal

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

S = ImplementationStatus
BASE = "/implementation/"
TRACKED = "Umsetzungsprobe: Fahrradbügel am Rathaus"
UNTRACKED = "Umsetzungsprobe: Sitzbank am Spielplatz"
JOURNEY = "Umsetzungsprobe: Hundekotbeutel im Park"  # the keyboard journey's own
BUDGET = "Umsetzungsprobe: Bürgerbudget für die Altstadt"
PROJECT = "Bücherschrank am Bahnhof"  # of BUDGET, funded by both rules
PHOTO_ALT = "Zwölf neue Fahrradbügel vor dem Rathaus, zwei Räder sind schon angeschlossen."
SEND = "main form.stack button[type=submit]"


def seed_implementation() -> None:
    """Accept and track the proposals, and track the budget's book case as done."""
    staff = accounts.find_by_email(ACCOUNTS[("staff", "de")])
    author = accounts.find_by_email(ACCOUNTS[("resident", "de")])
    today = town_today()
    tracked = start(accepted(author, staff, TRACKED), staff, "Bauamt", today + timedelta(60))
    add(tracked, staff, 20, "Die Fahrradbügel sind **bestellt**.", 20)
    picture = photos.cleaned(io.BytesIO(drawn_calendar()))
    add(tracked, staff, 3, "Zwölf Bügel stehen schon.", 70, picture, PHOTO_ALT)
    accepted(author, staff, UNTRACKED)
    start(accepted(author, staff, JOURNEY), staff, "Grünflächenamt", None)
    project = budget_project(staff)
    start(project, staff, "Bauhof", None)
    done = service.UpdateFields(today - timedelta(days=1), "Fertig.", S.DONE, 100)
    service.add_update(service.implementation_of(project), staff, done)
    db.session.commit()


def accepted(author, staff, title: str) -> Proposal:
    """Publish a proposal by `author` and accept it as `staff`."""
    fields = {"title": title, "body": "Bitte umsetzen.", "category": "Sonstiges", "district": None}
    draft = proposal_services.create_draft(author, fields, [])
    proposal_services.publish(draft, author)
    proposal_services.answer(draft, staff, ProposalStatus.ACCEPTED, "Wird gemacht.", "Bauamt")
    return draft


def start(subject, staff, department: str, planned) -> Implementation:
    """Start tracking `subject` (planned, 0 %)."""
    settings = service.Settings(department, S.PLANNED, 0, planned)
    return service.start(subject, staff, settings)[0]


def add(implementation, staff, days_ago: int, text: str, progress: int, photo=None, alt=""):
    """Add an update from `days_ago` days ago (in progress)."""
    day = town_today() - timedelta(days=days_ago)
    fields = service.UpdateFields(day, text, S.IN_PROGRESS, progress, photo_alt=alt)
    service.add_update(implementation, staff, fields, photo)


def budget_project(staff):
    """Close a budget vote with a few ballots; return its book case (funded)."""
    spec = {**CITIZENS_BUDGET, "title": BUDGET}
    vote = build_vote(spec, author=staff, opens_in=-timedelta(days=20), open_for=timedelta(7))
    by_position = {option.position: option.id for option in vote.options}
    for positions in ((3, 2), (3, 5), (3,)):
        store_ballot(vote, [by_position[p] for p in positions])
    return next(option for option in vote.options if option.title == PROJECT)


def implementation_id(server: LiveServer, title: str) -> int:
    """Return the id of the implementation of the proposal called `title`."""
    with server.app.app_context():
        query = select(Implementation.id).join(Proposal).where(Proposal.title == title)
        found = db.session.scalar(query)
    assert found is not None, f"{title!r} is not tracked"
    return found


def implementation(title: str, path: str = "", shows: tuple[str, ...] = ()):
    """Return a visit to the implementation of the proposal called `title` (or `path` below)."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        go(f"{BASE}{implementation_id(server, title)}{path}", shows=shows)(page, server, lang)

    return visit


def start_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send the start form without a choice, a department or a readable progress: refused,
    with what was typed kept."""
    go(f"{BASE}new", shows=("#subject",))(page, server, lang)
    page.locator("#department").fill("")
    page.locator("#progress").fill("viel")
    page.locator(SEND).click()
    expect(page.locator(".form-summary")).to_be_visible()
    for field in ("#subject", "#department", "#progress"):
        expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#progress")).to_have_value("viel")


def edit_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Set the status done without the completion date: refused."""
    implementation(TRACKED, "/edit", shows=("#department",))(page, server, lang)
    page.locator("#status").select_option("done")
    page.locator("#progress").fill("100")
    page.locator(SEND).click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#actual_completion")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#status")).to_have_value("done")


def update_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send an update without text, with a photo description but no photo: refused."""
    implementation(TRACKED, "/updates/new", shows=("#text",))(page, server, lang)
    page.locator("#photo_alt").fill("Ein Foto der Bügel")
    page.locator(SEND).click()
    expect(page.locator(".form-summary")).to_be_visible()
    for field in ("#text", "#photo_alt"):
        expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#photo_alt")).to_have_value("Ein Foto der Bügel")


IMPLEMENTATION_PAGES: list[PageCase] = [
    PageCase("implementation-overview", go(BASE, shows=(".implementation-card progress",))),
    PageCase(
        "implementation-overview-filtered",
        go(f"{BASE}?category=Sonstiges&status=planned", shows=(".implementation-card",)),
        role="resident",
    ),
    PageCase(
        "implementation-overview-staff",
        go(BASE, shows=("#implementation-start-link",)),
        role="staff",
    ),
    PageCase(
        "implementation-detail",
        implementation(TRACKED, shows=(".implementation-photo img", "#implementation-progress")),
    ),
    PageCase(
        "implementation-detail-staff",
        implementation(TRACKED, shows=("#implementation-staff-links",)),
        role="staff",
    ),
    PageCase("implementation-start", go(f"{BASE}new", shows=("#subject",)), role="staff"),
    PageCase("implementation-start-errors", start_with_errors, role="staff"),
    PageCase(
        "implementation-edit",
        implementation(TRACKED, "/edit", shows=("#department",)),
        role="staff",
    ),
    PageCase("implementation-edit-errors", edit_with_errors, role="staff"),
    PageCase(
        "implementation-update",
        implementation(TRACKED, "/updates/new", shows=("#photo",)),
        role="staff",
    ),
    PageCase("implementation-update-errors", update_with_errors, role="staff"),
    PageCase("implementation-proposal", proposal(TRACKED, shows=("#implementation progress",))),
    PageCase(
        "implementation-proposal-staff",
        proposal(UNTRACKED, shows=(".proposal-implementation-start a",)),
        role="staff",
    ),
]
