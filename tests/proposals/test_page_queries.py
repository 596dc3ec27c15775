"""The proposal pages run as many SQL statements with six times as many rows: the Atom feed,
one's own and followed proposals, a draft's preview and edit form with their pictures, and the
list as signed-in people see it (supported and followed ones among them). The list for guests
and the detail page have query tests in test_listing.py, test_detail_queries.py and
test_discussion_pages.py."""

from __future__ import annotations

import pytest

from participation.proposals import follows, supports
from participation.proposals.models import ProposalImage, ProposalStatus
from tests.pagequeries import assert_flat, page_statements

SMALL, LARGE = 2, 12
STATES = [
    ProposalStatus.PUBLISHED,
    ProposalStatus.DRAFT,
    ProposalStatus.ACCEPTED,
    "hidden",
    ProposalStatus.IN_REVIEW,
]


def picture(proposal, position: int) -> None:
    """Add a picture row to the proposal (the pages show it; the file is not read)."""
    proposal.images.append(
        ProposalImage(
            position=position,
            filename=f"{proposal.id}-{position}.jpg",
            content_type="image/jpeg",
            width=800,
            height=600,
            alt_text=f"Bild {position}",
        )
    )


def proposals_of(make_proposal, make_user, author, size: int) -> list:
    """Write `size` proposals by `author` (or by different people) in various states, each
    with a picture, the open ones with a supporter."""
    made = []
    for number in range(size):
        proposal = make_proposal(author or make_user(), STATES[number % len(STATES)])
        picture(proposal, 1)
        if STATES[number % len(STATES)] is ProposalStatus.PUBLISHED:
            supports.add_support(proposal, make_user())
        made.append(proposal)
    return made


@pytest.mark.parametrize("path", ["/proposals/feed.atom", "/proposals/feed.atom?sort=new"])
def test_the_feed(client, db, make_proposal, make_user, path):
    runs = []
    for size in (SMALL, LARGE):
        proposals_of(make_proposal, make_user, None, size)
        runs.append(page_statements(client, db.engine, path))
    assert_flat(*runs, most=5)


def test_ones_own_proposals(client, db, login_as, make_proposal, make_user):
    author = login_as()
    runs = []
    for size in (SMALL, LARGE):
        proposals_of(make_proposal, make_user, author, size)
        runs.append(page_statements(client, db.engine, "/proposals/mine"))
    assert_flat(*runs, most=9)


def test_the_followed_proposals(client, db, login_as, make_proposal, make_user):
    person = login_as()
    runs = []
    for size in (SMALL, LARGE):
        for proposal in proposals_of(make_proposal, make_user, None, size):
            follows.set_following(proposal.id, person.id, True)
        db.session.flush()
        runs.append(page_statements(client, db.engine, "/proposals/followed"))
    assert_flat(*runs, most=9)


@pytest.mark.parametrize("page", ["preview", "edit"])
def test_a_draft_with_its_pictures(client, db, login_as, make_proposal, page):
    author = login_as()
    runs = []
    for pictures in (1, 3):  # at most three pictures per proposal
        draft = make_proposal(author, ProposalStatus.DRAFT)
        for position in range(1, pictures + 1):
            picture(draft, position)
        db.session.flush()
        runs.append(page_statements(client, db.engine, f"/proposals/{draft.id}/{page}"))
    assert_flat(*runs, most=9)


@pytest.mark.parametrize("role", ["resident", "staff"])
@pytest.mark.parametrize("path", ["/proposals/", "/proposals/?q=Vorschlag&sort=supported"])
def test_the_list_for_signed_in_people(client, db, login_as, make_proposal, make_user, role, path):
    person = login_as(role)
    runs = []
    for size in (SMALL, LARGE):
        for proposal in proposals_of(make_proposal, make_user, None, size):
            if proposal.accepts_supports:
                supports.add_support(proposal, person)
                follows.set_following(proposal.id, person.id, True)
        db.session.flush()
        runs.append(page_statements(client, db.engine, path))
    assert_flat(*runs, most=9)
