"""Appeals: the person affected reads the decision and its reasons, objects once, and a
moderator other than the one who decided upholds or overturns it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.comments import services as comment_services
from participation.comments.models import CommentState
from participation.core.audit import AuditEntry
from participation.moderation import appeals, bulk
from participation.moderation.models import Action, Appeal, AppealStatus, Cause, Decision, Reason

APPEAL_TEXT = "Das war sachliche Kritik, keine Beleidigung."


def sign_in(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session["_fresh"] = True


def appeal_rows(db):
    return list(db.session.scalars(select(Appeal)))


@pytest.fixture()
def reported(comment, report_by, item_of):
    """The comment's item, reported once for an insult."""
    report_by("comment", comment.id, Reason.INSULT, note="Gemein")
    return item_of("comment", comment)


@pytest.fixture()
def first_moderator(make_user):
    return make_user(display_name="Erste Moderatorin", roles=("moderator",))


@pytest.fixture()
def second_moderator(make_user):
    return make_user(display_name="Zweiter Moderator", roles=("moderator",))


@pytest.fixture()
def hidden(reported, first_moderator, decide):
    """The comment hidden by the first moderator; returns the decision."""
    return decide(reported, first_moderator, "hide", "insult", "Bitte ohne Beschimpfungen.")


@pytest.fixture()
def appealed(db, hidden, author):
    """The hide decision, appealed by its author; returns the decision."""
    appeals.lodge(hidden, author, APPEAL_TEXT)
    db.session.flush()
    return hidden


def decide_appeal(client, moderator, item, action):
    sign_in(client, moderator)
    return client.post(
        f"/moderation/items/{item.id}", data={"version": item.version, "action": action}
    )


# --- reading decisions ---------------------------------------------------------------------


def test_the_affected_person_lists_their_decisions(client, db, author, hidden, make_user):
    sign_in(client, author)
    page = client.get("/moderation/decisions")
    assert page.status_code == 200
    assert f"/moderation/decisions/{hidden.id}" in page.text
    assert "Ihr Beitrag wurde ausgeblendet." in page.text
    assert "Grund: Beleidigung oder Hass" in page.text
    sign_in(client, make_user())
    page = client.get("/moderation/decisions")
    assert f"/moderation/decisions/{hidden.id}" not in page.text
    assert "Es gibt keine Entscheidungen, die Sie betreffen." in page.text


def test_dismissals_are_not_listed_for_the_author(
    client, db, author, reported, first_moderator, decide
):
    dismissed = decide(reported, first_moderator, "dismiss")
    sign_in(client, author)
    assert f"/moderation/decisions/{dismissed.id}" not in client.get("/moderation/decisions").text


def test_the_decision_page_shows_reason_statement_and_the_appeal_form(client, db, author, hidden):
    sign_in(client, author)
    page = client.get(f"/moderation/decisions/{hidden.id}")
    assert page.status_code == 200
    assert "Ihr Beitrag wurde ausgeblendet." in page.text
    assert "Beleidigung oder Hass" in page.text
    assert "Bitte ohne Beschimpfungen." in page.text
    assert 'name="text"' in page.text and "Widerspruch senden" in page.text
    assert f"/comments/{hidden.item.subject_id}" in page.text


def test_a_suspension_page_shows_its_end(client, db, author, reported, first_moderator, decide):
    suspended = decide(reported, first_moderator, "suspend", "spam")
    sign_in(client, author)
    page = client.get(f"/moderation/decisions/{suspended.id}").text
    assert "Sperre bis" in page and "bis die Moderation sie aufhebt" in page


@pytest.mark.parametrize("role", ["resident", "verified", "staff", "council", "admin"])
def test_other_accounts_do_not_find_the_decision(client, login_as, db, hidden, role):
    login_as(role)
    assert client.get(f"/moderation/decisions/{hidden.id}").status_code == 404
    response = client.post(f"/moderation/decisions/{hidden.id}", data={"text": "Ich auch!"})
    assert response.status_code == 404
    assert appeal_rows(db) == []


