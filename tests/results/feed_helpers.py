"""Helpers of the feed tests: fetch and parse a feed (defusedxml: fpdf2 needs it, so it is
always installed), check Atom's required elements, and write answers, published results and
tracked implementations."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from defusedxml import ElementTree as ET  # fpdf2 needs it, so it is always installed
from flask import current_app

from participation.core.markup import render_markdown
from participation.extensions import db as database
from participation.proposals.models import (
    EventKind,
    ProposalEvent,
)
from participation.results import implementation as implementation_service
from participation.results import publication as publication_service
from participation.results.models import Correction, Publication, PublicationState
from participation.surveys.seed import DIGITAL_OFFERS, build_survey
from participation.votes.models import VoteKind
from participation.votes.seed import EXAMPLES, build_vote
from tests.results import implementation_fixtures as fx

ATOM = "{http://www.w3.org/2005/Atom}"
START = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
CLOSED = {"opens_in": timedelta(days=-15), "open_for": timedelta(days=14)}


def get_feed(client, url: str, **headers) -> ET.Element:
    """Fetch a feed, check it is served as Atom, and return its parsed root."""
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/atom+xml"
    assert response.mimetype_params.get("charset") == "utf-8"
    return ET.fromstring(response.data)


def entries(feed) -> list:
    """Return the feed's entries in order."""
    return feed.findall(f"{ATOM}entry")


def titles(feed) -> list[str]:
    """Return the titles of the feed's entries in order."""
    return [entry.findtext(f"{ATOM}title") for entry in entries(feed)]


def links(element) -> dict[str, str]:
    """Return rel → href of an element's links."""
    return {link.get("rel"): link.get("href") for link in element.findall(f"{ATOM}link")}


def when(text: str) -> datetime:
    """Parse an Atom date, which must carry its time zone."""
    value = datetime.fromisoformat(text)
    assert value.tzinfo is not None
    return value


def seconds(value: datetime) -> datetime:
    """Return `value` to the second, as the feeds give it."""
    return value.replace(microsecond=0)


def check_head(feed, url: str, alternate: str, title: str) -> None:
    """Check the feed's required elements, its links and its licence."""
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == url
    assert feed.findtext(f"{ATOM}title").startswith(title)
    when(feed.findtext(f"{ATOM}updated"))
    assert feed.findtext(f"{ATOM}author/{ATOM}name")
    assert links(feed) == {
        "self": url,
        "alternate": alternate,
        "license": current_app.config["DATA_LICENCE_URL"],
    }
    assert feed.find(f"{ATOM}link[@rel='self']").get("type") == "application/atom+xml"
    assert current_app.config["DATA_LICENCE_NAME"] in feed.findtext(f"{ATOM}rights")


def check_entry(entry) -> None:
    """Check an entry has what Atom requires (and we promise)."""
    assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}title")
    assert links(entry)["alternate"].startswith("http://localhost/")
    assert when(entry.findtext(f"{ATOM}published")) <= when(entry.findtext(f"{ATOM}updated"))
    assert entry.find(f"{ATOM}content").get("type") == "html"


def answer(proposal, text: str, minutes: int, department: str = "Bauamt") -> ProposalEvent:
    """Write an official answer on the proposal's timeline at START + `minutes`."""
    event = ProposalEvent(
        proposal_id=proposal.id,
        kind=EventKind.STATUS_CHANGED,
        created_at=START + timedelta(minutes=minutes),
        from_status=proposal.status,
        to_status=proposal.status,
        body=text,
        body_html=str(render_markdown(text)),
        department=department,
    )
    database.session.add(event)
    database.session.flush()
    return event


def published(vote_or_survey, council, statement: str) -> Publication:
    """Prepare and publish the result of a closed vote or survey through the services."""
    found = publication_service.draft_for(vote_or_survey, council)
    publication_service.save_draft(found, statement, "Beschluss 7/2026", date(2026, 5, 4), council)
    publication_service.publish(found, council)
    return found


def bulk_results(db, how_many: int, first: int = 0) -> list[Publication]:
    """Publish `how_many` results an hour apart (every fifth of a survey, the others of a
    vote), every third with a correction."""
    made = []
    for number in range(first, first + how_many):
        title = f"Abstimmung {number:02d}"
        if number % 5 == 4:
            subject = {"survey_id": build_survey(dict(DIGITAL_OFFERS, title=title), **CLOSED).id}
        else:
            spec = dict(EXAMPLES[VoteKind.YES_NO], title=title)
            subject = {"vote_id": build_vote(spec, **CLOSED).id}
        found = Publication(
            **subject,
            state=PublicationState.PUBLISHED,
            statement="Erklärung.",
            statement_html="<p>Erklärung.</p>",
            published_at=START + timedelta(hours=number),
        )
        db.session.add(found)
        db.session.flush()
        if number % 3 == 0:
            note = Correction(publication_id=found.id, note="Korrigiert.")
            note.created_at = START + timedelta(hours=number, minutes=30)
            db.session.add(note)
        made.append(found)
    db.session.flush()
    return made


def track(db, author, staffer, title: str, category: str = "Sonstiges"):
    """Accept and track a proposal; return its implementation."""
    proposal = fx.accepted_proposal(author, staffer, title, category)
    implementation, _new = implementation_service.start(proposal, staffer, fx.SETTINGS)
    db.session.flush()
    return implementation
