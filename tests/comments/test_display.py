"""Showing a thread: nesting, sort orders, the depth limit, permalinks, bounded queries."""

import random
from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask import render_template_string
from sqlalchemy import select

from participation.comments import services
from participation.comments.models import MAX_DEPTH_SHOWN, Comment
from participation.comments.threads import create_thread
from participation.core.markup import render_comment_markdown
from participation.core.models import utcnow
from tests.querycount import counted_queries


def chain(post, author, length):
    """Post a chain of replies, each answering the one before; return them."""
    comments, parent = [], None
    for number in range(length):
        parent = post(author, f"Ebene {number}", parent=parent)
        comments.append(parent)
    return comments


@contextmanager
def page_request(app):
    """A request with its own app context, so nothing it puts in `g` reaches later tests."""
    with app.app_context(), app.test_request_context("/"):
        yield


def render_thread(view, **context):
    return render_template_string(
        '{% include "comments/_thread.html" %}', thread_view=view, **context
    )


def test_thread_shows_heading_count_form_and_nested_comments(app, db, thread, post, make_user):
    author = make_user(display_name="Anna Anger")
    top = post(author, "Oben")
    post(make_user(), "Darunter", parent=top)
    viewer = make_user()
    with page_request(app):
        html = render_thread(services.load_thread_view(thread, viewer=viewer))
    assert "Diskussion (2)" in html
    assert 'id="new-comment-body"' in html
    assert f'id="comment-{top.id}"' in html and "Anna Anger" in html
    assert html.count('<ol class="comment-list">') == 2
    assert "<details" in html and "<summary" in html and "Antworten" in html
    assert "style=" not in html and "<script" not in html
    assert f'href="/comments/{top.id}"' in html  # permalink


def test_guest_gets_a_sign_in_link_instead_of_the_form(app, db, thread, post, make_user):
    from flask_login import AnonymousUserMixin

    post(make_user())
    with page_request(app):
        html = render_thread(services.load_thread_view(thread, viewer=AnonymousUserMixin()))
    assert "/account/signin?next=" in html and "<textarea" not in html
    assert "/vote" not in html


def test_sort_orders(db, thread, post, make_user):
    first = post(make_user(), "Erster")
    second = post(make_user(), "Zweiter")
    third = post(make_user(), "Dritter")
    first.created_at = utcnow() - timedelta(hours=3)
    second.created_at = utcnow() - timedelta(hours=2)
    for _ in range(2):
        services.set_vote(second, make_user(), True)
    services.set_vote(third, make_user(), True)
    db.session.flush()
    db.session.refresh(second)
    db.session.refresh(third)

    def order(sort):
        view = services.load_thread_view(thread, viewer=make_user(), sort=sort)
        return [node.comment.body for node in view.comments]

    assert order("oldest") == ["Erster", "Zweiter", "Dritter"]
    assert order("newest") == ["Dritter", "Zweiter", "Erster"]
    assert order("best") == ["Zweiter", "Dritter", "Erster"]
    assert order("nonsense") == order("oldest")


def test_siblings_are_sorted_too(db, thread, post, make_user):
    top = post(make_user(), "Oben")
    early = post(make_user(), "Früh", parent=top)
    late = post(make_user(), "Spät", parent=top)
    early.created_at = utcnow() - timedelta(hours=1)
    services.set_vote(late, make_user(), True)
    db.session.flush()
    db.session.refresh(late)
    best = services.load_thread_view(thread, viewer=make_user(), sort="best").comments[0]
    newest = services.load_thread_view(thread, viewer=make_user(), sort="newest").comments[0]
    assert [node.comment.body for node in best.children] == ["Spät", "Früh"]
    assert [node.comment.body for node in newest.children] == ["Spät", "Früh"]


def test_sort_links_keep_their_state_in_the_url(client, login_as, db, post):
    comment = post(login_as("resident"))
    post(login_as("resident"), parent=comment)
    page = client.get(f"/comments/{comment.id}?sort=best").text
    assert 'href="?sort=best#comments" aria-current="true"' in page
    assert 'href="?sort=newest#comments"' in page
    assert 'name="sort" value="best"' in page


def test_deep_replies_sit_behind_a_continue_link(client, app, db, thread, post, make_user):
    comments = chain(post, make_user(), MAX_DEPTH_SHOWN + 4)  # depths 0…7
    with page_request(app):
        html = render_thread(services.load_thread_view(thread, viewer=make_user()))
    cut = comments[MAX_DEPTH_SHOWN]
    for shown in comments[: MAX_DEPTH_SHOWN + 1]:
        assert f'id="comment-{shown.id}"' in html
    for hidden in comments[MAX_DEPTH_SHOWN + 1 :]:
        assert f'id="comment-{hidden.id}"' not in html
    assert "Diskussion weiterlesen" in html and "3 weitere Antworten" in html
    assert f'href="/comments/{cut.id}"' in html
    page = client.get(f"/comments/{cut.id}").text
    for shown in comments[MAX_DEPTH_SHOWN:]:
        assert f'id="comment-{shown.id}"' in page
    assert "Zur ganzen Diskussion" in page and "Diskussion weiterlesen" not in page