def test_guests_are_sent_to_sign_in_for_decisions(client, db, hidden):
    for url in ("/moderation/decisions", f"/moderation/decisions/{hidden.id}"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/account/signin" in response.headers["Location"]


def test_moderators_read_any_decision_but_cannot_appeal_it(client, db, hidden, second_moderator):
    sign_in(client, second_moderator)
    page = client.get(f"/moderation/decisions/{hidden.id}")
    assert page.status_code == 200 and 'name="text"' not in page.text
    response = client.post(f"/moderation/decisions/{hidden.id}", data={"text": "Widerspruch"})
    assert response.status_code == 403
    assert appeal_rows(db) == []


def test_an_unknown_decision_is_not_found(client, login_as, db):
    login_as("moderator")
    assert client.get("/moderation/decisions/999999").status_code == 404


# --- lodging an appeal ---------------------------------------------------------------------


@pytest.mark.parametrize("action", ["hide", "warn", "suspend", "lock"])
def test_an_appeal_reopens_the_item_for_the_moderation(
    client, db, author, reported, first_moderator, decide, action
):
    decision = decide(reported, first_moderator, action, "insult", "Begründung")
    closed_version = reported.version
    assert not reported.is_open
    sign_in(client, author)
    response = client.post(
        f"/moderation/decisions/{decision.id}", data={"text": APPEAL_TEXT}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Ihr Widerspruch ist eingegangen." in response.text
    db.session.refresh(reported)
    assert reported.is_open and reported.cause is Cause.APPEAL
    assert reported.version > closed_version
    [appeal] = appeal_rows(db)
    assert appeal.decision_id == decision.id and appeal.appellant_id == author.id
    assert appeal.text == APPEAL_TEXT and appeal.status is AppealStatus.OPEN


def test_the_decision_page_shows_the_appeal_and_its_status(client, db, author, appealed):
    sign_in(client, author)
    page = client.get(f"/moderation/decisions/{appealed.id}").text
    assert APPEAL_TEXT in page and "Wird geprüft" in page
    assert 'name="text"' not in page


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_appeal_is_refused(client, db, author, hidden, reported, text):
    sign_in(client, author)
    response = client.post(f"/moderation/decisions/{hidden.id}", data={"text": text})
    assert response.status_code == 400
    assert "Bitte schreiben Sie, warum die Entscheidung aus Ihrer Sicht falsch ist." in (
        response.text
    )
    db.session.refresh(reported)
    assert not reported.is_open and appeal_rows(db) == []


def test_a_too_long_appeal_is_refused_and_the_text_kept(client, db, author, hidden, reported):
    sign_in(client, author)
    typed = "Mein Widerspruch " + "x" * 2_000
    response = client.post(f"/moderation/decisions/{hidden.id}", data={"text": typed})
    assert response.status_code == 400
    assert "höchstens 2.000 Zeichen" in response.text
    assert typed in response.text
    db.session.refresh(reported)
    assert not reported.is_open and appeal_rows(db) == []


def test_the_service_refuses_a_too_long_appeal(db, author, hidden):
    with pytest.raises(appeals.AppealError) as refused:
        appeals.lodge(hidden, author, "x" * 2_001)
    assert refused.value.status == 400


def test_a_second_appeal_against_the_same_decision_is_refused(client, db, author, appealed):
    sign_in(client, author)
    response = client.post(f"/moderation/decisions/{appealed.id}", data={"text": "Nochmal!"})
    assert response.status_code == 409
    assert "Sie haben gegen diese Entscheidung schon widersprochen." in response.text
    [appeal] = appeal_rows(db)
    assert appeal.text == APPEAL_TEXT


def test_no_second_appeal_after_the_first_was_decided(
    client, db, author, appealed, reported, second_moderator, decide
):
    decide(reported, second_moderator, "uphold")
    sign_in(client, author)
    page = client.get(f"/moderation/decisions/{appealed.id}")
    assert 'name="text"' not in page.text and "Zurückgewiesen" in page.text
    response = client.post(f"/moderation/decisions/{appealed.id}", data={"text": "Nochmal!"})
    assert response.status_code == 409
    db.session.refresh(reported)
    assert not reported.is_open and len(appeal_rows(db)) == 1


@pytest.mark.parametrize("action", ["restore", "unsuspend"])
def test_decisions_in_the_persons_favour_need_no_appeal(
    client, db, author, reported, first_moderator, decide, action
):
    decide(reported, first_moderator, "hide" if action == "restore" else "suspend", "spam")
    favourable = decide(reported, first_moderator, action)
    sign_in(client, author)
    page = client.get(f"/moderation/decisions/{favourable.id}")
    assert page.status_code == 200
    assert "Gegen diese Entscheidung ist kein Widerspruch nötig." in page.text
    response = client.post(f"/moderation/decisions/{favourable.id}", data={"text": "Warum?"})
    assert response.status_code == 403
    assert appeal_rows(db) == []


def test_one_appeal_at_a_time_per_item(
    client, db, author, proposal, report_by, item_of, first_moderator
):
    spam = comment_services.post_comment(proposal.thread, author, "Kaufen Sie jetzt!")
    report_by("comment", spam.id, Reason.SPAM)
    item = item_of("comment", spam)
    outcome = bulk.decide_many([item.id], first_moderator, "hide_suspend")
    hide, suspend = outcome.decisions
    appeals.lodge(hide, author, APPEAL_TEXT)
    db.session.flush()
    sign_in(client, author)
    response = client.post(f"/moderation/decisions/{suspend.id}", data={"text": "Auch falsch"})
    assert response.status_code == 409
    assert "Ein Widerspruch zu diesem Beitrag wird gerade geprüft." in response.text
    assert len(appeal_rows(db)) == 1


def test_a_suspended_account_can_still_appeal(
    client, db, author, reported, first_moderator, decide
):
    suspension = decide(reported, first_moderator, "suspend", "insult", "Wiederholt beleidigend.")
    db.session.refresh(author)
    assert author.is_suspended
    sign_in(client, author)
    assert client.get("/moderation/decisions").status_code == 200
    assert client.get(f"/moderation/decisions/{suspension.id}").status_code == 200
    response = client.post(f"/moderation/decisions/{suspension.id}", data={"text": APPEAL_TEXT})
    assert response.status_code == 302
    db.session.refresh(reported)
    assert reported.is_open and reported.cause is Cause.APPEAL


def test_the_appeal_shows_in_the_queue_with_the_decision_it_is_against(
    client, db, appealed, reported, second_moderator
):
    sign_in(client, second_moderator)
    queue = client.get("/moderation/").text
    assert f"/moderation/items/{reported.id}" in queue
    assert "Widerspruch gegen: Ausblenden" in queue
    assert "Erste Moderatorin" in queue and APPEAL_TEXT in queue


# --- deciding on the appeal ----------------------------------------------------------------


def test_an_appealed_item_offers_only_upholding_or_overturning(
    client, db, appealed, reported, second_moderator
):
    sign_in(client, second_moderator)
    page = client.get(f"/moderation/items/{reported.id}").text
    assert 'value="uphold"' in page and 'value="overturn"' in page
    for other in ("dismiss", "hide", "restore", "warn", "suspend", "lock"):
        assert f'value="{other}"' not in page


def test_the_moderator_who_decided_cannot_decide_the_appeal(
    client, db, appealed, reported, first_moderator
):
    sign_in(client, first_moderator)
    page = client.get(f"/moderation/items/{reported.id}")
    assert page.status_code == 200
    assert "Der Widerspruch richtet sich gegen Ihre eigene Entscheidung." in page.text
    assert 'name="action"' not in page.text
    response = decide_appeal(client, first_moderator, reported, "uphold")
    assert response.status_code == 403
    assert "Über einen Widerspruch gegen Ihre eigene Entscheidung entscheidet jemand anderes." in (
        response.text
    )
    db.session.refresh(reported)
    [appeal] = appeal_rows(db)
    assert reported.is_open and appeal.status is AppealStatus.OPEN


def test_another_moderator_upholds_the_decision(
    client, db, appealed, reported, comment, author, second_moderator, mailbox
):
    response = decide_appeal(client, second_moderator, reported, "uphold")
    assert response.status_code == 302
    db.session.refresh(reported)
    db.session.refresh(comment)
    [appeal] = appeal_rows(db)
    uphold = db.session.scalar(select(Decision).where(Decision.action == Action.UPHOLD))
    assert appeal.status is AppealStatus.UPHELD
    assert appeal.resolution_id == uphold.id and appeal.resolved_at is not None
    assert uphold.moderator_id == second_moderator.id and uphold.affected_id == author.id
    assert not reported.is_open
    assert comment.state is CommentState.HIDDEN
    mail = mailbox.last()
    assert mail["To"] == author.email
    assert (
        "Die Entscheidung bleibt bestehen" in mail.get_body(preferencelist=("plain",)).get_content()
    )
    assert (
        f"/moderation/decisions/{uphold.id}"
        in mail.get_body(preferencelist=("plain",)).get_content()
    )


def test_overturning_a_hide_restores_the_content(
    app, client, db, appealed, reported, comment, proposal, author, second_moderator, mailbox
):
    response = decide_appeal(client, second_moderator, reported, "overturn")
    assert response.status_code == 302
    db.session.refresh(comment)
    db.session.refresh(proposal)
    [appeal] = appeal_rows(db)
    assert appeal.status is AppealStatus.OVERTURNED
    assert comment.state is CommentState.VISIBLE and proposal.comment_count == 1
    assert "Ein ganz normaler Kommentar." in app.test_client().get(f"/comments/{comment.id}").text
    assert (
        "Ihr Widerspruch war erfolgreich."
        in mailbox.last().get_body(preferencelist=("plain",)).get_content()
    )


def test_overturning_a_suspension_lifts_it(
    client, db, author, reported, first_moderator, second_moderator, decide, mailbox
):
    suspension = decide(reported, first_moderator, "suspend", "spam")
    appeals.lodge(suspension, author, APPEAL_TEXT)
    db.session.flush()
    assert decide_appeal(client, second_moderator, reported, "overturn").status_code == 302
    db.session.refresh(author)
    assert not author.is_suspended and author.suspended_at is None
    assert (
        "Ihr Widerspruch war erfolgreich."
        in mailbox.last().get_body(preferencelist=("plain",)).get_content()
    )


def test_overturning_a_lock_reopens_the_thread(
    client, db, author, proposal, reported, first_moderator, second_moderator, decide
):
    locked = decide(reported, first_moderator, "lock", "off_topic")
    db.session.refresh(proposal.thread)
    assert proposal.thread.is_closed
    appeals.lodge(locked, author, APPEAL_TEXT)
    db.session.flush()
    assert decide_appeal(client, second_moderator, reported, "overturn").status_code == 302
    db.session.refresh(proposal.thread)
    assert not proposal.thread.is_closed and proposal.thread.closed_reason is None


def test_overturning_a_warning_withdraws_it(
    client, db, author, comment, reported, first_moderator, second_moderator, decide
):
    warning = decide(reported, first_moderator, "warn", "insult")
    appeals.lodge(warning, author, APPEAL_TEXT)
    db.session.flush()
    assert decide_appeal(client, second_moderator, reported, "overturn").status_code == 302
    [appeal] = appeal_rows(db)
    db.session.refresh(comment)
    assert appeal.status is AppealStatus.OVERTURNED
    assert comment.state is CommentState.VISIBLE


def test_upholding_a_suspension_keeps_it(
    db, author, reported, first_moderator, second_moderator, decide
):
    suspension = decide(reported, first_moderator, "suspend", "spam")
    appeals.lodge(suspension, author, APPEAL_TEXT)
    db.session.flush()
    decide(reported, second_moderator, "uphold")
    db.session.refresh(author)
    assert author.is_suspended


def test_appeal_decisions_are_audited(db, appealed, reported, second_moderator, decide):
    decide(reported, second_moderator, "overturn", statement="Doch sachlich.")
    [entry] = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "moderation.overturn")
    )
    assert entry.actor_id == second_moderator.id and entry.target_id == reported.id
    assert entry.before["hidden"] is True and entry.after["hidden"] is False
    assert entry.after["statement"] == "Doch sachlich."


