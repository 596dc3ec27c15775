"""The overview and an implementation's page run the same number of SQL queries however many
implementations and updates there are (subjects loaded with the list, updates in one query)."""

from __future__ import annotations

import pytest

from participation.results import implementation as service
from participation.results.models import ImplementationStatus
from tests.querycount import counted_queries
from tests.results import implementation_fixtures as fx

staffer, author, budget_vote = fx.staffer, fx.author, fx.budget_vote


def track_proposals(db, author, staffer, how_many: int):
    """Track `how_many` accepted proposals; return the implementations."""
    tracked = []
    for number in range(how_many):
        proposal = fx.accepted_proposal(author, staffer, f"Vorschlag {number} für die Stadt")
        tracked.append(service.start(proposal, staffer, fx.SETTINGS)[0])
    db.session.flush()
    return tracked


def queries_for(client, db, url: str) -> int:
    """Return how many statements the page runs (after a first visit warms the caches)."""
    client.get(url)
    with counted_queries(db.engine) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("role", [None, "staff"])
def test_the_overview_query_count_does_not_grow(
    client, db, author, staffer, budget_vote, login_as, role
):
    if role:
        login_as(role)
    track_proposals(db, author, staffer, 2)
    service.start(fx.option_at(budget_vote, 3), staffer, fx.SETTINGS)
    small = queries_for(client, db, "/implementation/")
    track_proposals(db, author, staffer, 15)
    for position in (2, 4, 5):
        service.start(fx.option_at(budget_vote, position), staffer, fx.SETTINGS)
    large = queries_for(client, db, "/implementation/?status=in_progress")
    assert small == large
    assert small <= 8


def test_the_detail_query_count_does_not_grow(client, db, author, staffer):
    first, second = track_proposals(db, author, staffer, 2)
    service.add_update(first, staffer, fx.fields("Eins."))
    for number in range(25):
        status = ImplementationStatus.IN_PROGRESS
        service.add_update(second, staffer, fx.fields(f"Neuigkeit {number}.", status=status))
    db.session.flush()
    small = queries_for(client, db, f"/implementation/{first.id}")
    large = queries_for(client, db, f"/implementation/{second.id}")
    assert small == large
    assert small <= 6
