"""Reporting a proposal, a comment or a person over HTTP: once per account, never one's own."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from participation.comments import services as comment_services
from participation.comments.models import CommentState
from participation.moderation.models import (
    Cause,
    Decision,
    ModerationItem,
    Reason,
    Report,
    SubjectType,
)
from participation.proposals.models import ModerationState

RECEIVED = "Ihre Meldung ist eingegangen"


def sign_in_as(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token


def report_rows(db):
    return list(db.session.scalars(select(Report).order_by(Report.id)))


def report_count(db):
    return db.session.scalar(select(func.count()).select_from(Report))


def url(subject_type, subject_id):
    return f"/moderation/report/{subject_type}/{subject_id}"


def test_the_report_form_offers_every_reason(client, login_as, proposal):
    login_as("resident")
    page = client.get(url("proposal", proposal.id))
    assert page.status_code == 200
    assert "Vorschlag melden" in page.text and "Mehr Bänke am Markt" in page.text
    for value in ("spam", "insult", "off_topic", "personal_data", "other"):
        assert f'value="{value}"' in page.text
    for label in ("Werbung oder Spam", "Beleidigung oder Hass", "Persönliche Daten anderer"):
        assert label in page.text
    assert "erfährt nicht, wer gemeldet hat" in page.text


def test_reporting_a_proposal_thanks_and_goes_back_to_it(client, login_as, proposal, db, item_of):
    reporter = login_as("resident")
    response = client.post(url("proposal", proposal.id), data={"reason": "spam"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}")
    assert RECEIVED in client.get(response.headers["Location"]).text
    [entry] = report_rows(db)
    assert (entry.reporter_id, entry.reason, entry.note) == (reporter.id, Reason.SPAM, None)
    item = item_of("proposal", proposal)
    assert item.is_open and item.cause is Cause.REPORTS and item.report_count == 1
    assert entry.item_id == item.id and item.author_id == proposal.author_id


def test_reporting_a_comment_goes_back_to_the_comment(client, login_as, comment, db, item_of):
    login_as("resident")
    response = client.post(
        url("comment", comment.id), data={"reason": "insult"}, follow_redirects=True
    )
    assert response.request.path == f"/comments/{comment.id}"
    assert RECEIVED in response.text
    [entry] = report_rows(db)
    assert entry.item_id == item_of("comment", comment).id and entry.reason is Reason.INSULT


def test_reporting_a_person_goes_back_to_the_start_page(client, login_as, comment, author, db):
    login_as("resident")
    page = client.get(url("user", author.id))
    assert page.status_code == 200 and "Person melden" in page.text and "Autorin" in page.text
    response = client.post(url("user", author.id), data={"reason": "other", "note": "Trollt."})
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    assert RECEIVED in client.get("/").text
    item = db.session.scalar(select(ModerationItem))
    assert (item.subject_type, item.subject_id, item.author_id) == (
        SubjectType.USER,
        author.id,
        author.id,
    )
    assert report_rows(db)[0].note == "Trollt."


def test_the_comment_report_page_also_offers_to_report_the_person(client, login_as, comment):
    login_as("resident")
    page = client.get(url("comment", comment.id)).text
    assert f'href="{url("user", comment.author_id)}"' in page


@pytest.mark.parametrize("reason", [reason.value for reason in Reason])
def test_each_reason_is_stored(client, login_as, comment, db, reason):
    login_as("resident")
    response = client.post(url("comment", comment.id), data={"reason": reason})
    assert response.status_code == 302
    assert report_rows(db)[0].reason is Reason(reason)


def test_the_optional_note_is_stored_without_surrounding_blanks(client, login_as, comment, db):
    login_as("resident")
    client.post(url("comment", comment.id), data={"reason": "other", "note": "  Siehe Absatz 2. "})
    login_as("resident")
    client.post(url("comment", comment.id), data={"reason": "spam", "note": "   "})
    assert [entry.note for entry in report_rows(db)] == ["Siehe Absatz 2.", None]


def test_a_note_of_1000_characters_is_accepted(client, login_as, comment, db):
    login_as("resident")
    response = client.post(url("comment", comment.id), data={"reason": "spam", "note": "x" * 1000})
    assert response.status_code == 302
    assert len(report_rows(db)[0].note) == 1000


def test_a_too_long_note_is_refused_and_kept(client, login_as, comment, db):
    login_as("resident")
    note = "Dieser Kommentar verrät eine Adresse. " + "a" * 963
    assert len(note) == 1001
    response = client.post(url("comment", comment.id), data={"reason": "spam", "note": note})
    assert response.status_code == 400
    assert "Ihr Hinweis ist zu lang" in response.text
    assert note in response.text
    assert re.search(r'<input [^>]*checked[^>]*value="spam"', response.text)
    assert report_count(db) == 0


def test_a_missing_reason_is_refused_and_the_note_kept(client, login_as, comment, db):
    login_as("resident")
    response = client.post(url("comment", comment.id), data={"note": "Mein Hinweis"})
    assert response.status_code == 400
    assert "Bitte wählen Sie einen Grund." in response.text
    assert "Mein Hinweis" in response.text
    assert report_count(db) == 0


def test_an_unknown_reason_is_refused_with_a_message(client, login_as, comment, db):
    login_as("resident")
    response = client.post(url("comment", comment.id), data={"reason": "boring", "note": "Hm"})
    assert response.status_code == 400
    assert "Keine gültige Auswahl." in response.text
    assert "Hm</textarea>" in response.text
    assert report_count(db) == 0


def test_reporting_twice_says_already_reported_and_counts_once(
    client, login_as, comment, db, item_of
):
    login_as("resident")
    client.post(url("comment", comment.id), data={"reason": "spam"})
    again = client.post(url("comment", comment.id), data={"reason": "insult"})
    assert again.status_code == 302
    assert "schon gemeldet" in html.unescape(client.get(again.headers["Location"]).text)
    assert [entry.reason for entry in report_rows(db)] == [Reason.SPAM]
    assert item_of("comment", comment).report_count == 1
    form = client.get(url("comment", comment.id))
    assert form.status_code == 200 and "schon gemeldet" in form.text
    assert "Meldung senden" not in form.text


def test_own_content_cannot_be_reported(client, comment, proposal, author, db):
    sign_in_as(client, author)
    for subject_type, subject_id in (
        ("proposal", proposal.id),
        ("comment", comment.id),
        ("user", author.id),
    ):
        page = client.get(url(subject_type, subject_id))
        assert page.status_code == 403 and "Meldung senden" not in page.text
        assert "eigenen Beiträge können Sie nicht melden" in page.text
        sent = client.post(url(subject_type, subject_id), data={"reason": "spam"})
        assert sent.status_code == 403
    assert report_count(db) == 0


def test_guests_are_sent_to_sign_in(client, comment, db):
    for response in (
        client.get(url("comment", comment.id)),
        client.post(url("comment", comment.id), data={"reason": "spam"}),
    ):
        assert response.status_code == 302
        assert "/account/signin" in response.headers["Location"]
    assert report_count(db) == 0


def hidden_proposal(make_proposal, author, comment):
    return make_proposal(author, status="hidden", title="Geheimnis", body="Streng geheim.")


def held_proposal(make_proposal, author, comment):
    return make_proposal(
        author, title="Geheimnis", body="Streng geheim.", moderation_state=ModerationState.PENDING
    )


def draft_proposal(make_proposal, author, comment):
    return make_proposal(author, status="draft", title="Geheimnis", body="Streng geheim.")


def hidden_comment(make_proposal, author, comment):
    comment.body = comment.body_html = "Geheimnis"
    comment_services.hide_comment(comment, "spam")
    return comment


def held_comment(make_proposal, author, comment):
    comment.body = comment.body_html = "Geheimnis"
    comment.state = CommentState.PENDING
    return comment


def deleted_comment(make_proposal, author, comment):
    comment_services.delete_comment(comment, author)
    return comment


@pytest.mark.parametrize(
    "make",
    [hidden_proposal, held_proposal, draft_proposal, hidden_comment, held_comment, deleted_comment],
)
def test_content_others_cannot_see_is_not_found(
    client, login_as, make_proposal, author, comment, db, make
):
    subject = make(make_proposal, author, comment)
    db.session.flush()
    subject_type = "comment" if subject is comment else "proposal"
    login_as("resident")
    page = client.get(url(subject_type, subject.id))
    assert page.status_code == 404 and "Geheimnis" not in page.text
    sent = client.post(url(subject_type, subject.id), data={"reason": "spam"})
    assert sent.status_code == 404 and "Geheimnis" not in sent.text
    assert report_count(db) == 0


@pytest.mark.parametrize(
    "path",
    [
        url("proposal", 987654),
        url("comment", 987654),
        url("user", 987654),
        url("survey", 1),
        url("users", 1),
        url("Proposal", 1),
    ],
)
def test_unknown_subjects_are_not_found(client, login_as, proposal, db, path):
    login_as("resident")
    assert client.get(path).status_code == 404
    assert client.post(path, data={"reason": "spam"}).status_code == 404
    assert report_count(db) == 0


@pytest.mark.parametrize("subject_type", ["proposal", "comment", "user"])
def test_an_id_too_big_for_the_database_is_not_found(client, login_as, db, subject_type):
    login_as("resident")
    assert client.get(url(subject_type, 10**20)).status_code == 404


def test_a_person_who_wrote_nothing_visible_cannot_be_reported(
    client, login_as, make_user, make_proposal, db
):
    quiet = make_user(display_name="Stille Leserin")
    make_proposal(quiet, status="draft")
    make_proposal(quiet, status="hidden")
    login_as("resident")
    page = client.get(url("user", quiet.id))
    assert page.status_code == 404 and "Stille Leserin" not in page.text
    assert client.post(url("user", quiet.id), data={"reason": "spam"}).status_code == 404
    assert report_count(db) == 0


def test_a_person_whose_only_comment_is_hidden_can_no_longer_be_reported(
    client, login_as, make_user, proposal, db
):
    writer = make_user(display_name="Einmalige Schreiberin")
    written = comment_services.post_comment(proposal.thread, writer, "Einmal geschrieben")
    login_as("resident")
    assert client.get(url("user", writer.id)).status_code == 200
    comment_services.hide_comment(written, "spam")
    page = client.get(url("user", writer.id))
    assert page.status_code == 404 and "Einmalige Schreiberin" not in page.text


def test_report_links_are_offered_to_other_signed_in_accounts(client, login_as, proposal, comment):
    login_as("resident")
    page = client.get(f"/proposals/{proposal.id}").text
    assert f'href="{url("proposal", proposal.id)}"' in page
    assert f'href="{url("comment", comment.id)}"' in page
    assert "Vorschlag melden" in page


def test_no_report_links_for_the_author(client, proposal, comment, author):
    sign_in_as(client, author)
    page = client.get(f"/proposals/{proposal.id}").text
    assert "/moderation/report/" not in page
    assert "Vorschlag melden" not in page


def test_no_report_links_for_guests(client, proposal, comment):
    page = client.get(f"/proposals/{proposal.id}").text
    assert "/moderation/report/" not in page
    comment_page = client.get(f"/comments/{comment.id}").text
    assert "/moderation/report/" not in comment_page


def test_the_reported_person_never_sees_who_reported(
    client, make_user, comment, proposal, author, moderator, report_by, item_of, mailbox, db
):
    reporter = make_user(display_name="Hildegard Meldewitz", email="hildegard@example.org")
    report_by("comment", comment.id, reason=Reason.INSULT, note="Bitte prüfen", reporter=reporter)
    report_by("proposal", proposal.id, reporter=reporter)
    item = item_of("comment", comment)
    sign_in_as(client, moderator)
    client.post(
        f"/moderation/items/{item.id}",
        data={"version": item.version, "action": "hide", "reason": "insult"},
    )
    assert "Meldewitz" not in mailbox.last().get_body(preferencelist=("plain",)).get_content()
    decision = db.session.scalar(select(Decision).where(Decision.item_id == item.id))
    sign_in_as(client, author)
    for path in (
        f"/proposals/{proposal.id}",
        f"/comments/{comment.id}",
        "/moderation/decisions",
        f"/moderation/decisions/{decision.id}",
    ):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "Meldewitz" not in page.text and "hildegard@" not in page.text
