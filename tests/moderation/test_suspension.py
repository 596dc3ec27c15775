"""A suspended account can read but not post, support, vote or report, until the end date."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.comments import services as comment_services
from participation.comments.models import Comment, CommentVote
from participation.core.models import utcnow
from participation.moderation.models import Report
from participation.proposals.models import Proposal, ProposalStatus, ProposalSupport

REFUSED = "Ihr Konto ist gesperrt"
REFUSAL_HEADING = re.compile(r"<h1[^>]*>\s*Ihr Konto ist gesperrt\s*</h1>")
UNTIL_DATE = re.compile(r"Ihr Konto ist bis \d{2}\.\d{2}\.\d{4}[^<]* gesperrt\.")
UNTIL_LIFTED = "Ihr Konto ist gesperrt, bis die Moderation die Sperre aufhebt."


def sign_in_as(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token


def rows(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture()
def others(make_user, make_proposal, db):
    """Content by someone else: a proposal with one comment."""
    writer = make_user(display_name="Jemand anderes")
    proposal = make_proposal(writer, title="Ein fremder Vorschlag")
    comment = comment_services.post_comment(proposal.thread, writer, "Ein fremder Kommentar.")
    return proposal, comment


@pytest.fixture()
def suspend(author, comment, moderator, report_by, decide, item_of):
    """suspend(days=7) → the decision suspending `author` (reported for `comment`)."""

    def make(days=7):
        report_by("comment", comment.id)
        return decide(item_of("comment", comment), moderator, "suspend", reason="insult", days=days)

    return make


@pytest.fixture()
def suspended(client, suspend, author):
    """`author`, suspended for 7 days and signed in."""
    suspend(7)
    sign_in_as(client, author)
    return author


def assert_refused(response):
    assert response.status_code == 403
    assert REFUSAL_HEADING.search(response.text)


def test_a_suspension_sets_the_end_date(suspend, author):
    decision = suspend(7)
    assert author.is_suspended and author.suspended_at is not None
    expected = utcnow() + timedelta(days=7)
    assert abs(author.suspended_until - expected) < timedelta(minutes=1)
    assert decision.suspended_until == author.suspended_until


def test_posting_a_comment_is_refused(client, suspended, others, db):
    proposal, _ = others
    response = client.post(f"/comments/thread/{proposal.thread_id}", data={"body": "Trotzdem"})
    assert_refused(response)
    assert db.session.scalar(select(Comment).where(Comment.body == "Trotzdem")) is None


def test_replying_is_refused(client, suspended, others, db):
    proposal, comment = others
    response = client.post(
        f"/comments/thread/{proposal.thread_id}", data={"body": "Antwort", "parent_id": comment.id}
    )
    assert_refused(response)
    assert db.session.scalar(select(Comment).where(Comment.parent_id == comment.id)) is None


def test_voting_a_comment_helpful_is_refused(client, suspended, others, db):
    _, comment = others
    assert_refused(client.post(f"/comments/{comment.id}/vote", data={"action": "add"}))
    assert rows(db, CommentVote) == 0
    db.session.refresh(comment)
    assert comment.vote_count == 0


def test_creating_a_proposal_is_refused(client, suspended, db):
    form = {"submission_key": "k", "title": "Gesperrt", "body": "Text", "category": "Sonstiges"}
    assert_refused(client.post("/proposals/new", data=form))
    assert db.session.scalar(select(Proposal).where(Proposal.title == "Gesperrt")) is None


def test_publishing_a_draft_is_refused(client, suspended, make_proposal, db):
    draft = make_proposal(suspended, status="draft")
    assert_refused(client.post(f"/proposals/{draft.id}/publish"))
    db.session.refresh(draft)
    assert draft.status is ProposalStatus.DRAFT


def test_supporting_is_refused(client, suspended, others, db):
    proposal, _ = others
    assert_refused(client.post(f"/proposals/{proposal.id}/support", data={"action": "add"}))
    assert rows(db, ProposalSupport) == 0
    db.session.refresh(proposal)
    assert proposal.support_count == 0


def test_reporting_is_refused(client, suspended, others, db):
    proposal, comment = others
    for subject in (f"proposal/{proposal.id}", f"comment/{comment.id}"):
        assert_refused(client.post(f"/moderation/report/{subject}", data={"reason": "spam"}))
        page = client.get(f"/moderation/report/{subject}")
        assert page.status_code == 403 and "Sie können im Moment nichts melden" in page.text
        assert "Meldung senden" not in page.text
    assert rows(db, Report) == 1  # only the report that led to the suspension


def test_a_banner_with_the_end_date_is_on_every_page(client, suspended, others):
    proposal, comment = others
    for path in ("/", "/proposals/", f"/proposals/{proposal.id}", f"/comments/{comment.id}"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert UNTIL_DATE.search(page.text), path
    assert UNTIL_DATE.search(client.get("/profile/").text)


def test_the_refusal_page_says_until_when(client, suspended, others):
    proposal, _ = others
    response = client.post(f"/comments/thread/{proposal.thread_id}", data={"body": "Trotzdem"})
    assert UNTIL_DATE.search(response.text)


def test_reading_still_works(client, suspended, others):
    proposal, comment = others
    for path in (
        "/",
        "/proposals/",
        "/proposals/?q=fremder",
        f"/proposals/{proposal.id}",
        f"/comments/{comment.id}",
        "/proposals/mine",
        "/moderation/transparency",
        "/moderation/decisions",
    ):
        assert client.get(path).status_code == 200, path
    assert "Ein fremder Kommentar." in client.get(f"/proposals/{proposal.id}").text


def test_the_profile_can_still_be_changed(client, suspended, db):
    response = client.post(
        "/profile/", data={"profile-display_name": "Neuer Name", "profile-locale": "de"}
    )
    assert response.status_code == 302
    db.session.refresh(suspended)
    assert suspended.display_name == "Neuer Name"


def test_the_language_can_still_be_switched(client, suspended, db):
    response = client.post("/language", data={"lang": "en", "next": "/"})
    assert response.status_code == 302
    db.session.refresh(suspended)
    assert suspended.locale == "en"


def test_signing_out_still_works(client, suspended, others):
    proposal, _ = others
    response = client.post("/account/signout")
    assert response.status_code == 302
    assert UNTIL_DATE.search(client.get("/").text) is None
    again = client.post(f"/comments/thread/{proposal.thread_id}", data={"body": "x"})
    assert again.status_code == 302 and "/account/signin" in again.headers["Location"]


def test_the_suspension_can_still_be_appealed(client, suspend, author):
    decision = suspend(7)
    sign_in_as(client, author)
    page = client.get(f"/moderation/decisions/{decision.id}")
    assert page.status_code == 200 and "Widerspruch" in page.text
    response = client.post(
        f"/moderation/decisions/{decision.id}",
        data={"text": "Ich habe niemanden beleidigt."},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Ihr Widerspruch ist eingegangen" in response.text


def test_an_indefinite_suspension_lasts_until_lifted(client, suspend, author, others, db):
    decision = suspend(None)
    assert author.suspended_until is None and decision.suspended_until is None
    author.suspended_at = utcnow() - timedelta(days=400)
    db.session.flush()
    assert author.is_suspended
    sign_in_as(client, author)
    assert UNTIL_LIFTED in client.get("/").text
    proposal, _ = others
    assert_refused(client.post(f"/proposals/{proposal.id}/support", data={"action": "add"}))


def test_the_suspension_ends_by_itself_after_the_date(client, suspended, others, db):
    suspended.suspended_until = utcnow() - timedelta(minutes=1)
    db.session.flush()
    proposal, _ = others
    page = client.get("/")
    assert UNTIL_DATE.search(page.text) is None and REFUSED not in page.text
    response = client.post(f"/comments/thread/{proposal.thread_id}", data={"body": "Wieder da"})
    assert response.status_code == 302
    assert db.session.scalar(select(Comment).where(Comment.body == "Wieder da")) is not None


def test_unsuspending_lifts_the_suspension(
    client, suspended, others, moderator, decide, comment, item_of, db
):
    decide(item_of("comment", comment), moderator, "unsuspend")
    assert not suspended.is_suspended
    assert suspended.suspended_at is None and suspended.suspended_until is None
    proposal, _ = others
    assert UNTIL_DATE.search(client.get("/").text) is None
    response = client.post(f"/proposals/{proposal.id}/support", data={"action": "add"})
    assert response.status_code == 302
    assert rows(db, ProposalSupport) == 1


def test_the_forms_are_not_offered_to_a_suspended_account(client, suspend, author, others):
    proposal, comment = others
    sign_in_as(client, author)
    before = client.get(f"/proposals/{proposal.id}").text
    offered = (
        f'action="/comments/thread/{proposal.thread_id}"',
        f'action="/proposals/{proposal.id}/support"',
        f'action="/comments/{comment.id}/vote"',
        f"/moderation/report/comment/{comment.id}",
        f"/moderation/report/proposal/{proposal.id}",
    )
    for marker in offered:
        assert marker in before, marker
    suspend(7)
    after = client.get(f"/proposals/{proposal.id}").text
    for marker in offered:
        assert marker not in after, marker
    assert "Ein fremder Kommentar." in after
