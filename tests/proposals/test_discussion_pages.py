"""A long discussion on a proposal page comes in pages of top-level comments with their replies."""

import re
from datetime import timedelta

from participation.comments import links, paging
from participation.comments.models import Comment, CommentState
from participation.comments.services import post_comment
from tests.querycount import counted_queries


def discussion(db, proposal, author, top_level: int) -> list[Comment]:
    """Post `top_level` top-level comments, a minute apart, each with one reply; return them."""
    tops = []
    for number in range(top_level):
        top = post_comment(proposal.thread, author, f"Oben {number:03d}")
        top.created_at = proposal.published_at + timedelta(minutes=number)
        reply = post_comment(proposal.thread, author, f"Antwort {number:03d}", top.id)
        reply.created_at = top.created_at + timedelta(seconds=30)
        tops.append(top)
    db.session.flush()
    return tops


def shown(client, path: str) -> list[str]:
    """Return the comment texts on a page, in order."""
    return re.findall(r"(?:Oben|Antwort) \d{3}", client.get(path).text)


def test_first_page_shows_30_top_level_comments_with_replies(client, db, make_proposal, make_user):
    proposal = make_proposal()
    discussion(db, proposal, make_user(), 70)
    page = client.get(f"/proposals/{proposal.id}").text
    texts = shown(client, f"/proposals/{proposal.id}")
    assert texts[:4] == ["Oben 000", "Antwort 000", "Oben 001", "Antwort 001"]
    assert len(texts) == 2 * paging.PER_PAGE
    assert "Diskussion (140)" in page and "Seite 1 von 3" in page
    assert f'href="/proposals/{proposal.id}?comments_page=2#comments"' in page
    last = shown(client, f"/proposals/{proposal.id}?comments_page=3")
    assert last[0] == "Oben 060" and len(last) == 20


def test_pages_follow_the_sort_order(client, db, make_proposal, make_user):
    proposal = make_proposal()
    discussion(db, proposal, make_user(), 35)
    newest = shown(client, f"/proposals/{proposal.id}?sort=newest")
    assert newest[0] == "Oben 034" and len(newest) == 60
    page = client.get(f"/proposals/{proposal.id}?sort=newest").text
    assert f'href="/proposals/{proposal.id}?sort=newest&amp;comments_page=2#comments"' in (page)
    assert shown(client, f"/proposals/{proposal.id}?sort=newest&comments_page=2")[0] == "Oben 004"


def test_odd_page_numbers_show_the_first_or_last_page(client, db, make_proposal, make_user):
    proposal = make_proposal()
    discussion(db, proposal, make_user(), 31)
    base = f"/proposals/{proposal.id}"
    for odd in ("x", "-3", "0", "", "1e3", "1.5"):
        response = client.get(f"{base}?comments_page={odd}")
        assert response.status_code == 200 and "Oben 000" in response.text
    assert shown(client, f"{base}?comments_page=99999999999999") == ["Oben 030", "Antwort 030"]


def test_a_comment_address_names_the_page_of_its_top_level_comment(
    app, db, make_proposal, make_user
):
    proposal = make_proposal()
    tops = discussion(db, proposal, make_user(), 65)
    reply = db.session.query(Comment).filter_by(parent_id=tops[44].id).one()
    with app.test_request_context():
        assert links.comment_location(tops[0]) == f"/proposals/{proposal.id}#comment-{tops[0].id}"
        assert links.comment_location(reply) == (
            f"/proposals/{proposal.id}?comments_page=2#comment-{reply.id}"
        )
        newest_first = f"/proposals/{proposal.id}?sort=newest#comment-{reply.id}"  # page 1
        assert links.comment_location(reply, "newest") == newest_first
        assert "comments_page=3" in links.comment_location(tops[64])


def test_a_new_comment_leads_to_the_page_it_is_on(client, db, make_proposal, make_user, login_as):
    proposal = make_proposal()
    discussion(db, proposal, make_user(), 40)
    login_as("resident")
    response = client.post(
        f"/comments/thread/{proposal.thread_id}",
        data={"body": "Ganz neu hier", "sort": "oldest"},
    )
    assert response.status_code == 302
    assert "comments_page=2#comment-" in response.location
    assert "Ganz neu hier" in client.get(response.location).text


def test_deleted_top_level_comments_without_replies_take_no_place(
    client, db, make_proposal, make_user
):
    proposal = make_proposal()
    author = make_user()
    for number in range(40):
        top = post_comment(proposal.thread, author, f"Oben {number:03d}")
        top.created_at = proposal.published_at + timedelta(minutes=number)
        if number < 10:
            top.state = CommentState.DELETED
    db.session.flush()
    page = client.get(f"/proposals/{proposal.id}").text
    assert "Seite 1 von" not in page  # 30 shown comments fit on one page
    assert len(shown(client, f"/proposals/{proposal.id}")) == 30


def test_a_page_costs_the_same_queries_for_40_and_400_top_level_comments(
    client, db, make_proposal, make_user
):
    author = make_user()
    counts = []
    for size in (40, 400):
        proposal = make_proposal()
        discussion(db, proposal, author, size)
        path = f"/proposals/{proposal.id}?comments_page=2"
        client.get(path)
        with counted_queries(db.engine) as statements:
            assert client.get(path).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