def test_a_deep_reply_goes_to_its_parents_page(client, login_as, db, thread, post, make_user):
    comments = chain(post, make_user(), MAX_DEPTH_SHOWN + 1)
    login_as("resident")
    response = client.post(
        f"/comments/thread/{thread.id}", data={"body": "Ganz unten", "parent_id": comments[-1].id}
    )
    reply = db.session.scalar(select(Comment).where(Comment.parent_id == comments[-1].id))
    assert reply.depth == MAX_DEPTH_SHOWN + 1
    location = response.headers["Location"]
    assert location.endswith(f"/comments/{comments[-1].id}#comment-{reply.id}")
    page = client.get(location.split("#")[0]).text
    assert f'id="comment-{reply.id}"' in page and "Ganz unten" in page


def test_a_very_long_chain_does_not_break_the_page(client, db, thread, make_user):
    author = make_user()
    parent = None
    for depth in range(1200):  # deeper than Python's recursion limit
        parent = Comment(
            thread_id=thread.id,
            parent_id=parent.id if parent else None,
            author_id=author.id,
            depth=depth,
            body="x",
            body_html="<p>x</p>",
        )
        db.session.add(parent)
        db.session.flush()
    assert client.get(f"/comments/{parent.id}").status_code == 200
    top = db.session.scalar(select(Comment.id).where(Comment.depth == 0))
    assert client.get(f"/comments/{top}").status_code == 200
    node = services.load_thread_view(thread, viewer=author).comments[0]
    for _ in range(MAX_DEPTH_SHOWN):
        [node] = node.children
    assert node.children == [] and node.more_count == 1199 - MAX_DEPTH_SHOWN


def make_thread_with(db, count, authors, viewer):
    """A thread with `count` comments spread over several levels; the viewer voted a few."""
    thread = create_thread("test")
    rng = random.Random(count)
    made = []
    for number in range(count):
        parent = rng.choice([None, *made[-20:]]) if made else None
        comment = Comment(
            thread_id=thread.id,
            parent_id=parent.id if parent else None,
            author_id=authors[number % len(authors)].id,
            depth=parent.depth + 1 if parent else 0,
            body=f"Beitrag {number}",
            body_html=str(render_comment_markdown(f"Beitrag **{number}**")),
            vote_count=number % 3,
        )
        db.session.add(comment)
        db.session.flush()
        made.append(comment)
    for comment in made[::3]:
        services.set_vote(comment, viewer, True)
    thread.comment_count = count
    db.session.flush()
    assert max(comment.depth for comment in made) > MAX_DEPTH_SHOWN or count < 50
    return thread


@pytest.mark.parametrize("sort", ["oldest", "best"])
def test_rendering_a_thread_costs_the_same_queries_for_5_and_500(app, db, subject, make_user, sort):
    authors = [make_user() for _ in range(12)]
    viewer = make_user(roles=("staff",))
    counts = {}
    for size in (5, 500):
        thread = make_thread_with(db, size, authors, viewer)
        db.session.expire_all()
        with page_request(app), counted_queries(db.engine) as statements:
            view = services.load_thread_view(thread, viewer=viewer, sort=sort)
            html = render_thread(view)
        assert f"Diskussion ({size})" in html
        counts[size] = len(statements)
    assert counts[5] == counts[500], counts
    assert counts[500] <= 8  # the paging adds two: how many top-level comments, this page's


def test_the_subtree_page_costs_the_same_queries_for_5_and_500(
    client, login_as, db, subject, make_user
):
    viewer = login_as("resident")
    authors = [make_user() for _ in range(12)]
    counts = {}
    for size in (5, 500):
        thread = make_thread_with(db, size, authors, viewer)
        root = Comment(
            thread_id=thread.id, author_id=authors[0].id, depth=0, body="Wurzel", body_html="x"
        )
        db.session.add(root)
        db.session.flush()
        db.session.execute(
            Comment.__table__.update()
            .where(
                Comment.thread_id == thread.id, Comment.parent_id.is_(None), Comment.id != root.id
            )
            .values(parent_id=root.id)
        )
        db.session.execute(
            Comment.__table__.update()
            .where(Comment.thread_id == thread.id, Comment.id != root.id)
            .values(depth=Comment.depth + 1)
        )
        with counted_queries(db.engine) as statements:
            page = client.get(f"/comments/{root.id}")
        assert page.status_code == 200
        counts[size] = len(statements)
    assert counts[5] == counts[500], counts
