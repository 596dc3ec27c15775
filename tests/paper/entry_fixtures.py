"""Fixtures of the entry tests (import them by name into a test module): three staff members,
an open vote and survey with registered sheets, and small helpers to enter a sheet."""

from __future__ import annotations

from datetime import timedelta

import pytest
from werkzeug.datastructures import MultiDict

from participation.core.permissions import Role
from participation.extensions import db
from participation.paper import entry, registry
from participation.paper.models import PaperBatch, SheetKind
from participation.surveys.seed import build_survey
from participation.votes.models import Vote
from participation.votes.seed import EXAMPLES, build_vote


@pytest.fixture()
def in_request(app):
    """A request context, for messages in the visitor's language."""
    with app.test_request_context():
        yield


@pytest.fixture()
def clerks(make_user):
    """Three staff members: the first, the second and the third to enter a sheet."""
    names = ("Erika Erst", "Zora Zweit", "Dora Dritt")
    return [make_user(roles=(Role.STAFF,), display_name=name) for name in names]


def make_sheets(subject, count: int = 3, creator=None) -> list[str]:
    """Register `count` sheets for a vote or survey (a batch without a PDF); return codes."""
    is_vote = isinstance(subject, Vote)
    batch = PaperBatch(
        kind=SheetKind.VOTE if is_vote else SheetKind.SURVEY,
        vote_id=subject.id if is_vote else None,
        survey_id=None if is_vote else subject.id,
        size=count,
        created_by_id=creator.id if creator else None,
    )
    db.session.add(batch)
    db.session.flush()
    return registry.register_sheets(batch)


@pytest.fixture()
def make_paper_vote(db):
    """Factory: make_paper_vote(kind, double_entry=True, **build_vote options) → an open vote."""

    def factory(kind, double_entry: bool = True, **options):
        vote = build_vote(EXAMPLES[kind], **options)
        vote.paper_double_entry = double_entry
        db.session.flush()
        return vote

    return factory


@pytest.fixture()
def paper_survey(db):
    """The example survey (every question type), open, without double entry."""
    return build_survey(opens_in=timedelta(days=-1))


def ballot_form(*ticked, unclear: bool = False) -> MultiDict:
    """Return a posted ballot form ticking these option ids (or "abstain")."""
    pairs = [("mark", str(value)) for value in ticked]
    if unclear:
        pairs.append(("unclear", "1"))
    return MultiDict(pairs)


def enter(code: str, staff, form: MultiDict, scope=None, role: str | None = None):
    """Enter a sheet as `staff` with the role it would be shown for; return what was saved."""
    scope = scope or entry.Scope()
    if role is None:
        role = entry.open_sheet(code, staff, scope).role.value
    return entry.save(code, role, form, staff, scope)
