"""The council publication's page states the browser tests visit (pages.py adds them to PAGES),
and `seed_results()`, which writes what they show (conftest.py calls it once): a published
budget vote (ballots online and on paper, a statement in Markdown, a decision and its date, a
PDF document), a published survey with a correction, a draft, and a closed vote nobody has
prepared yet, which the keyboard journey (test_publication_flow.py) publishes and corrects.

The page checks only look and send forms that are refused, so they change nothing.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import TYPE_CHECKING

from flask import current_app
from fpdf import FPDF
from playwright.sync_api import Page, expect
from sqlalchemy import select

from participation.accounts import services as accounts
from participation.core.channels import Channel
from participation.core.clock import town_today
from participation.extensions import db
from participation.results import documents, publication
from participation.results.models import Publication
from participation.surveys.models import Survey
from participation.surveys.seed import DIGITAL_OFFERS, build_survey
from participation.votes.models import Vote, VoteKind
from tests.browser.visits import PageCase, go
from tests.browser.vote_results_pages import BUDGET, BUDGET_BALLOTS, seeded_vote
from tests.surveys.test_results import every_answer, respond

if TYPE_CHECKING:
    from tests.browser.conftest import LiveServer

BASE = "/results/"
MANAGE = f"{BASE}manage/"
DAY = timedelta(days=1)
CLOSED = {"opens_in": -20 * DAY, "open_for": 14 * DAY}
COUNCIL, STAFF = "stadtrat@example.org", "verwaltung@example.org"

# The subjects seeded here, all titled "Veröffentlichung: …" (distinct from the other pages).
PUBLISHED_VOTE = {**BUDGET, "title": "Veröffentlichung: Bürgerbudget für den Ortsteil Jüdewein"}
PUBLISHED_SURVEY = "Veröffentlichung: Digitale Angebote im Rathaus"
DRAFT_VOTE = {
    "title": "Veröffentlichung: Soll das Freibad bis 21 Uhr öffnen?",
    "kind": VoteKind.YES_NO,
    "explanation": "Das Freibad könnte im Sommer **bis 21 Uhr** öffnen.",
    "options": [("Ja", ""), ("Nein", "")],
}
FLOW_VOTE = {**DRAFT_VOTE, "title": "Veröffentlichung: Soll der Marktplatz autofrei werden?"}
YES_NO_BALLOTS = {(1,): (7, 3), (2,): (4, 1), (): (1, 0)}
FLOW_BALLOTS = {(1,): (6, 2), (2,): (3, 2)}  # Ja 8, Nein 5

STATEMENT = (
    "Vielen Dank an alle, die abgestimmt haben.\n\n"
    "Der Stadtrat folgt dem Ergebnis:\n\n"
    "- Die **Blühwiese** und die **Fahrradständer** werden im Frühjahr gebaut.\n"
    "- Die Bänke folgen im Sommer.\n\n"
    "Fragen beantwortet das [Bürgerbüro](https://example.org/buergerbuero)."
)
DECISION = "Beschluss des Stadtrats Nr. 12/2026"
DOCUMENT = "Niederschrift der Sitzung des Stadtrats"


def seed_results() -> None:
    """Write the published vote and survey, a draft and a closed vote to publish."""
    council = accounts.find_by_email(COUNCIL)
    staff = accounts.find_by_email(STAFF)
    with current_app.test_request_context():
        published_vote(staff, council)
        published_survey(staff, council)
        draft = publication.draft_for(
            seeded_vote(DRAFT_VOTE, YES_NO_BALLOTS, staff, eligible_count=60, **CLOSED), staff
        )
        publication.save_draft(draft, "Der Stadtrat berät am 4. Mai.", "", None, staff)
        seeded_vote(FLOW_VOTE, FLOW_BALLOTS, staff, eligible_count=40, **CLOSED)
    db.session.commit()


def published_vote(staff, council) -> Publication:
    """Publish a closed budget vote with a statement, a decision and a PDF (flushed)."""
    vote = seeded_vote(PUBLISHED_VOTE, BUDGET_BALLOTS, staff, eligible_count=80, **CLOSED)
    found = publication.draft_for(vote, staff)
    publication.save_draft(found, STATEMENT, DECISION, town_today() - 2 * DAY, staff)
    documents.attach(found, io.BytesIO(a_pdf(DOCUMENT)), DOCUMENT, staff)
    publication.publish(found, council)
    return found


def published_survey(staff, council) -> Publication:
    """Publish a closed survey with a few responses, and correct it once (flushed)."""
    survey = build_survey({**DIGITAL_OFFERS, "title": PUBLISHED_SURVEY}, **CLOSED)
    for index in range(6):
        respond(survey, Channel.PAPER if index % 3 == 0 else Channel.ONLINE, **every_answer(index))
    found = publication.draft_for(survey, staff)
    publication.save_draft(found, "Danke für Ihre Antworten.", "", None, staff)
    publication.publish(found, council)
    publication.correct(found, "Ein Tippfehler in der Erklärung ist korrigiert.", council)
    return found


def a_pdf(text: str) -> bytes:
    """Return a small real PDF with one line of text."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


