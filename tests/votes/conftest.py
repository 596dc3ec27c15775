"""Vote fixtures: the example votes of every kind, built as staff would."""

from __future__ import annotations

from dataclasses import replace

import pytest

from participation.core.permissions import Role
from participation.votes.models import Eligibility, VoteKind
from participation.votes.seed import EXAMPLES, build_vote
from tests.conftest import verify_person


@pytest.fixture()
def staff(make_user):
    """A staff member (Stadtverwaltung), who sets up votes and reads their tallies."""
    return make_user(roles=(Role.STAFF,), display_name="Sabine Stadtverwaltung")


@pytest.fixture()
def make_vote(db, staff):
    """Factory: make_vote(kind=VoteKind.BUDGET, eligibility=..., districts=[...],
    published=..., opens_in=..., open_for=..., spec=...) → an example vote, flushed."""

    def factory(kind: VoteKind = VoteKind.YES_NO, spec: dict | None = None, **options):
        options.setdefault("eligibility", Eligibility.VERIFIED)
        return build_vote(spec or EXAMPLES[kind], author=staff, **options)

    return factory


@pytest.fixture()
def vote(make_vote):
    """An open yes/no vote for verified residents."""
    return make_vote()


@pytest.fixture()
def voter(login_as):
    """A signed-in verified resident."""
    return login_as(Role.VERIFIED)


@pytest.fixture()
def make_voter(make_user):
    """Factory: make_voter(district=None, **make_user options) → an account the Bürgerbüro
    has verified, each for a different person (names of letters only: the key ignores digits)."""
    counter = iter(range(1, 10_000))

    def factory(district: str | None = None, **options):
        user = make_user(**options)
        verify_person(user, f"Waehler{letters(next(counter))}", district=district)
        return user

    return factory


def letters(number: int) -> str:
    """Return `number` written with the letters a–z (1 → "b", 26 → "ba")."""
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[digit] + word
        if not number:
            return word


@pytest.fixture()
def districts(app, monkeypatch):
    """Give the town two districts for the length of a test."""
    town = replace(app.extensions["town"], districts=("Innenstadt", "Schlettwein"))
    monkeypatch.setitem(app.extensions, "town", town)
    return town.districts
