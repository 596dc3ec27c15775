"""Decisions on moderation items: each action over HTTP and via the service, the reasons they
need, the audit log, the mail to the person affected, and bulk decisions for spam waves."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.comments import services as comment_services
from participation.comments.models import CommentState
from participation.core.audit import AuditEntry
from participation.core.models import utcnow
from participation.moderation import bulk, decisions
from participation.moderation.models import (
    Action,
    Cause,
    Decision,
    ModerationItem,
    Reason,
    Report,
)
from participation.proposals import services as proposal_services
from participation.proposals.models import ModerationState

PLACEHOLDER = "Von der Moderation ausgeblendet: Beleidigung oder Hass"
SAVED_AND_SENT = "Die betroffene Person bekommt eine Nachricht."


def decision_mails(mailbox):
    """Return the mails about moderation decisions (comment notifications may be there too)."""
    return [m for m in mailbox.messages() if m["Subject"] == "Entscheidung der Moderation"]


CONFLICT = "Eine andere Person aus der Moderation hat inzwischen entschieden"


def post_decision(client, item, action, reason=None, statement=None, days=None, version=None):
    """POST the item page's decision form."""
    data = {"version": item.version if version is None else version, "action": action}
    if reason is not None:
        data["reason"] = reason
    if statement is not None:
        data["statement"] = statement
    if days is not None:
        data["suspend_days"] = days
    return client.post(f"/moderation/items/{item.id}", data=data)


