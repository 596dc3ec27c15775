"""Every vote page that lists rows (options, comments, ballots) runs as many SQL statements
for a vote with 12 options, 12 comments and 36 ballots as for one with 2, 2 and 6 (the list
of votes, the builder's list and the tally have tests of their own)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.comments.services import post_comment
from participation.core.channels import Channel
from participation.core.permissions import Role
from participation.votes.ballots import store_ballot
from participation.votes.models import VoteKind
from tests.pagequeries import assert_flat, page_statements

CLOSED = {"opens_in": timedelta(days=-15), "open_for": timedelta(days=14)}
SMALL, LARGE = 2, 12  # options; comments and ballots grow with them


def spec(options: int) -> dict:
    """Return a multiple-choice vote with `options` options (each with a description)."""
    return {
        "title": f"Abstimmung mit {options} Antworten",
        "kind": VoteKind.MULTIPLE,
        "max_choices": 2,
        "explanation": "Wählen Sie **bis zu zwei**.",
        "options": [(f"Antwort {n}", f"Beschreibung *{n}*") for n in range(1, options + 1)],
    }


def world(make_vote, make_user, size: int, **options):
    """A vote of `size` options; once published, commented on by `size` people, with
    `size * 3` ballots (online and on paper)."""
    vote = make_vote(spec=spec(size), **options)
    if not vote.published_at:
        return vote
    for number in range(size):
        post_comment(vote.thread, make_user(), f"Meinung {number}")
    ids = [option.id for option in vote.options]
    for number in range(size * 3):
        channel = Channel.PAPER if number % 3 == 0 else Channel.ONLINE
        store_ballot(vote, ids[number % len(ids) :][:2], channel=channel)
    return vote


def compare(client, db, make_vote, make_user, path: str, **options):
    """Return the statements of `path` for the small and the large world."""
    runs = []
    for size in (SMALL, LARGE):
        vote = world(make_vote, make_user, size, **options)
        runs.append(page_statements(client, db.engine, path.format(id=vote.id)))
    return runs


@pytest.mark.parametrize(
    ("path", "most"),
    [
        ("/votes/{id}/ballots", 9),
        ("/votes/{id}/ballots.csv", 11),
        ("/votes/{id}/ballots.json", 11),
    ],
)
def test_the_ballot_list_and_its_downloads(client, db, make_vote, make_user, path, most):
    small, large = compare(client, db, make_vote, make_user, path, **CLOSED)
    assert_flat(small, large, most)


@pytest.mark.parametrize("role", [None, Role.VERIFIED])
def test_the_vote_page_with_its_options_and_discussion(
    client, db, make_vote, make_user, login_as, role
):
    if role:
        login_as(role)
    small, large = compare(client, db, make_vote, make_user, "/votes/{id}")
    assert_flat(small, large, 16)


@pytest.mark.parametrize(
    ("path", "most"),
    [
        ("/votes/manage/{id}", 10),
        ("/votes/manage/{id}/options", 10),
        ("/votes/manage/{id}/preview", 10),
    ],
)
def test_the_builder_pages_of_a_vote(client, db, make_vote, make_user, login_as, path, most):
    login_as(Role.STAFF)
    small, large = compare(client, db, make_vote, make_user, path, published=False)
    assert_flat(small, large, most)
