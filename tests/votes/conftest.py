"""Vote fixtures: the example votes of every kind, built as staff would."""

from __future__ import annotations

import pytest

from participation.core.permissions import Role
from participation.votes.models import Eligibility, VoteKind
from participation.votes.seed import EXAMPLES, build_vote


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
