"""Two moderators deciding the same item at the same moment, on a real, committed database
(SQLite file or PostgreSQL): one decision wins, the other moderator is told."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.accounts import roles
from participation.accounts import services as accounts
from participation.comments import services as comment_services
from participation.comments.models import Comment, CommentState
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.extensions import db
from participation.moderation import reports
from participation.moderation.items import find_item
from participation.moderation.models import Decision, ModerationItem, Reason, SubjectType
from participation.proposals import services as proposals
from tests import dbutil, live
from tests.conftest import PASSWORD
from tests.live import at_once, client_for

CONFLICT = "Eine andere Person aus der Moderation hat inzwischen entschieden"
ON_SQLITE = dbutil.base_url() is None


@pytest.fixture()
def live_app():
    """An app on its own database where every request really commits."""
    with live.live_app("moderation_decisions") as app:
        yield app


def person(number: int, *granted: Role):
    user = accounts.register(f"m{number}@example.org", f"Person {number}", PASSWORD, "de").user
    user.confirm_email()
    db.session.flush()
    if granted:
        roles.set_roles(user, set(granted), actor=None)
    return user


def reported_comment(app):
    """Commit a proposal with a reported comment and two moderators; return ids and tokens."""
    with app.app_context():
        author, reporter = person(1), person(2)
        moderators = [person(3, Role.MODERATOR), person(4, Role.MODERATOR)]
        proposal = proposals.create_draft(
            author,
            {
                "title": "Ein Vorschlag",
                "body": "Text",
                "category": "Sonstiges",
                "district": None,
                "submission_key": None,
            },
            [],
        )
        proposals.publish(proposal, author)
        comment = comment_services.post_comment(proposal.thread, author, "Streitbarer Beitrag")
        reports.report(SubjectType.COMMENT, comment.id, reporter, Reason.INSULT)
        item = find_item(SubjectType.COMMENT, comment.id)
        db.session.commit()
        return item.id, item.version, comment.id, [m.session_token for m in moderators]


def decide_at_once(app, item_id, version, tokens, choices):
    """POST one decision per moderator at the same moment; return the responses."""

    def send(n):
        data = {"version": version, **choices[n]}
        response = client_for(app, tokens[n]).post(f"/moderation/items/{item_id}", data=data)
        return response.status_code, response.get_data(as_text=True)

    return at_once(len(tokens), send)


def outcome(app, item_id, comment_id):
    with app.app_context():
        decisions = list(db.session.scalars(select(Decision).where(Decision.item_id == item_id)))
        item = db.session.get(ModerationItem, item_id)
        audited = db.session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.target_type == "moderation_items", AuditEntry.target_id == item_id)
        )
        state = db.session.get(Comment, comment_id).state
        return decisions, item.is_open, audited, state


def winner_and_loser(responses):
    statuses = sorted(status for status, _ in responses)
    assert statuses == [302, 409], statuses
    winner = next(n for n, (status, _) in enumerate(responses) if status == 302)
    loser_text = next(text for status, text in responses if status == 409)
    return winner, loser_text


HIDE = {"action": "hide", "reason": "insult", "statement": "Bitte sachlich."}
WARN = {"action": "warn", "reason": "insult"}
LOCK = {"action": "lock", "reason": "off_topic"}
DISMISS = {"action": "dismiss"}


def test_two_moderators_warning_at_once_write_one_decision(live_app):
    item_id, version, comment_id, tokens = reported_comment(live_app)
    responses = decide_at_once(live_app, item_id, version, tokens, [WARN, WARN])
    _, loser_text = winner_and_loser(responses)
    assert CONFLICT in loser_text
    decisions, is_open, audited, state = outcome(live_app, item_id, comment_id)
    assert len(decisions) == 1 and decisions[0].action.value == "warn"
    assert not is_open and audited == 1
    assert state is CommentState.VISIBLE


def test_lock_and_warn_at_once_keep_only_the_winners_decision(live_app):
    item_id, version, comment_id, tokens = reported_comment(live_app)
    responses = decide_at_once(live_app, item_id, version, tokens, [LOCK, WARN])
    winner, loser_text = winner_and_loser(responses)
    assert CONFLICT in loser_text
    decisions, is_open, _, _ = outcome(live_app, item_id, comment_id)
    assert [d.action.value for d in decisions] == [[LOCK, WARN][winner]["action"]]


def test_two_moderators_hiding_at_once_write_one_decision(live_app):
    item_id, version, comment_id, tokens = reported_comment(live_app)
    responses = decide_at_once(live_app, item_id, version, tokens, [HIDE, HIDE])
    _, loser_text = winner_and_loser(responses)
    assert CONFLICT in loser_text
    decisions, is_open, audited, state = outcome(live_app, item_id, comment_id)
    assert len(decisions) == 1 and decisions[0].action.value == "hide"
    assert not is_open and audited == 1
    assert state is CommentState.HIDDEN


def test_hide_and_dismiss_at_once_end_in_the_winners_state(live_app):
    item_id, version, comment_id, tokens = reported_comment(live_app)
    responses = decide_at_once(live_app, item_id, version, tokens, [HIDE, DISMISS])
    winner, loser_text = winner_and_loser(responses)
    assert CONFLICT in loser_text
    decisions, is_open, audited, state = outcome(live_app, item_id, comment_id)
    assert [d.action.value for d in decisions] == [["hide", "dismiss"][winner]]
    assert not is_open and audited == 1
    assert state is (CommentState.HIDDEN if winner == 0 else CommentState.VISIBLE)
