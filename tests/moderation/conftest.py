"""Moderation fixtures: a published proposal with a comment, reporters, and shortcuts."""

from __future__ import annotations

import pytest

from participation.comments import services as comment_services
from participation.core.permissions import Role
from participation.moderation import decisions, reports
from participation.moderation.items import find_item
from participation.moderation.models import Action, Reason, SubjectType
from tests.proposals.conftest import make_proposal  # noqa: F401, F811 - a shared fixture


@pytest.fixture()
def author(make_user):
    """The person whose content is reported."""
    return make_user(display_name="Autorin")


@pytest.fixture()
def proposal(make_proposal, author):  # noqa: F811
    """A published proposal by `author`."""
    return make_proposal(author, title="Mehr Bänke am Markt", body="Bitte mehr Bänke aufstellen.")


@pytest.fixture()
def comment(db, proposal, author):
    """A visible comment by `author` on `proposal`."""
    return comment_services.post_comment(proposal.thread, author, "Ein ganz normaler Kommentar.")


@pytest.fixture()
def moderator(make_user):
    """An account with the moderator role (not signed in)."""
    return make_user(display_name="Moderator", roles=(Role.MODERATOR,))


@pytest.fixture()
def report_by(make_user, db):
    """report_by(subject_type, subject_id, reason=SPAM, note=None, reporter=None) → Report."""

    def make(subject_type, subject_id, reason=Reason.SPAM, note=None, reporter=None):
        reporter = reporter or make_user()
        entry = reports.report(SubjectType(subject_type), subject_id, reporter, reason, note)
        db.session.flush()
        return entry

    return make


@pytest.fixture()
def decide(db):
    """decide(item, moderator, action, reason=None, statement=None, days=None) via the service."""

    def make(item, moderator, action, reason=None, statement=None, days=None):
        db.session.refresh(item)
        choice = decisions.Choice(
            action=Action(action),
            version=item.version,
            reason=Reason(reason) if reason else None,
            statement=statement,
            suspend_days=days,
        )
        return decisions.decide(item, moderator, choice)

    return make


@pytest.fixture()
def item_of(db):
    """item_of(subject_type, subject) → its ModerationItem (or None)."""

    def find(subject_type, subject):
        return find_item(SubjectType(subject_type), subject.id)

    return find
