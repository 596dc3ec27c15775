"""Letters typed in at the same moment, on a committed database (a SQLite file or PostgreSQL):
one form sent many times at once (a nervous double click) makes one comment, counted, audited
and told once; different letters at many desks all become comments, and every one counts.
Past the first look-up, the form's unique key refuses a second comment."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.accounts import roles as role_service
from participation.accounts import services as accounts
from participation.comments.models import Comment, CommentThread
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.extensions import db
from participation.notifications.models import Notification
from participation.paper import comments as paper_comments
from participation.proposals import services as proposal_services
from participation.proposals.models import Proposal
from tests.conftest import PASSWORD
from tests.live import at_once, client_for, live_app
from tests.paper.paper_comment_fixtures import BASE, LETTER, letter_form

DESKS = 6


def account(number: int, *roles: Role):
    """Register a confirmed account with `roles`."""
    user = accounts.register(f"brief{number}@example.org", f"Brief {number}", PASSWORD, "de")
    user.user.confirm_email()
    if roles:
        role_service.set_roles(user.user, set(roles), actor=None)
    return user.user


@pytest.fixture()
def desks():
    """An app on its own committed database with DESKS staff members and a proposal."""
    with live_app("paper_comments") as app:
        with app.app_context():
            tokens = [account(number, Role.STAFF).session_token for number in range(DESKS)]
            author = account(DESKS)
            fields = {"title": "Bänke", "body": "Mehr Bänke.", "category": "Sonstiges"}
            proposal = proposal_services.create_draft(author, fields, [])
            proposal_services.publish(proposal, author)
            db.session.commit()
            proposal_id = proposal.id
        yield app, tokens, proposal_id


def send(app, token: str, proposal_id: int, key: str) -> int:
    """Send the letter's form as the staff member of `token`; return the status code."""
    url = f"{BASE}?proposal={proposal_id}"
    return client_for(app, token).post(url, data=letter_form(submission_key=key)).status_code


def outcome(app, proposal_id: int) -> tuple[int, int, int, int, int]:
    """Return (comments, transcriptions audited, notifications, thread count, proposal count)."""
    with app.app_context():
        count = func.count()
        proposal = db.session.get(Proposal, proposal_id)
        audited = select(count).where(AuditEntry.action == "paper.comment_transcribed")
        return (
            db.session.scalar(select(count).select_from(Comment)),
            db.session.scalar(audited),
            db.session.scalar(select(count).select_from(Notification)),
            db.session.get(CommentThread, proposal.thread_id).comment_count,
            proposal.comment_count,
        )


def test_one_form_sent_many_times_at_once_makes_one_comment(desks):
    app, tokens, proposal_id = desks
    statuses = at_once(DESKS, lambda n: send(app, tokens[0], proposal_id, "one-form"))
    assert statuses == [302] * DESKS
    assert outcome(app, proposal_id) == (1, 1, 1, 1, 1)


def test_different_letters_at_every_desk_at_once_all_count(desks):
    app, tokens, proposal_id = desks
    statuses = at_once(DESKS, lambda n: send(app, tokens[n], proposal_id, f"desk-{n}"))
    assert statuses == [302] * DESKS
    assert outcome(app, proposal_id) == (DESKS, DESKS, DESKS, DESKS, DESKS)


def test_past_the_look_up_the_database_refuses_a_second_comment_from_a_form(
    db, app, make_user, monkeypatch
):
    author = make_user()
    fields = {"title": "Bänke", "body": "Mehr Bänke.", "category": "Sonstiges"}
    proposal = proposal_services.create_draft(author, fields, [])
    proposal_services.publish(proposal, author)
    letter = paper_comments.Letter(body=LETTER, author_name=None, submission_key="same")
    with app.test_request_context():
        first = paper_comments.post(letter, proposal)
        monkeypatch.setattr(paper_comments, "find_by_submission_key", lookup_once_too_early())
        with pytest.raises(paper_comments.AlreadyPosted) as sent:
            paper_comments.post(letter, proposal)  # as if both requests had looked at once
    assert sent.value.comment.id == first.id
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 1
    assert proposal.thread.comment_count == 1


def lookup_once_too_early():
    """Return a look-up that misses the comment the first time (it was not committed yet)."""
    original = paper_comments.find_by_submission_key
    calls = []

    def lookup(key):
        calls.append(key)
        return None if len(calls) == 1 else original(key)

    return lookup
