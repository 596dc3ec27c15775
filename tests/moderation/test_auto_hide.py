"""Content reported by N distinct accounts is hidden until a moderator decides."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.accounts import services as accounts
from participation.comments import services as comment_services
from participation.comments.models import Comment, CommentState
from participation.comments.threads import create_thread
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from participation.extensions import db as _db
from participation.moderation import appeals, reports
from participation.moderation.items import find_item
from participation.moderation.models import Reason, Report, SubjectType
from participation.proposals.models import ModerationState, Proposal
from tests import live
from tests.conftest import PASSWORD
from tests.live import at_once, client_for
from tests.proposals.test_listing import listed_titles

PLACEHOLDER = "Von der Moderation ausgeblendet: mehrfach gemeldet, wird geprüft"


def sign_in_as(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token


def auto_hidden_entries(db):
    query = select(AuditEntry).where(AuditEntry.action == "moderation.auto_hidden")
    return list(db.session.scalars(query))


@pytest.fixture()
def reported(report_by, db):
    """reported(subject_type, subject, times) → the subject after `times` distinct reports."""

    def make(subject_type, subject, times):
        for _ in range(times):
            report_by(subject_type, subject.id)
        db.session.refresh(subject)
        return subject

    return make


def test_two_reports_keep_a_comment_visible(reported, comment, item_of):
    assert reported("comment", comment, 2).state is CommentState.VISIBLE
    item = item_of("comment", comment)
    assert item.report_count == 2 and item.is_open and not item.auto_hidden


def test_the_third_distinct_reporter_hides_the_comment(reported, comment, item_of, db):
    assert reported("comment", comment, 3).state is CommentState.HIDDEN
    assert comment.hidden_reason == reports.UNDER_REVIEW
    item = item_of("comment", comment)
    assert item.auto_hidden and item.is_open and item.report_count == 3
    [entry] = auto_hidden_entries(db)
    assert (entry.target_type, entry.target_id, entry.actor_id) == (
        "moderation_items",
        item.id,
        None,
    )
    assert entry.after == {"state": "hidden", "reports": 3}


def test_guests_see_the_placeholder_and_the_author_still_the_text(
    client, reported, comment, proposal, author
):
    reported("comment", comment, 3)
    for path in (f"/proposals/{proposal.id}", f"/comments/{comment.id}"):
        page = client.get(path).text
        assert PLACEHOLDER in page
        assert "Ein ganz normaler Kommentar." not in page
    sign_in_as(client, author)
    page = client.get(f"/proposals/{proposal.id}").text
    assert PLACEHOLDER in page and "Ein ganz normaler Kommentar." in page


def test_other_accounts_see_only_the_placeholder(client, login_as, reported, comment, proposal):
    reported("comment", comment, 3)
    login_as("resident")
    page = client.get(f"/proposals/{proposal.id}").text
    assert PLACEHOLDER in page and "Ein ganz normaler Kommentar." not in page


def test_a_repeated_report_by_the_same_account_does_not_count(
    make_user, report_by, comment, item_of, db
):
    first, second = make_user(), make_user()
    report_by("comment", comment.id, reporter=first)
    report_by("comment", comment.id, reporter=second)
    for reason in (Reason.SPAM, Reason.INSULT):
        with pytest.raises(reports.ReportError) as refused:
            report_by("comment", comment.id, reason=reason, reporter=first)
        assert refused.value.status == 409
    db.session.refresh(comment)
    assert comment.state is CommentState.VISIBLE
    assert item_of("comment", comment).report_count == 2
    assert db.session.scalar(select(func.count()).select_from(Report)) == 2
    report_by("comment", comment.id)
    db.session.refresh(comment)
    assert comment.state is CommentState.HIDDEN


def test_one_account_reporting_over_and_over_by_http_never_hides(
    client, login_as, comment, item_of, db
):
    login_as("resident")
    for reason in ("spam", "insult", "other", "spam"):
        client.post(f"/moderation/report/comment/{comment.id}", data={"reason": reason})
    db.session.refresh(comment)
    assert comment.state is CommentState.VISIBLE
    assert item_of("comment", comment).report_count == 1


def test_the_threshold_is_configurable(app, monkeypatch, reported, comment, item_of):
    monkeypatch.setitem(app.config, "MODERATION_AUTO_HIDE_REPORTS", 2)
    assert reported("comment", comment, 1).state is CommentState.VISIBLE
    assert reported("comment", comment, 1).state is CommentState.HIDDEN
    assert item_of("comment", comment).auto_hidden


def test_a_threshold_of_zero_turns_auto_hiding_off(
    app, monkeypatch, reported, comment, proposal, item_of, db
):
    monkeypatch.setitem(app.config, "MODERATION_AUTO_HIDE_REPORTS", 0)
    assert reported("comment", comment, 5).state is CommentState.VISIBLE
    assert reported("proposal", proposal, 5).moderation_state is ModerationState.SHOWN
    item = item_of("comment", comment)
    assert item.is_open and item.report_count == 5 and not item.auto_hidden
    assert auto_hidden_entries(db) == []


def test_persons_are_never_hidden(reported, comment, proposal, author, item_of, db):
    reported("user", author, 4)
    item = item_of("user", author)
    assert item.report_count == 4 and item.is_open and not item.auto_hidden
    db.session.refresh(comment)
    db.session.refresh(proposal)
    assert comment.state is CommentState.VISIBLE
    assert proposal.moderation_state is ModerationState.SHOWN
    assert auto_hidden_entries(db) == []


def test_dismissing_the_reports_shows_the_comment_again(
    client, reported, comment, proposal, moderator, decide, item_of
):
    reported("comment", comment, 3)
    item = item_of("comment", comment)
    decide(item, moderator, "dismiss")
    assert comment.state is CommentState.VISIBLE and comment.hidden_reason is None
    assert not item.is_open and not item.auto_hidden and item.report_count == 0
    page = client.get(f"/proposals/{proposal.id}").text
    assert "Ein ganz normaler Kommentar." in page and PLACEHOLDER not in page


def test_after_a_dismissal_reports_are_counted_anew(reported, comment, moderator, decide, item_of):
    reported("comment", comment, 3)
    decide(item_of("comment", comment), moderator, "dismiss")
    assert reported("comment", comment, 2).state is CommentState.VISIBLE
    assert item_of("comment", comment).report_count == 2
    assert reported("comment", comment, 1).state is CommentState.HIDDEN


def test_a_moderator_hiding_auto_hidden_content_keeps_it_hidden(
    reported, comment, moderator, decide, item_of, db
):
    reported("comment", comment, 3)
    decide(item_of("comment", comment), moderator, "hide", reason="insult")
    assert comment.state is CommentState.HIDDEN and comment.hidden_reason == "insult"
    assert comment.thread.comment_count == 0


@pytest.mark.parametrize("action", ["warn", "suspend", "lock"])
def test_no_decision_leaves_content_under_review_once_decided(
    reported, comment, moderator, decide, item_of, action
):
    reported("comment", comment, 3)
    item = item_of("comment", comment)
    decide(item, moderator, action, reason="insult", days=7)
    assert not item.is_open
    assert comment.hidden_reason != reports.UNDER_REVIEW


def test_reports_during_an_appeal_wait_for_their_own_decision(
    reported, comment, author, make_user, moderator, decide, item_of, db
):
    reported("comment", comment, 1)
    item = item_of("comment", comment)
    warning = decide(item, moderator, "warn", reason="insult")
    appeals.lodge(warning, author, "Das war sachlich.")
    reported("comment", comment, 3)
    assert comment.state is CommentState.HIDDEN
    second = make_user(roles=(Role.MODERATOR,))
    decide(item, second, "uphold")
    db.session.refresh(comment)
    assert item.is_open and item.cause.value == "reports"  # the new reports still wait
    assert comment.hidden_reason == reports.UNDER_REVIEW
    decide(item, second, "dismiss")
    db.session.refresh(comment)
    assert not item.is_open and comment.state is CommentState.VISIBLE


def test_the_third_reporter_hides_a_proposal(reported, proposal, item_of, db):
    assert reported("proposal", proposal, 2).moderation_state is ModerationState.SHOWN
    assert reported("proposal", proposal, 1).moderation_state is ModerationState.HIDDEN
    assert proposal.hidden_reason == reports.UNDER_REVIEW
    assert item_of("proposal", proposal).auto_hidden
    assert len(auto_hidden_entries(db)) == 1


def test_guests_see_a_placeholder_title_for_an_auto_hidden_proposal(
    client, reported, proposal, author
):
    reported("proposal", proposal, 3)
    page = client.get(f"/proposals/{proposal.id}")
    assert page.status_code == 200
    assert "<title>Ausgeblendeter Vorschlag" in page.text and PLACEHOLDER in page.text
    assert "Mehr Bänke am Markt" not in page.text
    assert "Bitte mehr Bänke aufstellen." not in page.text
    sign_in_as(client, author)
    page = client.get(f"/proposals/{proposal.id}").text
    assert "Mehr Bänke am Markt" in page and "Bitte mehr Bänke aufstellen." in page


def test_an_auto_hidden_proposal_leaves_the_list_and_the_search(
    client, make_proposal, reported, proposal
):
    make_proposal(title="Ein anderer Vorschlag")
    assert "Mehr Bänke am Markt" in listed_titles(client)
    assert listed_titles(client, "?q=Bänke") == ["Mehr Bänke am Markt"]
    assert "Mehr Bänke am Markt" in client.get("/proposals/feed.atom").text
    reported("proposal", proposal, 3)
    assert listed_titles(client) == ["Ein anderer Vorschlag"]
    assert listed_titles(client, "?q=Bänke") == []
    assert "Mehr Bänke am Markt" not in client.get("/proposals/feed.atom").text


def test_the_third_reporter_over_http_is_sent_back_to_the_placeholder(
    client, login_as, reported, proposal, db
):
    reported("proposal", proposal, 2)
    login_as("resident")
    response = client.post(
        f"/moderation/report/proposal/{proposal.id}",
        data={"reason": "spam"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Ihre Meldung ist eingegangen" in response.text and PLACEHOLDER in response.text
    assert "Bitte mehr Bänke aufstellen." not in response.text
    db.session.refresh(proposal)
    assert proposal.moderation_state is ModerationState.HIDDEN


def test_dismissing_the_reports_shows_the_proposal_again(
    client, reported, proposal, moderator, decide, item_of
):
    reported("proposal", proposal, 3)
    decide(item_of("proposal", proposal), moderator, "dismiss")
    assert proposal.moderation_state is ModerationState.SHOWN and proposal.hidden_reason is None
    assert "Mehr Bänke am Markt" in listed_titles(client)


def counts(db, proposal):
    db.session.refresh(proposal)
    db.session.refresh(proposal.thread)
    return proposal.thread.comment_count, proposal.comment_count


def test_comment_counters_go_down_on_hide_and_up_on_restore(
    reported, comment, proposal, make_user, moderator, decide, item_of, db
):
    comment_services.post_comment(proposal.thread, make_user(), "Noch ein Kommentar.")
    assert counts(db, proposal) == (2, 2)
    reported("comment", comment, 3)
    assert counts(db, proposal) == (1, 1)
    decide(item_of("comment", comment), moderator, "dismiss")
    assert counts(db, proposal) == (2, 2)


def test_the_discussion_heading_counts_only_shown_comments(
    client, reported, comment, proposal, make_user
):
    comment_services.post_comment(proposal.thread, make_user(), "Noch ein Kommentar.")
    assert "Diskussion (2)" in client.get(f"/proposals/{proposal.id}").text
    reported("comment", comment, 3)
    assert "Diskussion (1)" in client.get(f"/proposals/{proposal.id}").text


# Simultaneous reports on a committed database.


@pytest.fixture()
def live_app(request):
    """An app on its own database; `request.param` is the auto-hide threshold."""
    with live.live_app("auto_hide", MODERATION_AUTO_HIDE_REPORTS=request.param) as app:
        yield app


def make_comment_and_reporters(app, reporters):
    """Commit a proposal with one comment and `reporters` accounts; return ids and tokens."""
    with app.app_context():
        people = []
        for number in range(reporters + 1):
            user = accounts.register(f"r{number}@example.org", f"R {number}", PASSWORD, "de").user
            user.confirm_email()
            people.append(user)
        _db.session.flush()
        proposal = Proposal(
            author_id=people[0].id,
            thread_id=create_thread("proposal").id,
            status="published",
            title="Ein Vorschlag",
            body="Text",
            body_html="<p>Text</p>",
            category="Sonstiges",
        )
        _db.session.add(proposal)
        _db.session.flush()
        comment = comment_services.post_comment(proposal.thread, people[0], "Gemeldet")
        _db.session.commit()
        return comment.id, [person.session_token for person in people[1:]]


def report_at_once(app, comment_id, tokens):
    return at_once(
        len(tokens),
        lambda n: (
            client_for(app, tokens[n])
            .post(f"/moderation/report/comment/{comment_id}", data={"reason": "spam"})
            .status_code
        ),
    )


def outcome(app, comment_id):
    """Return (report rows, report_count, comment state, auto-hide audit entries)."""
    with app.app_context():
        item = find_item(SubjectType.COMMENT, comment_id)
        rows = _db.session.scalar(
            select(func.count()).select_from(Report).where(Report.item_id == item.id)
        )
        state = _db.session.get(Comment, comment_id).state
        return rows, item.report_count, state, len(auto_hidden_entries(_db))


@pytest.mark.parametrize("live_app", [5], indirect=True)
def test_five_people_reporting_at_once_are_all_counted_and_hide_once(live_app):
    comment_id, tokens = make_comment_and_reporters(live_app, 5)
    assert report_at_once(live_app, comment_id, tokens) == [302] * 5
    assert outcome(live_app, comment_id) == (5, 5, CommentState.HIDDEN, 1)


@pytest.mark.parametrize("live_app", [3], indirect=True)
def test_reports_at_once_past_the_threshold_hide_once_and_lose_no_count(live_app):
    """Requests that arrive after the hide find nothing to report (404); none is lost."""
    comment_id, tokens = make_comment_and_reporters(live_app, 5)
    statuses = report_at_once(live_app, comment_id, tokens)
    assert set(statuses) <= {302, 404} and statuses.count(302) >= 3
    rows, count, state, audited = outcome(live_app, comment_id)
    assert rows == count == statuses.count(302)
    assert (state, audited) == (CommentState.HIDDEN, 1)


@pytest.mark.parametrize("live_app", [3], indirect=True)
def test_one_account_reporting_from_several_tabs_at_once_counts_once(live_app):
    comment_id, [token] = make_comment_and_reporters(live_app, 1)
    statuses = report_at_once(live_app, comment_id, [token] * 4)
    assert statuses == [302] * 4
    assert outcome(live_app, comment_id) == (1, 1, CommentState.VISIBLE, 0)


def test_reports_never_hide_an_official_answer_by_themselves(
    reported, proposal, make_user, item_of, db
):
    from participation.comments import services

    staff = make_user(roles=(Role.STAFF,))
    answer = services.post_comment(proposal.thread, staff, "Antwort der Stadt.", official=True)
    db.session.flush()
    reported("comment", answer, 4)
    assert answer.state is CommentState.VISIBLE
    assert item_of("comment", answer).is_open and item_of("comment", answer).report_count == 4
