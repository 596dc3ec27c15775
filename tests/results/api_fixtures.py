"""What the open data API tests read (import `open_world` by name into a test module): public
things the API must show, and next to each a thing it must never show, marked by a word in
capitals (SECRETS) that no response may contain.

Shown: two online proposals (one answered officially, one whose title starts like a formula),
two paper proposals (one with the name its author agreed to show, one without), a published
budget vote and a published survey (closed, figures frozen), an open vote and an open survey,
the implementation of the answered proposal with two dated updates.
Never shown: a proposal held for review, one hidden by moderation, a draft; a hidden comment
(and comments at all, and accounts' e-mail addresses); a vote and a survey that are drafts; a
closed vote whose publication is only a draft; a closed vote nobody prepared; the results of
the open vote and survey; a survey text hidden before and one hidden after publication; the
ids of anonymous responses and the receipts of ballots.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from participation.comments import services as comments
from participation.core.channels import Channel
from participation.core.permissions import Role
from participation.extensions import db
from participation.proposals import services as proposals
from participation.proposals.models import ProposalStatus
from participation.results import publication
from participation.results.models import (
    Implementation,
    ImplementationStatus,
    ImplementationUpdate,
)
from participation.surveys.models import Answer, Question
from participation.surveys.seed import build_survey
from participation.votes.models import Ballot, VoteKind
from participation.votes.seed import CITIZENS_BUDGET, EXAMPLES, build_vote
from tests.surveys.test_results import respond
from tests.votes.test_results_pages import cast

CLOSED = {"opens_in": timedelta(days=-15), "open_for": timedelta(days=14)}
BUDGET_BALLOTS = {(4, 2, 3): 6, (5, 3): 4}  # the rules fund different projects (see impl. tests)
FORMULA = '=HYPERLINK("http://example.org/boese","Klick")'
SECRETS = (
    "WARTET-VORSCHLAG",
    "VERSTECKT-VORSCHLAG",
    "ENTWURF-VORSCHLAG",
    "GEHEIMER-KOMMENTAR",
    "SICHTBARER-KOMMENTAR",  # comments are not part of the open data at all
    "ENTWURF-ABSTIMMUNG",
    "ENTWURF-UMFRAGE",
    "ENTWURF-ERKLAERUNG",
    "VERSTECKTER-TEXT",
    "SPAETER-VERSTECKT",
    "OFFENE-ANTWORT",
    "anna.geheim@example.org",
    "staff.geheim@example.org",
)


@dataclass
class World:
    """The seeded things the tests look up."""

    answered: object = None
    formula: object = None
    paper_named: object = None
    paper_anonymous: object = None
    hidden: object = None
    pending: object = None
    draft: object = None
    budget_vote: object = None
    budget_result: object = None
    survey: object = None
    survey_result: object = None
    open_vote: object = None
    open_survey: object = None
    draft_vote: object = None
    draft_survey: object = None
    prepared_vote: object = None
    unprepared_vote: object = None
    implementation: object = None
    response_ids: list = field(default_factory=list)
    receipts: list = field(default_factory=list)


def proposal(author, title: str, body: str = "Ein Vorschlag für die Stadt.", go=True):
    """Write a proposal by `author` and publish it (screened: shown) unless `go` is False."""
    fields = {"title": title, "body": body, "category": "Sonstiges", "district": None}
    made = proposals.create_draft(author, fields, [])
    if go:
        proposals.publish(made, author)
    return made


def seed_proposals(world: World, author, staff) -> None:
    """Write the proposals, an official answer and the comments."""
    world.answered = proposal(author, "Mehr Bänke am Markt", "Bitte **mehr** Bänke.\n\n- am Markt")
    proposals.answer(world.answered, staff, ProposalStatus.ACCEPTED, "Wird *gemacht*.", "Bauamt")
    world.formula = proposal(author, FORMULA, "-1+1 @Rathaus")
    fields = {"title": "Ein Trinkbrunnen", "body": "Auf Papier.", "category": "Sonstiges"}
    world.paper_named = proposals.create_from_paper(fields, "PN-API-1", staff, "Paula Papier")
    fields = {**fields, "title": "Eine Bücherkiste"}
    world.paper_anonymous = proposals.create_from_paper(fields, "PN-API-2", staff, None)
    world.hidden = proposal(author, "VERSTECKT-VORSCHLAG für alle")
    proposals.hide(world.hidden, "spam")
    world.pending = proposal(author, "WARTET-VORSCHLAG zur Prüfung", go=False)
    proposals.go_public(world.pending, author)
    world.draft = proposal(author, "ENTWURF-VORSCHLAG für später", go=False)
    thread = world.answered.thread
    comments.post_comment(thread, author, "SICHTBARER-KOMMENTAR zum Vorschlag")
    secret = comments.post_comment(thread, author, "GEHEIMER-KOMMENTAR, bitte ausblenden")
    comments.hide_comment(secret, "spam")


def published(subject, council, statement: str = "Der Stadtrat folgt dem Ergebnis."):
    """Prepare and publish the result of a closed vote or survey."""
    draft = publication.draft_for(subject, council)
    publication.save_draft(draft, statement, "Beschluss 12/2026", date(2026, 5, 4), council)
    publication.publish(draft, council)
    return draft


def seed_votes(world: World, council) -> None:
    """Write the votes: published with result, open, draft, prepared only, unprepared."""
    world.budget_vote = build_vote(CITIZENS_BUDGET, **CLOSED)
    for positions, times in BUDGET_BALLOTS.items():
        for _ in range(times):
            world.receipts.append(cast(world.budget_vote, positions).receipt)
    cast(world.budget_vote, (3,), Channel.PAPER)
    world.budget_result = published(world.budget_vote, council)
    world.open_vote = build_vote(EXAMPLES[VoteKind.YES_NO])
    world.receipts.append(cast(world.open_vote, (1,)).receipt)
    draft = {**EXAMPLES[VoteKind.SINGLE], "title": "ENTWURF-ABSTIMMUNG über den Spielplatz"}
    world.draft_vote = build_vote(draft, published=False)
    world.prepared_vote = build_vote(EXAMPLES[VoteKind.YES_NO], **CLOSED)
    cast(world.prepared_vote, (2,))
    prepared = publication.draft_for(world.prepared_vote, council)
    publication.save_draft(prepared, "ENTWURF-ERKLAERUNG des Rats", "", None, council)
    world.unprepared_vote = build_vote(EXAMPLES[VoteKind.MULTIPLE], **CLOSED)
    cast(world.unprepared_vote, (1, 2))
    world.receipts += list(db.session.scalars(select(Ballot.receipt)))


def hide_text(survey, text: str) -> None:
    """Hide a free text of the survey from the public."""
    question_ids = select(Question.id).where(Question.survey_id == survey.id)
    for answer in db.session.scalars(
        select(Answer).where(Answer.question_id.in_(question_ids), Answer.value_text == text)
    ):
        answer.hidden = True
    db.session.flush()


def seed_surveys(world: World, council) -> None:
    """Write the surveys: published with result (texts hidden before and after), open, draft."""
    world.survey = build_survey(anonymous=True, **CLOSED)
    answers = [
        {"single": 0, "multiple": [0, 1], "yes_no": 1, "short": "Mehr Bänke", "scale": 4},
        {"single": 1, "multiple": [1], "yes_no": 0, "short": "VERSTECKTER-TEXT", "number": 40},
        {"single": 0, "yes_no": 1, "short": "SPAETER-VERSTECKT", "ranking": [1, 0]},
    ]
    for index, given in enumerate(answers):
        channel = Channel.PAPER if index == 2 else Channel.ONLINE
        world.response_ids.append(respond(world.survey, channel, **given).id)
    hide_text(world.survey, "VERSTECKTER-TEXT")
    world.survey_result = published(world.survey, council)
    hide_text(world.survey, "SPAETER-VERSTECKT")
    world.open_survey = build_survey(anonymous=True)
    world.response_ids.append(respond(world.open_survey, short="OFFENE-ANTWORT").id)
    world.draft_survey = build_survey(published=False)
    world.draft_survey.title = "ENTWURF-UMFRAGE zum Rathaus"


def seed_implementation(world: World, staff) -> None:
    """Track the answered proposal with two dated updates."""
    implementation = Implementation(
        proposal_id=world.answered.id,
        department="Bauamt",
        status=ImplementationStatus.IN_PROGRESS,
        progress=40,
        planned_completion=date(2026, 9, 30),
    )
    db.session.add(implementation)
    db.session.flush()
    for day, text, progress in (
        (date(2026, 5, 10), "Bestellt.", 20),
        (date(2026, 6, 1), "=1+1", 40),
    ):
        db.session.add(
            ImplementationUpdate(
                implementation_id=implementation.id,
                happened_on=day,
                text=text,
                text_html=f"<p>{text}</p>",
                status=ImplementationStatus.IN_PROGRESS,
                progress=progress,
                author_id=staff.id,
            )
        )
    db.session.flush()
    world.implementation = implementation


@pytest.fixture()
def open_world(app, db, make_user) -> World:
    """Seed everything the API tests read (see the module docstring)."""
    author = make_user(email="anna.geheim@example.org", display_name="Anna Öffentlich")
    staff = make_user(email="staff.geheim@example.org", roles=(Role.STAFF,))
    council = make_user(roles=(Role.COUNCIL,))
    world = World()
    with app.test_request_context():
        seed_proposals(world, author, staff)
        seed_votes(world, council)
        seed_surveys(world, council)
        seed_implementation(world, staff)
        db.session.flush()
    return world
