"""Fixtures of the paper comment tests (import them by name into a test module): a staff member
of the Bürgerbüro, the author of a published proposal, the proposal, the form staff send for a
letter, and the service call the form makes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.comments.models import Comment
from participation.core.channels import Channel
from participation.core.permissions import Role
from participation.paper import comments as paper_comments
from participation.proposals import services as proposal_services

BASE = "/paper/comments/new"
TITLE = "Mehr Bänke am Markt"
LETTER = "Ich bin 84 Jahre alt. Eine Bank am Markt wäre für mich eine große Hilfe."


@pytest.fixture()
def clerk(make_user):
    """A staff member of the Bürgerbüro, who types in the letters."""
    return make_user(roles=(Role.STAFF,), display_name="Karla Karte")


@pytest.fixture()
def author(make_user):
    """The resident who wrote the proposal (and follows it)."""
    return make_user(display_name="Anna Autorin")


@pytest.fixture()
def proposal(db, author):
    """A proposal `author` published online, open for comments."""
    fields = {"title": TITLE, "body": "Bitte mehr Bänke.", "category": "Sonstiges"}
    draft = proposal_services.create_draft(author, fields | {"district": None}, [])
    proposal_services.publish(draft, author)
    db.session.flush()
    return draft


def letter_form(**changes) -> dict:
    """Return the form staff send for a letter, with `changes` (None leaves a field out)."""
    data = {
        "body": LETTER,
        "author_name": "",
        "verbatim": "y",
        "submission_key": "key-letter-1",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def url_for_proposal(proposal) -> str:
    """Return the address of the form for `proposal`."""
    return f"{BASE}?proposal={proposal.id}"


@pytest.fixture()
def transcribe(db, app, clerk):
    """transcribe(proposal, body=LETTER, name=None, key="k1") → the comment the clerk typed in
    through the service, as the page does."""

    def make(proposal, body: str = LETTER, name: str | None = None, key: str = "k1", staff=None):
        letter = paper_comments.Letter(body=body, author_name=name, submission_key=key)
        with app.test_request_context():
            comment = paper_comments.transcribe(letter, proposal, staff or clerk)
        db.session.flush()
        return comment

    return make


def paper_comments_of(db, proposal) -> list[Comment]:
    """Return the proposal's comments typed in from paper, oldest first."""
    query = (
        select(Comment)
        .where(Comment.thread_id == proposal.thread_id, Comment.channel == Channel.PAPER)
        .order_by(Comment.id)
    )
    return list(db.session.scalars(query))