def sign_in(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session["_fresh"] = True


def decision_rows(db, item):
    return list(db.session.scalars(select(Decision).where(Decision.item_id == item.id)))


def audit_entries(db, action):
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


@pytest.fixture()
def reported_comment(comment, report_by, item_of):
    """The comment reported by two accounts; returns its open item."""
    report_by("comment", comment.id, Reason.INSULT, note="Das ist gemein.")
    report_by("comment", comment.id, Reason.SPAM)
    return item_of("comment", comment)


@pytest.fixture()
def reported_proposal(proposal, report_by, item_of):
    """The proposal reported once; returns its open item."""
    report_by("proposal", proposal.id, Reason.INSULT)
    return item_of("proposal", proposal)


@pytest.fixture()
def held_author(app, make_user, monkeypatch):
    """A new account whose first post waits for approval."""
    monkeypatch.setitem(app.config, "MODERATION_PREMODERATE_FIRST_POSTS", 1)
    return make_user(display_name="Neu hier")


def held_proposal(author):
    proposal = proposal_services.create_draft(
        author,
        {
            "title": "Ein neuer Vorschlag",
            "body": "Noch nicht geprüft.",
            "category": "Sonstiges",
            "district": None,
            "submission_key": None,
        },
        [],
    )
    proposal_services.publish(proposal, author)
    return proposal


# --- dismiss -------------------------------------------------------------------------------


def test_dismissing_resolves_the_reports_and_closes_the_item(
    client, login_as, db, comment, reported_comment, mailbox
):
    login_as("moderator")
    response = post_decision(client, reported_comment, "dismiss")
    assert response.status_code == 302
    db.session.refresh(reported_comment)
    assert not reported_comment.is_open and reported_comment.report_count == 0
    [decision] = decision_rows(db, reported_comment)
    assert decision.action is Action.DISMISS
    reports = db.session.scalars(select(Report).where(Report.item_id == reported_comment.id))
    assert [r.decision_id for r in reports] == [decision.id, decision.id]
    db.session.refresh(comment)
    assert comment.state is CommentState.VISIBLE
    assert decision_mails(mailbox) == []


def test_dismissing_via_the_service_needs_no_reason(db, reported_comment, moderator, decide):
    decision = decide(reported_comment, moderator, "dismiss")
    assert decision.reason is None and decision.statement is None
    assert not reported_comment.is_open


def test_dismissed_item_leaves_the_queue(client, login_as, db, reported_comment, moderator, decide):
    decide(reported_comment, moderator, "dismiss")
    login_as("moderator")
    assert f"/moderation/items/{reported_comment.id}" not in client.get("/moderation/").text


# --- hide ----------------------------------------------------------------------------------


def test_hiding_a_comment_leaves_a_placeholder_with_the_reason_for_guests(
    app, client, login_as, db, comment, proposal, reported_comment
):
    login_as("moderator")
    response = post_decision(client, reported_comment, "hide", "insult", "Bitte sachlich.")
    assert response.status_code == 302
    db.session.refresh(comment)
    assert comment.state is CommentState.HIDDEN and comment.hidden_reason == "insult"
    guest = app.test_client()
    for url in (f"/comments/{comment.id}", f"/proposals/{proposal.id}"):
        page = guest.get(url)
        assert page.status_code == 200
        assert PLACEHOLDER in page.text
        assert "Ein ganz normaler Kommentar." not in page.text


def test_author_and_moderators_still_read_a_hidden_comment(
    app, client, db, comment, author, moderator, reported_comment, decide
):
    decide(reported_comment, moderator, "hide", "insult")
    for reader in (author, moderator):
        sign_in(client, reader)
        page = client.get(f"/comments/{comment.id}").text
        assert PLACEHOLDER in page
        assert "Ein ganz normaler Kommentar." in page
        assert "Nur Sie und die Moderation sehen den Text" in page


def test_hiding_a_comment_takes_it_out_of_the_counters(
    db, comment, proposal, reported_comment, moderator, decide
):
    db.session.refresh(proposal.thread)
    db.session.refresh(proposal)
    assert (proposal.thread.comment_count, proposal.comment_count) == (1, 1)
    decide(reported_comment, moderator, "hide", "spam")
    db.session.refresh(proposal.thread)
    db.session.refresh(proposal)
    assert (proposal.thread.comment_count, proposal.comment_count) == (0, 0)


def test_hiding_a_proposal_leaves_a_placeholder_and_takes_it_off_the_list(
    app, client, login_as, db, proposal, author, reported_proposal
):
    moderator = login_as("moderator")
    response = post_decision(client, reported_proposal, "hide", "insult", "Unsachlich.")
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.moderation_state is ModerationState.HIDDEN
    assert proposal.hidden_reason == "insult"
    guest = app.test_client()
    page = guest.get(f"/proposals/{proposal.id}")
    assert page.status_code == 200
    assert PLACEHOLDER in page.text
    assert "Bitte mehr Bänke aufstellen." not in page.text
    assert "Mehr Bänke am Markt" not in page.text
    assert "Mehr Bänke am Markt" not in guest.get("/proposals/").text
    for reader in (author, moderator):
        sign_in(client, reader)
        page = client.get(f"/proposals/{proposal.id}").text
        assert PLACEHOLDER in page and "Bitte mehr Bänke aufstellen." in page


def test_hidden_proposal_takes_no_new_comments(
    client, login_as, db, proposal, reported_proposal, moderator, decide
):
    decide(reported_proposal, moderator, "hide", "spam")
    login_as("resident")
    response = client.post(f"/comments/thread/{proposal.thread_id}", data={"body": "Hallo"})
    assert response.status_code == 403


# --- restore -------------------------------------------------------------------------------


def test_restoring_a_hidden_comment_shows_and_counts_it_again(
    app, client, login_as, db, comment, proposal, reported_comment, moderator, decide, mailbox
):
    decide(reported_comment, moderator, "hide", "insult")
    login_as("moderator")
    db.session.refresh(reported_comment)
    assert post_decision(client, reported_comment, "restore").status_code == 302
    db.session.refresh(comment)
    db.session.refresh(proposal)
    assert comment.state is CommentState.VISIBLE and comment.hidden_reason is None
    assert proposal.comment_count == 1
    page = app.test_client().get(f"/comments/{comment.id}").text
    assert "Ein ganz normaler Kommentar." in page and PLACEHOLDER not in page
    assert (
        "Ihr Beitrag wird wieder angezeigt."
        in mailbox.last().get_body(preferencelist=("plain",)).get_content()
    )


def test_restoring_a_hidden_proposal_lists_it_again(
    app, db, proposal, reported_proposal, moderator, decide
):
    decide(reported_proposal, moderator, "hide", "spam")
    decide(reported_proposal, moderator, "restore")
    db.session.refresh(proposal)
    assert proposal.moderation_state is ModerationState.SHOWN and proposal.hidden_reason is None
    assert "Mehr Bänke am Markt" in app.test_client().get("/proposals/").text


# --- approve (held content) ----------------------------------------------------------------


def test_approving_a_held_comment_publishes_and_counts_it(
    app, client, login_as, db, proposal, held_author, item_of, mailbox
):
    held = comment_services.post_comment(proposal.thread, held_author, "Mein erster Beitrag.")
    assert held.state is CommentState.PENDING
    item = item_of("comment", held)
    assert item.is_open and item.cause is Cause.HELD
    assert "Mein erster Beitrag." not in app.test_client().get(f"/proposals/{proposal.id}").text
    login_as("moderator")
    assert post_decision(client, item, "approve").status_code == 302
    db.session.refresh(held)
    db.session.refresh(proposal)
    db.session.refresh(item)
    assert held.state is CommentState.VISIBLE and proposal.comment_count == 1
    assert not item.is_open
    assert "Mein erster Beitrag." in app.test_client().get(f"/proposals/{proposal.id}").text
    assert decision_mails(mailbox) == []


def test_approving_a_held_proposal_lists_it(app, db, held_author, moderator, item_of, decide):
    held = held_proposal(held_author)
    assert held.moderation_state is ModerationState.PENDING
    assert app.test_client().get(f"/proposals/{held.id}").status_code == 404
    decide(item_of("proposal", held), moderator, "approve")
    db.session.refresh(held)
    assert held.moderation_state is ModerationState.SHOWN
    assert app.test_client().get(f"/proposals/{held.id}").status_code == 200
    assert "Ein neuer Vorschlag" in app.test_client().get("/proposals/").text


def test_held_content_can_be_hidden_instead(db, proposal, held_author, moderator, item_of, decide):
    held = comment_services.post_comment(proposal.thread, held_author, "Kauft Pillen!")
    decide(item_of("comment", held), moderator, "hide", "spam")
    db.session.refresh(held)
    db.session.refresh(proposal)
    assert held.state is CommentState.HIDDEN and proposal.comment_count == 0


# --- lock ----------------------------------------------------------------------------------


def test_locking_closes_the_thread_with_the_reason_shown(
    app, client, login_as, db, comment, proposal, reported_comment
):
    login_as("moderator")
    response = post_decision(
        client, reported_comment, "lock", "off_topic", "Die Diskussion ist entgleist."
    )
    assert response.status_code == 302
    db.session.refresh(proposal.thread)
    assert proposal.thread.is_closed
    assert proposal.thread.closed_reason == "Gehört nicht zum Thema: Die Diskussion ist entgleist."
    page = app.test_client().get(f"/proposals/{proposal.id}").text
    assert "Die Diskussion ist geschlossen" in page
    assert "Gehört nicht zum Thema: Die Diskussion ist entgleist." in page
    db.session.refresh(comment)
    assert comment.state is CommentState.VISIBLE


def test_locked_thread_refuses_new_comments(
    client, login_as, db, proposal, reported_comment, moderator, decide
):
    decide(reported_comment, moderator, "lock", "insult")
    login_as("resident")
    response = client.post(f"/comments/thread/{proposal.thread_id}", data={"body": "Noch was"})
    assert response.status_code == 403
    assert "Diese Diskussion ist geschlossen" in response.text


def test_locking_a_closed_thread_is_not_offered(db, reported_comment, moderator, decide):
    decide(reported_comment, moderator, "lock", "insult")
    with pytest.raises(decisions.DecisionError) as refused:
        decide(reported_comment, moderator, "lock", "insult")
    assert refused.value.status == 409


def test_a_long_statement_is_shortened_to_fit_the_thread_reason(
    db, proposal, reported_comment, moderator, decide
):
    decide(reported_comment, moderator, "lock", "other", "x" * 1_500)
    db.session.refresh(proposal.thread)
    assert proposal.thread.is_closed
    assert proposal.thread.closed_reason.endswith("…")


# --- warn, suspend, unsuspend --------------------------------------------------------------


def test_warning_leaves_content_and_account_alone_but_tells_the_author(
    client, login_as, db, comment, author, reported_comment, mailbox
):
    login_as("moderator")
    response = post_decision(client, reported_comment, "warn", "insult", "Bitte freundlich.")
    assert response.status_code == 302
    db.session.refresh(comment)
    db.session.refresh(author)
    assert comment.state is CommentState.VISIBLE and not author.is_suspended
    [decision] = decision_rows(db, reported_comment)
    assert decision.action is Action.WARN and decision.affected_id == author.id
    mail = mailbox.last()
    assert mail["To"] == author.email
    assert "Sie wurden verwarnt." in mail.get_body(preferencelist=("plain",)).get_content()


def test_suspending_for_seven_days(client, login_as, db, author, reported_comment, mailbox):
    login_as("moderator")
    response = post_decision(client, reported_comment, "suspend", "insult", days="7")
    assert response.status_code == 302
    db.session.refresh(author)
    assert author.is_suspended
    expected = utcnow() + timedelta(days=7)
    assert abs(author.suspended_until - expected) < timedelta(minutes=1)
    [decision] = decision_rows(db, reported_comment)
    assert decision.suspended_until == author.suspended_until
    body = mailbox.last().get_body(preferencelist=("plain",)).get_content()
    assert "Ihr Konto wurde gesperrt." in body and "Die Sperre endet am" in body


def test_suspending_indefinitely(client, login_as, db, author, reported_comment, mailbox):
    login_as("moderator")
    response = post_decision(client, reported_comment, "suspend", "spam", days="0")
    assert response.status_code == 302
    db.session.refresh(author)
    assert author.is_suspended and author.suspended_at is not None
    assert author.suspended_until is None
    assert (
        "Die Sperre gilt, bis die Moderation sie aufhebt."
        in mailbox.last().get_body(preferencelist=("plain",)).get_content()
    )


def test_an_unknown_suspension_length_is_refused(client, login_as, db, author, reported_comment):
    login_as("moderator")
    response = post_decision(client, reported_comment, "suspend", "spam", days="3650")
    assert response.status_code == 400
    db.session.refresh(author)
    assert not author.is_suspended


def test_suspended_author_is_offered_unsuspend_and_it_lifts_the_suspension(
    client, login_as, db, author, reported_comment, moderator, decide, mailbox
):
    decide(reported_comment, moderator, "suspend", "spam")
    login_as("moderator")
    page = client.get(f"/moderation/items/{reported_comment.id}").text
    assert 'value="unsuspend"' in page and 'value="suspend"' not in page
    db.session.refresh(reported_comment)
    assert post_decision(client, reported_comment, "unsuspend").status_code == 302
    db.session.refresh(author)
    assert not author.is_suspended
    assert author.suspended_at is None and author.suspended_until is None
    assert (
        "Die Sperre Ihres Kontos wurde aufgehoben."
        in mailbox.last().get_body(preferencelist=("plain",)).get_content()
    )


def test_suspending_a_reported_person(db, author, comment, report_by, item_of, moderator, decide):
    report_by("user", author.id, Reason.INSULT)
    item = item_of("user", author)
    decision = decide(item, moderator, "suspend", "insult", days=30)
    db.session.refresh(author)
    assert author.is_suspended and decision.affected_id == author.id
    assert not item.is_open


def test_a_reported_person_cannot_be_hidden(db, author, comment, report_by, item_of, moderator):
    report_by("user", author.id)
    item = item_of("user", author)
    assert decisions.allowed_actions(item, author) == [
        Action.DISMISS,
        Action.WARN,
        Action.SUSPEND,
    ]


# --- what a decision needs -----------------------------------------------------------------


@pytest.mark.parametrize("action", ["hide", "lock", "warn", "suspend"])
def test_a_reason_is_required_and_the_statement_is_kept(
    client, login_as, db, reported_comment, action
):
    login_as("moderator")
    response = post_decision(client, reported_comment, action, "", "Mein erklärender Text")
    assert response.status_code == 400
    assert "Bitte wählen Sie einen Grund." in response.text
    assert "Mein erklärender Text" in response.text
    db.session.refresh(reported_comment)
    assert reported_comment.is_open and decision_rows(db, reported_comment) == []


def test_other_reason_requires_a_statement(client, login_as, db, reported_comment):
    login_as("moderator")
    response = post_decision(client, reported_comment, "hide", "other", "   ")
    assert response.status_code == 400
    assert "Bitte erklären Sie den Grund in ein paar Worten." in response.text
    assert decision_rows(db, reported_comment) == []


def test_a_statement_over_two_thousand_characters_is_refused(
    client, login_as, db, reported_comment
):
    login_as("moderator")
    typed = "Begründung " + "a" * 1_990
    response = post_decision(client, reported_comment, "hide", "insult", typed)
    assert response.status_code == 400
    assert "höchstens 2.000 Zeichen" in response.text
    assert typed in response.text
    assert decision_rows(db, reported_comment) == []


def test_a_statement_of_two_thousand_characters_is_accepted(client, login_as, db, reported_comment):
    login_as("moderator")
    response = post_decision(client, reported_comment, "hide", "insult", "a" * 2_000)
    assert response.status_code == 302
    [decision] = decision_rows(db, reported_comment)
    assert len(decision.statement) == 2_000


def test_the_service_refuses_a_too_long_statement(db, reported_comment, moderator, decide):
    with pytest.raises(decisions.DecisionError) as refused:
        decide(reported_comment, moderator, "warn", "insult", "a" * 2_001)
    assert refused.value.status == 400


@pytest.mark.parametrize("action", ["restore", "approve", "unsuspend"])
def test_an_action_not_possible_now_is_refused_with_a_message(
    client, login_as, db, comment, reported_comment, action
):
    login_as("moderator")
    response = post_decision(client, reported_comment, action, "spam")
    assert response.status_code in (400, 409)
    assert 'id="form-errors"' in response.text
    db.session.refresh(comment)
    assert comment.state is CommentState.VISIBLE
    assert decision_rows(db, reported_comment) == []


@pytest.mark.parametrize("action", ["restore", "approve", "unsuspend", "uphold", "overturn"])
def test_the_service_refuses_an_action_not_possible_now(
    db, reported_comment, moderator, decide, action
):
    with pytest.raises(decisions.DecisionError) as refused:
        decide(reported_comment, moderator, action)
    assert refused.value.status == 409
    assert refused.value.message is decisions.NOT_NOW


def test_an_unknown_action_is_refused_not_a_server_error(client, login_as, db, reported_comment):
    login_as("moderator")
    response = post_decision(client, reported_comment, "delete_everything", "spam")
    assert response.status_code == 400
    assert decision_rows(db, reported_comment) == []


def test_a_missing_version_is_refused(client, login_as, db, reported_comment):
    login_as("moderator")
    response = client.post(f"/moderation/items/{reported_comment.id}", data={"action": "dismiss"})
    assert response.status_code == 400
    assert decision_rows(db, reported_comment) == []


def test_an_unknown_item_is_not_found(client, login_as, db):
    login_as("moderator")
    assert client.get("/moderation/items/999999").status_code == 404
    assert client.post("/moderation/items/999999", data={"version": 1}).status_code == 404


def test_a_decision_on_deleted_content_can_only_dismiss(db, reported_comment, comment, moderator):
    db.session.delete(comment)
    db.session.flush()
    assert decisions.allowed_actions(reported_comment, None) == [Action.DISMISS]


# --- who decides ---------------------------------------------------------------------------


def test_a_moderator_cannot_decide_on_their_own_comment(
    client, login_as, db, proposal, report_by, item_of
):
    own_moderator = login_as("moderator")
    own = comment_services.post_comment(proposal.thread, own_moderator, "Mein eigener Beitrag.")
    report_by("comment", own.id)
    item = item_of("comment", own)
    page = client.get(f"/moderation/items/{item.id}")
    assert page.status_code == 200
    assert "Darüber entscheidet jemand anderes aus der Moderation." in page.text
    assert 'name="action"' not in page.text
    response = post_decision(client, item, "dismiss")
    assert response.status_code == 403
    assert "entscheidet jemand anderes" in response.text
    db.session.refresh(item)
    assert item.is_open and decision_rows(db, item) == []


def test_a_moderator_cannot_decide_on_their_own_account(
    client, login_as, db, proposal, report_by, item_of
):
    reported = login_as("moderator")
    comment_services.post_comment(proposal.thread, reported, "Etwas Öffentliches.")
    report_by("user", reported.id)
    item = item_of("user", reported)
    response = post_decision(client, item, "dismiss")
    assert response.status_code == 403
    assert "entscheidet jemand anderes" in response.text
    assert decision_rows(db, item) == []


def test_the_service_refuses_a_moderator_their_own_content(db, reported_comment, author, decide):
    from participation.accounts import roles
    from participation.core.permissions import Role

    roles.set_roles(author, {Role.MODERATOR}, actor=None)
    with pytest.raises(decisions.DecisionError) as refused:
        decide(reported_comment, author, "dismiss")
    assert refused.value.status == 403


def test_the_service_refuses_accounts_without_the_moderator_role(
    db, reported_comment, make_user, decide
):
    with pytest.raises(decisions.DecisionError) as refused:
        decide(reported_comment, make_user(roles=("admin",)), "dismiss")
    assert refused.value.status == 403


# --- someone decided in the meantime -------------------------------------------------------


def test_a_decision_on_an_outdated_page_is_refused_when_the_action_is_still_possible(
    client, login_as, db, reported_comment, make_user, decide, comment
):
    shown_version = reported_comment.version
    decide(reported_comment, make_user(roles=("moderator",)), "dismiss")
    login_as("moderator")
    response = post_decision(client, reported_comment, "hide", "spam", version=shown_version)
    assert response.status_code == 409
    assert CONFLICT in response.text
    db.session.refresh(comment)
    assert comment.state is CommentState.VISIBLE
    assert len(decision_rows(db, reported_comment)) == 1


def test_a_decision_on_an_outdated_page_is_refused_as_a_conflict(
    client, login_as, db, reported_comment, make_user, decide
):
    shown_version = reported_comment.version
    decide(reported_comment, make_user(roles=("moderator",)), "dismiss")
    login_as("moderator")
    response = post_decision(client, reported_comment, "dismiss", version=shown_version)
    assert response.status_code == 409
    assert CONFLICT in response.text


def test_the_service_reports_a_conflict_before_anything_else(
    db, reported_comment, make_user, moderator
):
    shown_version = reported_comment.version
    other = make_user(roles=("moderator",))
    decisions.decide(reported_comment, other, decisions.Choice(Action.DISMISS, shown_version))
    late = decisions.Choice(Action.DISMISS, shown_version)
    with pytest.raises(decisions.DecisionError) as refused:
        decisions.decide(reported_comment, moderator, late)
    assert refused.value.status == 409
    assert refused.value.message is decisions.CONFLICT
    assert len(decision_rows(db, reported_comment)) == 1


def test_the_refused_page_shows_the_new_state(
    client, login_as, db, reported_comment, make_user, decide
):
    shown_version = reported_comment.version
    decide(reported_comment, make_user(roles=("moderator",)), "hide", "spam")
    login_as("moderator")
    response = post_decision(client, reported_comment, "warn", "spam", version=shown_version)
    assert response.status_code == 409
    assert CONFLICT in response.text
    assert 'value="restore"' in response.text and "Ausblenden – Werbung oder Spam" in response.text


def test_the_refused_page_carries_the_new_version(
    client, login_as, db, reported_comment, make_user, decide
):
    shown_version = reported_comment.version
    decide(reported_comment, make_user(roles=("moderator",)), "hide", "spam")
    login_as("moderator")
    response = post_decision(client, reported_comment, "warn", "spam", version=shown_version)
    assert response.status_code == 409
    db.session.refresh(reported_comment)
    assert f'name="version" type="hidden" value="{reported_comment.version}"' in response.text


# --- audit log -----------------------------------------------------------------------------

AUDITED = [
    ("dismiss", None, None),
    ("hide", "insult", "Bitte sachlich."),
    ("lock", "off_topic", None),
    ("warn", "other", "Zu viele Beiträge in kurzer Zeit."),
    ("suspend", "spam", None),
]


@pytest.mark.parametrize(("action", "reason", "statement"), AUDITED)
def test_each_decision_writes_one_audit_entry(
    db, reported_comment, moderator, decide, action, reason, statement
):
    decision = decide(reported_comment, moderator, action, reason, statement, days=7)
    [entry] = audit_entries(db, f"moderation.{action}")
    assert entry.actor_id == moderator.id
    assert (entry.target_type, entry.target_id) == ("moderation_items", reported_comment.id)
    assert entry.before["open"] is True and entry.after["open"] is False
    assert entry.after["decision"] == decision.id
    assert entry.after.get("reason") == reason
    assert entry.after.get("statement") == statement
    for state in ("hidden", "suspended", "thread_closed"):
        assert state in entry.before and state in entry.after


def test_audit_entry_of_a_hide_keeps_the_state_before_and_after(
    db, reported_comment, moderator, decide
):
    decide(reported_comment, moderator, "hide", "insult", "Bitte sachlich.")
    [entry] = audit_entries(db, "moderation.hide")
    assert entry.before["hidden"] is False and entry.after["hidden"] is True
    assert entry.after["reason"] == "insult" and entry.after["statement"] == "Bitte sachlich."


def test_audit_entry_of_a_suspension_keeps_the_state_and_the_end(
    db, reported_comment, moderator, decide
):
    decision = decide(reported_comment, moderator, "suspend", "spam", days=7)
    [entry] = audit_entries(db, "moderation.suspend")
    assert entry.before["suspended"] is False and entry.after["suspended"] is True
    assert entry.after["until"] == decision.suspended_until.isoformat()


def test_audit_entry_of_an_unsuspension(db, reported_comment, moderator, decide):
    decide(reported_comment, moderator, "suspend", "spam")
    decide(reported_comment, moderator, "unsuspend")
    [entry] = audit_entries(db, "moderation.unsuspend")
    assert entry.before["suspended"] is True and entry.after["suspended"] is False


def test_audit_entry_of_an_approval(db, proposal, held_author, moderator, item_of, decide):
    held = comment_services.post_comment(proposal.thread, held_author, "Erster Beitrag.")
    decide(item_of("comment", held), moderator, "approve")
    [entry] = audit_entries(db, "moderation.approve")
    assert entry.before["pending"] is True and entry.after["pending"] is False


def test_a_refused_decision_writes_no_audit_entry(client, login_as, db, reported_comment):
    login_as("moderator")
    post_decision(client, reported_comment, "hide", "", "ohne Grund")
    assert audit_entries(db, "moderation.hide") == []


def test_admins_find_moderation_decisions_in_the_audit_log(
    client, login_as, db, reported_comment, moderator, decide, reported_proposal
):
    decide(reported_comment, moderator, "hide", "insult", "Bitte sachlich bleiben.")
    decide(reported_proposal, moderator, "dismiss")
    login_as("admin")
    page = client.get("/admin/audit?action=moderation.hide")
    assert page.status_code == 200
    assert "1 Eintrag passt zu den Filtern." in page.text
    assert "Ausblenden" in page.text and "Moderator" in page.text
    assert f"Moderation {reported_comment.id}" in page.text
    assert "statement: Bitte sachlich bleiben." in page.text
    everything = client.get("/admin/audit?target_type=moderation_items").text
    assert "Meldungen zurückweisen" in everything and "Ausblenden" in everything


def test_moderators_cannot_browse_the_audit_log(client, login_as, db):
    login_as("moderator")
    assert client.get("/admin/audit").status_code == 403


def test_no_route_edits_or_deletes_audit_entries(
    app, client, login_as, db, reported_comment, moderator, decide
):
    decide(reported_comment, moderator, "hide", "spam")
    [entry] = audit_entries(db, "moderation.hide")
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "api.elsewhere":  # the open data API answers writes with a 405
            continue
        assert not rule.methods & {"PUT", "PATCH", "DELETE"}, rule.rule
        if "audit" in rule.rule:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule.rule
    login_as("admin")
    assert client.post("/admin/audit", data={"id": entry.id}).status_code == 405
    assert client.delete("/admin/audit").status_code == 405
    db.session.refresh(entry)
    assert entry.action == "moderation.hide"


# --- the mail to the person affected -------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "outcome"),
    [
        ("hide", "Ihr Beitrag wurde ausgeblendet."),
        ("warn", "Sie wurden verwarnt."),
        ("suspend", "Ihr Konto wurde gesperrt."),
        ("lock", "Die Diskussion wurde geschlossen."),
    ],
)
def test_the_author_gets_a_mail_with_reason_statement_and_a_link(
    client, login_as, db, author, reported_comment, mailbox, action, outcome
):
    login_as("moderator")
    response = post_decision(client, reported_comment, action, "insult", "Das war verletzend.")
    assert response.status_code == 302
    assert SAVED_AND_SENT in client.get(response.headers["Location"]).text
    [decision] = decision_rows(db, reported_comment)
    [mail] = decision_mails(mailbox)
    assert mail["To"] == author.email
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert outcome in body
    assert "Grund: Beleidigung oder Hass" in body
    assert "Das war verletzend." in body
    assert "widersprechen" in body
    assert mailbox.last_link() == f"/moderation/decisions/{decision.id}"


