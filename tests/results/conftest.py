"""Fixtures of the results tests: a closed vote with ballots online and on paper, a closed
survey with responses, and people of each role."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participation.core.channels import Channel
from participation.core.permissions import Role
from participation.surveys.seed import build_survey
from participation.votes.models import BallotStatus, VoteKind
from participation.votes.seed import EXAMPLES, build_vote
from tests.surveys.test_results import respond
from tests.votes.test_results_pages import cast

CLOSED = {"opens_in": timedelta(days=-15), "open_for": timedelta(days=14)}


@pytest.fixture()
def council(make_user):
    """A council member, who publishes."""
    return make_user(roles=(Role.COUNCIL,), display_name="Ratsfrau Rita")


@pytest.fixture()
def clerk(make_user):
    """A staff member, who prepares."""
    return make_user(roles=(Role.STAFF,), display_name="Sachbearbeiter Sven")


@pytest.fixture()
def closed_vote(db):
    """A closed yes/no vote: 3 Ja and 1 Nein online, 1 Ja and 1 invalid on paper."""
    vote = build_vote(EXAMPLES[VoteKind.YES_NO], eligible_count=20, **CLOSED)
    for _ in range(3):
        cast(vote, [1])
    cast(vote, [2])
    cast(vote, [1], Channel.PAPER)
    cast(vote, [], Channel.PAPER, BallotStatus.INVALID)
    return vote


@pytest.fixture()
def closed_survey(db):
    """A closed survey (every question type) with two online and one paper response."""
    survey = build_survey(**CLOSED)
    respond(survey, single=0, multiple=[0, 1], yes_no=1, short="Mehr Bänke")
    respond(survey, single=1, multiple=[1], yes_no=0)
    respond(survey, Channel.PAPER, single=0, yes_no=1)
    return survey