def test_upholding_and_overturning_cannot_be_appealed(
    client, db, author, appealed, reported, second_moderator, decide
):
    upheld = decide(reported, second_moderator, "uphold")
    sign_in(client, author)
    page = client.get(f"/moderation/decisions/{upheld.id}")
    assert page.status_code == 200 and 'name="text"' not in page.text
    assert client.post(f"/moderation/decisions/{upheld.id}", data={"text": "x"}).status_code == 403


def test_the_item_can_be_decided_normally_after_the_appeal(
    db, appealed, reported, second_moderator, decide, make_user
):
    decide(reported, second_moderator, "overturn")
    assert db.session.scalar(select(func.count()).select_from(Appeal)) == 1
    later = decide(reported, make_user(roles=("moderator",)), "hide", "spam")
    assert later.action is Action.HIDE


def test_reports_that_came_in_during_an_appeal_stay_open_after_it(
    client, db, author, comment, reported, report_by, first_moderator, second_moderator, decide
):
    warning = decide(reported, first_moderator, "warn", "insult")
    appeals.lodge(warning, author, APPEAL_TEXT)
    late = report_by("comment", comment.id, Reason.SPAM, note="Schon wieder Werbung")
    db.session.refresh(reported)
    assert reported.cause is Cause.APPEAL and reported.report_count == 1
    upheld = decide(reported, second_moderator, "uphold")
    [appeal] = appeal_rows(db)
    db.session.refresh(late)
    assert appeal.status is AppealStatus.UPHELD and appeal.resolution_id == upheld.id
    assert reported.is_open and reported.cause is Cause.REPORTS
    assert late.decision_id is None and reported.report_count == 1
    sign_in(client, second_moderator)
    page = client.get(f"/moderation/items/{reported.id}").text
    assert "Schon wieder Werbung" in page and 'value="dismiss"' in page
    dismissed = decide(reported, second_moderator, "dismiss")
    db.session.refresh(late)
    assert late.decision_id == dismissed.id and not reported.is_open
