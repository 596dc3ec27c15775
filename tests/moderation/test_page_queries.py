"""The moderation's lists and an item's page run as many SQL statements in a world six times as
big: decided items, an item's reports and history, the decisions that affect a person (the open
queue and the transparency page have query tests in test_queue.py and test_transparency.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.comments import services as comment_services
from participation.core.permissions import Role
from participation.moderation import appeals
from participation.moderation.models import ModerationItem, Reason
from tests.moderation.test_queue import mixed_items
from tests.pagequeries import assert_flat, page_statements

SMALL, LARGE = 1, 6
REASONS = [Reason.SPAM, Reason.INSULT, Reason.OFF_TOPIC, Reason.OTHER]


def compare(client, db, build, path: str) -> list[list[str]]:
    """Return the statements of `path` (formatted with what `build(size)` returns) for the
    small and the large world."""
    return [
        page_statements(client, db.engine, path.format(**build(size))) for size in (SMALL, LARGE)
    ]


def test_the_decided_items(client, db, login_as, make_user, make_proposal, report_by, decide):
    login_as(Role.MODERATOR)
    deciding = make_user(roles=(Role.MODERATOR,))

    def build(size: int) -> dict:
        mixed_items(db, make_user, make_proposal, report_by, size)
        waiting = select(ModerationItem).where(ModerationItem.is_open.is_(True))
        for item in list(db.session.scalars(waiting)):
            decide(item, deciding, "dismiss")
        db.session.flush()
        return {}

    small, large = compare(client, db, build, "/moderation/?show=decided")
    assert_flat(small, large, 16)


def test_an_item_with_its_reports_and_history(
    app, client, db, login_as, make_user, proposal, report_by, item_of, decide, monkeypatch
):
    monkeypatch.setitem(app.config, "MODERATION_AUTO_HIDE_REPORTS", 1000)  # stays reportable
    login_as(Role.MODERATOR)
    deciding = make_user(roles=(Role.MODERATOR,))

    def build(size: int) -> dict:
        comment = comment_services.post_comment(proposal.thread, make_user(), "Ein Kommentar")
        for number in range(size * 2):  # decided reports: the item's history
            report_by("comment", comment.id, REASONS[number % 4], note=f"Notiz {number}")
            decide(item_of("comment", comment), deciding, "dismiss")
        for number in range(size * 3):  # new reports open the item again
            report_by("comment", comment.id, REASONS[number % 4], note=f"Neu {number}")
        db.session.flush()
        return {"id": item_of("comment", comment).id}

    small, large = compare(client, db, build, "/moderation/items/{id}")
    assert_flat(small, large, 18)


def test_the_decisions_that_affect_a_person(
    client, db, login_as, make_user, make_proposal, report_by, item_of, decide
):
    person = login_as(Role.RESIDENT)
    deciding = make_user(roles=(Role.MODERATOR,))

    def build(size: int) -> dict:
        for number in range(size * 3):
            written = make_proposal(person, title=f"Vorschlag {number}")
            report_by("proposal", written.id)
            decide(item_of("proposal", written), deciding, "hide", "spam", "Werbung")
        db.session.flush()
        return {}

    small, large = compare(client, db, build, "/moderation/decisions")
    assert_flat(small, large, 9)


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MODERATOR])
def test_a_decision_with_its_appeal(
    client, db, login_as, make_user, make_proposal, report_by, item_of, decide, role
):
    viewer = login_as(role)
    deciding = make_user(roles=(Role.MODERATOR,))

    def build(size: int) -> dict:
        person = viewer if role is Role.RESIDENT else make_user()
        written = make_proposal(person, title="Vorschlag", body="Text " * size)
        report_by("proposal", written.id)
        decision = decide(item_of("proposal", written), deciding, "hide", "spam", "Werbung")
        appeals.lodge(decision, person, "Bitte noch einmal prüfen. " * size)
        db.session.flush()
        return {"id": decision.id}

    small, large = compare(client, db, build, "/moderation/decisions/{id}")
    assert_flat(small, large, 11)
