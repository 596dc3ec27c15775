"""Fixtures of the idea card tests (import them by name into a test module): a staff member,
printed idea cards, ballots of a vote, and the form staff send for a card."""

from __future__ import annotations

import pytest

from participation.core.permissions import Role
from participation.extensions import db
from participation.paper import registry
from participation.paper.models import PaperBatch, SheetKind
from participation.votes.seed import MARKET_SQUARE, build_vote

BASE = "/paper/ideas"
TITLE = "Trinkbrunnen am Markt"
BODY = "Im Sommer ist es am Markt heiß. Ein Trinkbrunnen würde allen helfen."


@pytest.fixture()
def clerk(make_user):
    """A staff member of the Bürgerbüro, who types in the cards."""
    return make_user(roles=(Role.STAFF,), display_name="Karla Karte")


def print_cards(count: int = 3) -> list[str]:
    """Register `count` idea cards (a batch without a PDF); return their codes."""
    batch = PaperBatch(kind=SheetKind.IDEA, size=count)
    db.session.add(batch)
    db.session.flush()
    return registry.register_sheets(batch)


@pytest.fixture()
def cards(db) -> list[str]:
    """The codes of three printed idea cards."""
    return print_cards(3)


@pytest.fixture()
def ballot_code(db) -> str:
    """The code of a printed ballot of an open vote."""
    vote = build_vote(MARKET_SQUARE)
    batch = PaperBatch(kind=SheetKind.VOTE, vote_id=vote.id, size=1)
    db.session.add(batch)
    db.session.flush()
    return registry.register_sheets(batch)[0]


def card_form(card: str, **changes) -> dict:
    """Return the form staff send for the card with the code `card`, with `changes` (None
    leaves a field out)."""
    data = {
        "code": card,
        "title": TITLE,
        "body": BODY,
        "category": "Sonstiges",
        "district": "",
        "author_name": "",
        "verbatim": "y",
        "submission_key": f"key-{card}",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
