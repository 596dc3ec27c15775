"""The proposal page runs the same number of SQL queries however big its discussion is."""

import pytest

from participation.comments.services import post_comment
from participation.proposals import services, supports
from tests.querycount import counted_queries


def discussion(db, make_user, comments: int):
    """A published proposal with `comments` comments spread over six levels, and supports."""
    author = make_user()
    proposal = services.create_draft(
        author,
        {
            "title": "Ein Vorschlag mit Diskussion",
            "body": "Text",
            "category": "Sonstiges",
            "district": None,
            "submission_key": None,
        },
        [],
    )
    services.publish(proposal, author)
    people = [make_user() for _ in range(5)]
    for person in people[:3]:
        supports.add_support(proposal, person)
    parents = [None]
    for number in range(comments):
        parent = parents[number % len(parents)]
        comment = post_comment(
            proposal.thread, people[number % 5], f"Beitrag {number}", parent_id=parent
        )
        if comment.depth < 6:
            parents.append(comment.id)
    db.session.flush()
    return proposal


def queries_for(client, db, proposal):
    client.get(f"/proposals/{proposal.id}")  # warm up what is cached per process
    with counted_queries(db.engine) as statements:
        response = client.get(f"/proposals/{proposal.id}?sort=best")
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("signed_in", [False, True])
def test_detail_page_query_count_does_not_grow(client, db, make_user, login_as, signed_in):
    if signed_in:
        login_as("resident")
    small = queries_for(client, db, discussion(db, make_user, 5))
    large = queries_for(client, db, discussion(db, make_user, 500))
    assert small == large
    assert small <= 25