# --- finding what was seeded -----------------------------------------------------------------


def publication_id(server: LiveServer, title: str) -> int | None:
    """Return the id of the publication of the vote or survey called `title` (None: none)."""
    with server.app.app_context():
        vote = select(Vote.id).where(Vote.title == title).scalar_subquery()
        survey = select(Survey.id).where(Survey.title == title).scalar_subquery()
        return db.session.scalar(
            select(Publication.id).where(
                (Publication.vote_id == vote) | (Publication.survey_id == survey)
            )
        )


def of(title: str, path: str = "", base: str = BASE, shows: tuple[str, ...] = ()):
    """Return a visit to `path` below the publication of the subject called `title`."""

    def visit(page: Page, server: LiveServer, lang: str) -> None:
        found = publication_id(server, title)
        assert found is not None, f"{title!r} has no publication"
        go(f"{base}{found}{path}", shows=shows)(page, server, lang)

    return visit


def bad_date(page: Page, server: LiveServer, lang: str) -> None:
    """Send the draft with an impossible date, typed as in a browser without a date picker:
    the form comes back with the error, the statement kept."""
    of(DRAFT_VOTE["title"], base=MANAGE, shows=("#decision_date",))(page, server, lang)
    field = page.locator("#decision_date")
    field.evaluate("input => { input.type = 'text'; }")
    field.fill("31.02.2026")
    page.locator("#decision_date").press("Enter")
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#decision_date")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#statement")).to_have_value("Der Stadtrat berät am 4. Mai.")


def empty_note(page: Page, server: LiveServer, lang: str) -> None:
    """Send a correction without a note: refused, the error linked to the note field."""
    of(PUBLISHED_VOTE["title"], base=MANAGE, shows=("#note",))(page, server, lang)
    page.locator("form[action$='/correct'] button[type=submit]").click()
    expect(page.locator(".form-summary")).to_be_visible()
    expect(page.locator("#note")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#note-error")).to_be_visible()


VOTE_SHOWS = ("#statement-heading", "svg.chart", "#budget-heading", "#documents-heading")
PUBLISH = "form[action$='/publish'] button"

RESULTS_PAGES = [
    PageCase("results-list", go(BASE, shows=(".results-list",))),
    PageCase("results-vote", of(PUBLISHED_VOTE["title"], shows=VOTE_SHOWS)),
    PageCase(
        "results-survey", of(PUBLISHED_SURVEY, shows=("#overview-heading", "#corrections-heading"))
    ),
    PageCase("results-print", of(PUBLISHED_VOTE["title"], "/print", shows=("svg.chart",))),
    PageCase("results-manage", go(MANAGE, shows=("#votes-heading",)), role="staff"),
    PageCase(
        "results-draft", of(DRAFT_VOTE["title"], base=MANAGE, shows=("#statement",)), role="staff"
    ),
    PageCase(
        "results-draft-council",
        of(DRAFT_VOTE["title"], base=MANAGE, shows=(PUBLISH,)),
        role="council",
    ),
    PageCase("results-draft-errors", bad_date, role="staff"),
    PageCase(
        "results-draft-preview", of(DRAFT_VOTE["title"], shows=(".survey-notice",)), role="staff"
    ),
    PageCase(
        "results-published-edit",
        of(PUBLISHED_VOTE["title"], base=MANAGE, shows=("#note", "#refresh")),
        role="council",
    ),
    PageCase("results-correction-errors", empty_note, role="council"),
]
