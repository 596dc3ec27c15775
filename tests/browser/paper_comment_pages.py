"""The paper comment page states the browser tests visit (pages.py adds them to
PAPER_COMMENT_PAGES), and `seed_paper_comments()`, which writes what they show (conftest.py
calls it once): a proposal with two letters typed in by the demo staff member, one with the
writer's name and one without, and a proposal whose discussion is closed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect

from participation.accounts import services
from participation.accounts.seed import DEMO_PASSWORD
from participation.comments import services as comment_services
from participation.extensions import db
from participation.paper import comments as paper_comments
from participation.proposals import services as proposal_services
from tests.browser.helpers import ACCOUNTS
from tests.browser.visits import PageCase, go, proposal

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

BASE = "/paper/comments/new"
OPEN = "Briefprobe: Eine Bank an der Bushaltestelle"
CLOSED = "Briefprobe: Ein Zebrastreifen an der Schule"
WRITER = "Hedwig Brief"
NAMED_TEXT = "Ich warte oft lange auf den Bus. Eine Bank wäre eine große Hilfe."
NAMELESS_TEXT = "Bitte mit Lehne und Armstützen, dann kommt man leichter hoch."
SEND = "#paper-comment-form button[type=submit]"


def seed_paper_comments() -> None:
    """Publish two proposals by a new account; type two letters in on the first as the demo
    staff member and close the discussion of the second."""
    staff = services.find_by_email(ACCOUNTS[("staff", "de")])
    writer = services.register("briefprobe@example.org", "Bruno Brief", DEMO_PASSWORD, "de").user
    writer.confirm_email()
    first, second = (publish(writer, title) for title in (OPEN, CLOSED))
    for number, (text, name) in enumerate(((NAMED_TEXT, WRITER), (NAMELESS_TEXT, None))):
        letter = paper_comments.Letter(body=text, author_name=name, submission_key=f"seed-{number}")
        paper_comments.transcribe(letter, first, staff)
    comment_services.close_thread(second.thread, staff, "Die Stadt baut den Zebrastreifen.")
    db.session.commit()


def publish(author, title: str):
    """Publish a proposal by `author` through the services the pages use."""
    fields = {"title": title, "body": "Bitte prüfen Sie das.", "category": "Sonstiges"}
    draft = proposal_services.create_draft(author, fields | {"district": None}, [])
    proposal_services.publish(draft, author)
    return draft


def form_of(title: str, shows: tuple[str, ...] = (), done: str | None = None):
    """Return a visit to the form for the proposal called `title` (with the note on the
    comment saying `done`)."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        path = f"{BASE}?proposal={server.proposal_id(title)}"
        if done is not None:
            path += f"&done={server.comment_id(done)}"
        go(path, shows=shows)(page, server, lang)

    return visit


def form_with_errors(page: Page, server: LiveServer, lang: str) -> None:
    """Send a letter with a name but no consent box and no verbatim box: refused, the errors
    linked to their fields, what was typed kept."""
    form_of(OPEN, shows=("#body",))(page, server, lang)
    page.locator("#body").fill("Ein Brief, der nicht gespeichert wird.")
    page.locator("#author_name").fill(WRITER)
    page.locator(SEND).click()
    expect(page.locator(".form-summary")).to_be_visible()
    for field in ("#author_name", "#verbatim"):
        expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#body")).to_have_value("Ein Brief, der nicht gespeichert wird.")


PAPER_COMMENT_PAGES: list[PageCase] = [
    PageCase("paper-comment-form", form_of(OPEN, shows=("#body", "#verbatim")), role="staff"),
    PageCase("paper-comment-form-errors", form_with_errors, role="staff"),
    PageCase(
        "paper-comment-form-done",
        form_of(OPEN, shows=("#paper-comment-done", "#body"), done=NAMED_TEXT),
        role="staff",
    ),
    PageCase(
        "paper-comment-form-closed",
        form_of(CLOSED, shows=("#paper-comment-refused",)),
        role="staff",
    ),
    PageCase("paper-comment-proposal", proposal(OPEN, shows=(".comment--paper",))),
    PageCase(
        "paper-comment-proposal-staff",
        proposal(OPEN, shows=(".comment--paper", ".proposal-paper-comment a")),
        role="staff",
    ),
]
