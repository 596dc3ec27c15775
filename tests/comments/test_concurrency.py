"""Simultaneous votes on a real, committed database (SQLite file or PostgreSQL)."""

import pytest
from sqlalchemy import func, select

from participation.accounts import services as accounts
from participation.comments import services, subjects
from participation.comments.models import Comment, CommentVote
from participation.comments.threads import create_thread
from participation.extensions import db
from tests import live
from tests.conftest import PASSWORD
from tests.live import at_once, client_for


@pytest.fixture()
def live_app():
    """An app on its own database where every request really commits."""
    with live.live_app("comment_votes") as app:
        with app.app_context():
            subjects.register(
                "test",
                subjects.SubjectKind(
                    url=lambda thread: "/",
                    accepts_comments=lambda t: True,
                    is_visible=lambda t: True,
                ),
            )
        yield app


def make_comment_and_voters(app, voters):
    """Commit a thread with one comment and `voters` accounts; return ids and tokens."""
    with app.app_context():
        people = []
        for number in range(voters + 1):
            user = accounts.register(f"p{number}@example.org", f"P {number}", PASSWORD, "de").user
            user.confirm_email()
            people.append(user)
        db.session.flush()
        comment = services.post_comment(create_thread("test"), people[0], "Abstimmen, bitte")
        db.session.commit()
        return comment.id, [person.session_token for person in people[1:]]


def vote_state(app, comment_id):
    with app.app_context():
        rows = db.session.scalar(
            select(func.count())
            .select_from(CommentVote)
            .where(CommentVote.comment_id == comment_id)
        )
        return rows, db.session.get(Comment, comment_id).vote_count


def test_one_person_voting_at_once_from_several_tabs_counts_once(live_app):
    comment_id, [token] = make_comment_and_voters(live_app, 1)
    statuses = at_once(
        6,
        lambda n: (
            client_for(live_app, token)
            .post(f"/comments/{comment_id}/vote", data={"action": "add"})
            .status_code
        ),
    )
    assert statuses == [302] * 6
    assert vote_state(live_app, comment_id) == (1, 1)


def test_many_people_voting_at_once_are_all_counted(live_app):
    comment_id, tokens = make_comment_and_voters(live_app, 6)
    statuses = at_once(
        6,
        lambda n: (
            client_for(live_app, tokens[n])
            .post(f"/comments/{comment_id}/vote", data={"action": "add"})
            .status_code
        ),
    )
    assert statuses == [302] * 6
    assert vote_state(live_app, comment_id) == (6, 6)