@pytest.mark.parametrize("action", ["dismiss", "approve"])
def test_dismiss_and_approve_send_no_mail(
    client, login_as, db, proposal, held_author, reported_comment, item_of, mailbox, action
):
    if action == "approve":
        held = comment_services.post_comment(proposal.thread, held_author, "Erster Beitrag.")
        item = item_of("comment", held)
    else:
        item = reported_comment
    login_as("moderator")
    response = post_decision(client, item, action)
    assert response.status_code == 302
    assert "Die Entscheidung ist gespeichert." in client.get(response.headers["Location"]).text
    assert len(decision_rows(db, item)) == 1
    assert decision_mails(mailbox) == []


@pytest.fixture()
def closed_port():
    """A local TCP port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_decision_is_kept_and_its_mail_retried_when_smtp_refuses(
    app, client, login_as, db, comment, reported_comment, monkeypatch, closed_port, author
):
    from participation.notifications.models import Delivery, Notification

    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", closed_port)
    login_as("moderator")
    response = post_decision(client, reported_comment, "hide", "insult", "Bitte sachlich.")
    assert response.status_code == 302
    db.session.refresh(comment)
    assert comment.state is CommentState.HIDDEN
    [decision] = decision_rows(db, reported_comment)
    [waiting] = db.session.scalars(
        select(Notification).where(
            Notification.recipient_id == author.id, Notification.kind == "moderation.decision"
        )
    ).all()
    assert waiting.delivery is Delivery.PENDING and waiting.attempts == 1
    assert waiting.last_error and waiting.next_attempt_at is not None
    sign_in(client, author)
    assert f"/moderation/decisions/{decision.id}" in client.get("/moderation/decisions").text


# --- bulk decisions ------------------------------------------------------------------------


@pytest.fixture()
def spam_wave(make_user, proposal, report_by, item_of):
    """Three reported comments by two spammers; returns their items."""
    spammers = [make_user(display_name="Spam A"), make_user(display_name="Spam B")]
    items = []
    for number, spammer in enumerate([spammers[0], spammers[0], spammers[1]]):
        spam = comment_services.post_comment(proposal.thread, spammer, f"Billige Uhren {number}")
        report_by("comment", spam.id, Reason.SPAM)
        items.append(item_of("comment", spam))
    return items


def bulk_post(client, items, bulk_action, extra=()):
    data = {"item": [str(item.id) for item in items] + list(extra), "bulk_action": bulk_action}
    return client.post("/moderation/bulk", data=data, follow_redirects=True)


def comment_states(db, items):
    from participation.comments.models import Comment

    return [db.session.get(Comment, item.subject_id).state for item in items]


def test_bulk_dismiss_decides_every_chosen_item(client, login_as, db, spam_wave, mailbox):
    login_as("moderator")
    page = bulk_post(client, spam_wave, "dismiss")
    assert page.status_code == 200
    assert "3 Einträge sind entschieden." in page.text
    for item in spam_wave:
        db.session.refresh(item)
        assert not item.is_open and item.report_count == 0
        assert [d.action for d in decision_rows(db, item)] == [Action.DISMISS]
    assert set(comment_states(db, spam_wave)) == {CommentState.VISIBLE}
    assert decision_mails(mailbox) == []


def test_bulk_hide_hides_every_chosen_item_as_spam(client, login_as, db, spam_wave, mailbox):
    login_as("moderator")
    page = bulk_post(client, spam_wave, "hide")
    assert "3 Einträge sind entschieden." in page.text
    assert set(comment_states(db, spam_wave)) == {CommentState.HIDDEN}
    for item in spam_wave:
        [decision] = decision_rows(db, item)
        assert decision.action is Action.HIDE and decision.reason is Reason.SPAM
    assert len(decision_mails(mailbox)) == 3
    assert len(audit_entries(db, "moderation.hide")) == 3


def test_bulk_hide_and_suspend_suspends_each_spammer_once(client, login_as, db, spam_wave):
    login_as("moderator")
    page = bulk_post(client, spam_wave, "hide_suspend")
    assert "3 Einträge sind entschieden." in page.text
    assert "übersprungen" not in page.text
    assert set(comment_states(db, spam_wave)) == {CommentState.HIDDEN}
    spammers = {item.author for item in spam_wave}
    for spammer in spammers:
        db.session.refresh(spammer)
        assert spammer.is_suspended and spammer.suspended_until is None
    suspensions = db.session.scalar(
        select(func.count()).select_from(Decision).where(Decision.action == Action.SUSPEND)
    )
    assert suspensions == len(spammers) == 2


def test_bulk_skips_own_content_and_counts_it(
    client, login_as, db, spam_wave, proposal, report_by, item_of
):
    me = login_as("moderator")
    own = comment_services.post_comment(proposal.thread, me, "Mein Beitrag")
    report_by("comment", own.id)
    own_item = item_of("comment", own)
    page = bulk_post(client, [*spam_wave, own_item], "hide")
    assert "3 Einträge sind entschieden." in page.text
    assert "1 Eintrag wurde übersprungen" in page.text
    db.session.refresh(own)
    db.session.refresh(own_item)
    assert own.state is CommentState.VISIBLE and own_item.is_open
    assert decision_rows(db, own_item) == []


def test_bulk_without_a_selection_is_refused(client, login_as, db, spam_wave):
    login_as("moderator")
    page = client.post("/moderation/bulk", data={"bulk_action": "hide"}, follow_redirects=True)
    assert "Bitte wählen Sie mindestens einen Eintrag aus." in page.text
    assert set(comment_states(db, spam_wave)) == {CommentState.VISIBLE}
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 0


def test_bulk_with_an_unknown_action_is_refused(client, login_as, db, spam_wave):
    login_as("moderator")
    page = bulk_post(client, spam_wave, "delete")
    assert page.status_code == 400
    assert "Bitte wählen Sie eine Entscheidung aus der Liste." in page.text
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 0
    for item in spam_wave:  # the refused form comes back with the same items ticked
        assert f'value="{item.id}" id="select-{item.id}" checked' in page.text


def test_a_decision_without_its_reason_marks_the_reason_field(client, login_as, db, spam_wave):
    login_as("moderator")
    item = spam_wave[0]
    data = {"version": item.version, "action": "warn", "statement": "Bitte sachlich."}
    page = client.post(f"/moderation/items/{item.id}", data=data)
    assert page.status_code == 400
    assert 'id="reason-error"' in page.text and "Bitte sachlich." in page.text
    data = {"version": item.version, "action": "warn", "reason": "other", "statement": ""}
    page = client.post(f"/moderation/items/{item.id}", data=data)
    assert page.status_code == 400 and 'id="statement-error"' in page.text


def test_decided_items_are_listed_apart_from_the_queue(client, login_as, db, spam_wave):
    login_as("moderator")
    bulk_post(client, spam_wave[:1], "hide")
    decided = client.get("/moderation/?show=decided").text
    queue = client.get("/moderation/").text
    link = f'href="/moderation/items/{spam_wave[0].id}"'
    assert link in decided and link not in queue
    assert 'name="item"' not in decided  # no bulk decisions on decided items


def test_bulk_skips_ids_that_do_not_exist(client, login_as, db, spam_wave):
    login_as("moderator")
    page = bulk_post(client, spam_wave[:1], "dismiss", extra=["999999", "abc"])
    assert page.status_code == 200
    assert "1 Eintrag ist entschieden." in page.text
    db.session.refresh(spam_wave[0])
    assert not spam_wave[0].is_open


def test_bulk_skips_items_decided_in_between(db, spam_wave, moderator, make_user, decide):
    decide(spam_wave[0], make_user(roles=("moderator",)), "dismiss")
    outcome = bulk.decide_many([item.id for item in spam_wave], moderator, "dismiss")
    assert (outcome.decided, outcome.skipped) == (2, 1)


def test_bulk_hide_confirms_content_hidden_automatically(
    app, db, proposal, make_user, report_by, item_of, moderator, monkeypatch
):
    monkeypatch.setitem(app.config, "MODERATION_AUTO_HIDE_REPORTS", 2)
    spam = comment_services.post_comment(proposal.thread, make_user(), "Billige Uhren")
    report_by("comment", spam.id)
    report_by("comment", spam.id)
    item = item_of("comment", spam)
    assert item.auto_hidden and spam.state is CommentState.HIDDEN
    outcome = bulk.decide_many([item.id], moderator, "hide")
    assert (outcome.decided, outcome.skipped) == (1, 0)
    db.session.refresh(spam)
    assert spam.state is CommentState.HIDDEN and spam.hidden_reason == "spam"


def test_automatically_hidden_content_can_be_hidden_with_a_reason(
    app, client, login_as, db, proposal, make_user, report_by, item_of, monkeypatch
):
    monkeypatch.setitem(app.config, "MODERATION_AUTO_HIDE_REPORTS", 2)
    spam = comment_services.post_comment(proposal.thread, make_user(), "Sehr gemein")
    report_by("comment", spam.id, Reason.INSULT)
    report_by("comment", spam.id, Reason.INSULT)
    item = item_of("comment", spam)
    assert spam.hidden_reason == "under_review"
    login_as("moderator")
    assert post_decision(client, item, "hide", "insult", "Beleidigend.").status_code == 302
    db.session.refresh(spam)
    db.session.refresh(item)
    assert spam.state is CommentState.HIDDEN and spam.hidden_reason == "insult"
    assert not item.is_open and not item.auto_hidden


def test_bulk_item_ids_are_decided_once_even_when_sent_twice(client, login_as, db, spam_wave):
    login_as("moderator")
    page = bulk_post(client, spam_wave[:1], "hide", extra=[str(spam_wave[0].id)])
    assert "1 Eintrag ist entschieden." in page.text
    assert len(decision_rows(db, spam_wave[0])) == 1


def test_bulk_hide_skips_reported_people(db, author, comment, report_by, item_of, moderator):
    report_by("user", author.id)
    item = item_of("user", author)
    outcome = bulk.decide_many([item.id], moderator, "hide")
    assert (outcome.decided, outcome.skipped) == (0, 1)
    assert db.session.get(ModerationItem, item.id).is_open


def test_a_lock_reason_is_stored_in_the_platform_language(
    app, client, login_as, db, proposal, reported_comment
):
    login_as("moderator", locale="en")
    response = post_decision(client, reported_comment, "lock", "off_topic", "Off we go.")
    assert response.status_code == 302
    db.session.refresh(proposal.thread)
    assert proposal.thread.closed_reason == "Gehört nicht zum Thema: Off we go."


def test_statements_are_shown_as_text_not_markup(
    client, login_as, db, author, reported_comment, moderator, decide
):
    decision = decide(reported_comment, moderator, "warn", "other", "<script>alert(1)</script>")
    sign_in(client, author)
    page = client.get(f"/moderation/decisions/{decision.id}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    login_as("moderator")
    assert (
        "<script>alert(1)</script>" not in client.get(f"/moderation/items/{decision.item_id}").text
    )
