"""Every results page and open-data address that shows rows runs as many SQL statements in a
world six times as big: options, questions, ballots, responses, corrections and documents of a
published result; answers and updates on the API's detail addresses; rows of its CSV files;
closed votes and surveys on the council's list; projects on the staff's start form.

The lists of results, implementations, the feeds and the API's JSON lists have query tests of
their own (test_publication_pages.py, test_implementation_queries.py, test_feeds_http.py,
test_api_queries.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.core.channels import Channel
from participation.core.permissions import Role
from participation.proposals import services as proposals
from participation.proposals.models import ProposalStatus
from participation.results import implementation as implementations
from participation.results import publication
from participation.results.models import Document
from participation.surveys.seed import build_survey
from participation.votes.ballots import store_ballot
from participation.votes.seed import CITIZENS_BUDGET, build_vote
from tests.pagequeries import assert_flat, page_statements
from tests.results import implementation_fixtures as fx
from tests.results.api_fixtures import proposal
from tests.results.test_api_queries import add_rows
from tests.surveys.test_page_queries import spec as survey_spec
from tests.surveys.test_results import every_answer, respond
from tests.votes.test_page_queries import spec as vote_spec

CLOSED = {"opens_in": timedelta(days=-15), "open_for": timedelta(days=14)}
SMALL, LARGE = 1, 6


@pytest.fixture()
def council(make_user):
    """A council member, who publishes and corrects results."""
    return make_user(roles=(Role.COUNCIL,))


def publish(subject, council, size: int):
    """Publish the result of a closed vote or survey, with `size` documents and corrections."""
    draft = publication.draft_for(subject, council)
    publication.save_draft(draft, "Der Rat folgt dem Ergebnis.", "Beschluss 1", None, council)
    publication.publish(draft, council)
    for number in range(size):
        publication.correct(draft, f"Korrektur {number}", council)
        document = Document(
            publication_id=draft.id,
            title=f"Protokoll {number}",
            file_name=f"{number:064d}.pdf",
            size_bytes=1000,
            sha256=f"{number:064d}",
            created_by_id=council.id,
        )
        draft.documents.append(document)
    return draft


def vote_result(council, size: int):
    """A closed vote of `size * 2` options and `size * 6` ballots, its result published."""
    vote = build_vote(vote_spec(size * 2), **CLOSED)
    ids = [option.id for option in vote.options]
    for number in range(size * 6):
        channel = Channel.PAPER if number % 3 == 0 else Channel.ONLINE
        store_ballot(vote, ids[number % len(ids) :][:2], channel=channel)
    return publish(vote, council, size)


def survey_result(council, size: int):
    """A closed survey of `size` copies of the example, `size * 3` responses, published."""
    survey = build_survey(survey_spec(size), **CLOSED)
    for number in range(size * 3):
        channel = Channel.PAPER if number % 3 == 0 else Channel.ONLINE
        respond(survey, channel, **every_answer(number))
    return publish(survey, council, size)


def compare(client, db, build, path: str) -> list[list[str]]:
    """Return the statements of `path` (formatted with what `build(size)` returns) for the
    small and the large world."""
    return [
        page_statements(client, db.engine, path.format(**build(size))) for size in (SMALL, LARGE)
    ]


def publication_ids(app, council, kind: str):
    """Return build(size) → the ids of a published vote or survey result of that size."""

    def build(size: int) -> dict:
        with app.test_request_context():
            made = (vote_result if kind == "vote" else survey_result)(council, size)
        return {"id": made.id, "subject": made.vote_id or made.survey_id}

    return build


@pytest.mark.parametrize("kind", ["vote", "survey"])
@pytest.mark.parametrize(
    ("role", "path", "most"),
    [
        (None, "/results/{id}", 10),
        (None, "/results/{id}/print", 10),
        (Role.COUNCIL, "/results/manage/{id}", 12),
    ],
)
def test_a_published_result(app, client, db, login_as, council, kind, role, path, most):
    if role:
        login_as(role)
    small, large = compare(client, db, publication_ids(app, council, kind), path)
    assert_flat(small, large, most)


@pytest.mark.parametrize(
    ("kind", "path", "most"),
    [
        ("vote", "/api/v1/votes/{subject}", 5),
        ("vote", "/api/v1/votes/{subject}/results", 7),
        ("vote", "/api/v1/votes/{subject}/results.csv", 7),
        ("survey", "/api/v1/surveys/{subject}", 7),
        ("survey", "/api/v1/surveys/{subject}/results", 11),
        ("survey", "/api/v1/surveys/{subject}/results.csv", 11),
    ],
)
def test_the_api_on_one_vote_or_survey(app, client, db, council, kind, path, most):
    small, large = compare(client, db, publication_ids(app, council, kind), path)
    assert_flat(small, large, most)


@pytest.mark.parametrize(
    ("path", "most"),
    [("/api/v1/proposals/{id}", 5), ("/api/v1/proposals/{id}/answers", 7)],
)
def test_the_api_on_one_proposal_with_its_answers(client, db, make_user, path, most):
    staff = make_user(roles=(Role.STAFF,))

    def build(size: int) -> dict:
        made = proposal(make_user(), "Mehr Bänke am Markt")
        for number in range(size * 2):
            status = ProposalStatus.ACCEPTED if number % 2 else ProposalStatus.IN_REVIEW
            proposals.answer(made, staff, status, f"Antwort {number}", "Bauamt")
        return {"id": made.id}

    small, large = compare(client, db, build, path)
    assert_flat(small, large, most)


def test_the_api_on_one_implementation_with_its_updates(client, db, make_user):
    staff, author = make_user(roles=(Role.STAFF,)), make_user()

    def build(size: int) -> dict:
        accepted = fx.accepted_proposal(author, staff)
        tracked = implementations.start(accepted, staff, fx.SETTINGS)[0]
        for number in range(size * 3):
            implementations.add_update(tracked, staff, fx.fields(f"Neuigkeit {number}."))
        db.session.flush()
        return {"id": tracked.id}

    small, large = compare(client, db, build, "/api/v1/implementations/{id}")
    assert_flat(small, large, 5)


@pytest.mark.parametrize(
    ("path", "most"),
    [
        ("/api/v1/proposals.csv", 4),
        ("/api/v1/answers.csv", 4),
        ("/api/v1/implementations.csv", 4),
    ],
)
def test_the_api_downloads(app, client, db, make_user, path, most):
    people = make_user(roles=(Role.STAFF,)), make_user(roles=(Role.COUNCIL,))

    def build(size: int) -> dict:
        add_rows(app, make_user, people, size * 2 - 1 if size > 1 else 1)
        return {}

    small, large = compare(client, db, build, path)
    assert_flat(small, large, most)


@pytest.mark.parametrize("role", [Role.STAFF, Role.COUNCIL])
def test_the_councils_list_of_closed_votes_and_surveys(app, client, db, login_as, council, role):
    login_as(role)

    def build(size: int) -> dict:
        with app.test_request_context():
            for _ in range(size):
                vote_result(council, 1)
                survey_result(council, 1)
                publication.draft_for(build_vote(vote_spec(2), **CLOSED), council)
                build_survey(**CLOSED)
        return {}

    small, large = compare(client, db, build, "/results/manage/")
    assert_flat(small, large, 9)


def test_the_start_form_offers_every_project_and_proposal(client, db, make_user, login_as):
    staff = login_as(Role.STAFF)
    author = make_user()

    def build(size: int) -> dict:
        for _ in range(size):
            fx.accepted_proposal(author, staff)
            vote = build_vote(CITIZENS_BUDGET, **CLOSED)
            for positions, times in fx.BUDGET_BALLOTS.items():
                for _ in range(times):
                    fx.cast(vote, positions)
        return {}

    small, large = compare(client, db, build, "/implementation/new")
    assert_flat(small, large, 14)
