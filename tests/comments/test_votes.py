"""One up-vote per account and comment, never on one's own comment."""

from sqlalchemy import func, select

from participation.comments import services
from participation.comments.models import CommentVote


def vote_rows(db, comment):
    return db.session.scalar(
        select(func.count()).select_from(CommentVote).where(CommentVote.comment_id == comment.id)
    )


def test_vote_and_take_it_back(client, login_as, make_user, db, post):
    comment = post(make_user(), "Hilfreich?")
    login_as("resident")
    response = client.post(
        f"/comments/{comment.id}/vote", data={"action": "add", "next": "/?sort=best"}
    )
    assert response.headers["Location"].endswith(f"/?sort=best#comment-{comment.id}")
    db.session.refresh(comment)
    assert comment.vote_count == 1 and vote_rows(db, comment) == 1
    page = client.get(f"/comments/{comment.id}").text
    assert "1 Person findet das hilfreich." in page and "Nicht mehr hilfreich" in page
    client.post(f"/comments/{comment.id}/vote", data={"action": "remove"})
    db.session.refresh(comment)
    assert comment.vote_count == 0 and vote_rows(db, comment) == 0


def test_voting_twice_counts_once(client, login_as, make_user, db, post):
    comment = post(make_user())
    login_as("resident")
    for _ in range(3):
        client.post(f"/comments/{comment.id}/vote", data={"action": "add"})
    db.session.refresh(comment)
    assert comment.vote_count == 1 and vote_rows(db, comment) == 1


def test_removing_a_vote_that_is_not_there_changes_nothing(client, login_as, make_user, db, post):
    comment = post(make_user())
    login_as("resident")
    client.post(f"/comments/{comment.id}/vote", data={"action": "remove"})
    db.session.refresh(comment)
    assert comment.vote_count == 0


def test_votes_of_several_people_add_up(db, make_user, post):
    comment = post(make_user())
    for _ in range(3):
        services.set_vote(comment, make_user(), True)
    db.session.refresh(comment)
    assert comment.vote_count == 3 and vote_rows(db, comment) == 3


def test_own_comment_cannot_be_voted(client, login_as, db, post):
    comment = post(login_as("resident"), "Meins")
    assert "Hilfreich" not in client.get(f"/comments/{comment.id}").text
    client.post(f"/comments/{comment.id}/vote", data={"action": "add"})
    db.session.refresh(comment)
    assert comment.vote_count == 0 and vote_rows(db, comment) == 0
    page = client.get(f"/comments/{comment.id}").text
    assert "Ihren eigenen Kommentar können Sie nicht als hilfreich markieren." in page


def test_no_votes_in_a_closed_thread(client, login_as, make_user, db, thread, post):
    comment = post(make_user())
    services.close_thread(thread, make_user(roles=("staff",)), "Ende")
    login_as("resident")
    client.post(f"/comments/{comment.id}/vote", data={"action": "add"})
    db.session.refresh(comment)
    assert comment.vote_count == 0


def test_forms_only_return_to_pages_of_this_site(client, login_as, make_user, db, post):
    comment = post(make_user())
    login_as("resident")
    response = client.post(
        f"/comments/{comment.id}/vote", data={"action": "add", "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == f"/#comment-{comment.id}"
