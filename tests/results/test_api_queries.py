"""The API's lists run the same number of SQL queries however many rows a page shows: the
page and its count, and one query per related list (authors, options, updates), never one
per row."""

from __future__ import annotations

import pytest

from participation.core.permissions import Role
from participation.proposals import services as proposals
from participation.proposals.models import ProposalStatus
from participation.surveys.seed import build_survey
from participation.votes.models import VoteKind
from participation.votes.seed import EXAMPLES, build_vote
from tests.querycount import counted_queries
from tests.results.api_fixtures import CLOSED, World, proposal, published, seed_implementation

LISTS = ["/proposals", "/answers", "/surveys", "/votes", "/implementations", "/categories"]


@pytest.fixture()
def people(make_user):
    """A staff member and a council member."""
    return make_user(roles=(Role.STAFF,)), make_user(roles=(Role.COUNCIL,))


def add_rows(app, make_user, people, how_many: int) -> None:
    """Add `how_many` of each: answered and implemented proposals by different authors, votes
    with a published result, surveys with a published result."""
    staff, council = people
    with app.test_request_context():
        for number in range(how_many):
            author = make_user()
            made = proposal(author, f"Vorschlag Nummer {number} für die Stadt")
            proposals.answer(made, staff, ProposalStatus.ACCEPTED, "Angenommen.", "Bauamt")
            seed_implementation(World(answered=made), staff)
            vote = build_vote(EXAMPLES[VoteKind.SINGLE], **CLOSED)
            published(vote, council)
            published(build_survey(**CLOSED), council)


def queries(client, db, path: str) -> int:
    """Return how many statements a list runs (after a first visit warms the caches)."""
    client.get(path)
    with counted_queries(db.engine) as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("path", LISTS)
def test_a_list_asks_as_often_however_many_rows(app, client, db, make_user, people, path):
    add_rows(app, make_user, people, 1)
    few = queries(client, db, f"/api/v1{path}?per_page=100")
    add_rows(app, make_user, people, 6)
    many = queries(client, db, f"/api/v1{path}?per_page=100")
    assert few == many
    assert few <= 5
