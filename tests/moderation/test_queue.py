"""The moderation queue: who may see it, what it lists in which order, the context it shows,
and a bounded number of SQL queries however many items are open."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from participation.comments import services as comment_services
from participation.core.models import utcnow
from participation.moderation import appeals, reports
from participation.moderation.models import ModerationItem, Reason
from tests.querycount import counted_queries

NON_MODERATORS = ["resident", "verified", "staff", "council", "admin"]


def queue_order(page: str) -> list[int]:
    """Return the item ids in the order the queue lists them."""
    ids = re.findall(r'id="item-(\d+)-heading"', page)
    return [int(item_id) for item_id in ids]


def set_opened(db, item, days_ago: int) -> None:
    """Make the item look `days_ago` days old in the queue."""
    opened = utcnow() - timedelta(days=days_ago)
    db.session.execute(
        update(ModerationItem).where(ModerationItem.id == item.id).values(opened_at=opened)
    )
    db.session.refresh(item)


@pytest.fixture()
def reporters(make_user):
    """Five accounts that report things."""
    return [make_user() for _ in range(5)]


@pytest.fixture()
def report_many(report_by, reporters, item_of):
    """report_many(subject_type, subject, count, reason=SPAM) → the item, reported `count` times."""

    def make(subject_type, subject, count, reason=Reason.SPAM):
        for reporter in reporters[:count]:
            report_by(subject_type, subject.id, reason, reporter=reporter)
        return item_of(subject_type, subject)

    return make


# --- who may use the moderation pages ------------------------------------------------------


@pytest.fixture()
def open_item(comment, report_by, item_of):
    report_by("comment", comment.id)
    return item_of("comment", comment)


@pytest.mark.parametrize("role", NON_MODERATORS)
def test_accounts_without_the_moderator_role_are_refused(client, login_as, db, open_item, role):
    login_as(role)
    assert client.get("/moderation/").status_code == 403
    assert client.get(f"/moderation/items/{open_item.id}").status_code == 403
    decision = {"version": open_item.version, "action": "dismiss"}
    assert client.post(f"/moderation/items/{open_item.id}", data=decision).status_code == 403
    bulk = {"item": [open_item.id], "bulk_action": "dismiss"}
    assert client.post("/moderation/bulk", data=bulk).status_code == 403
    db.session.refresh(open_item)
    assert open_item.is_open


def test_guests_are_sent_to_sign_in(client, db, open_item):
    for response in (
        client.get("/moderation/"),
        client.get(f"/moderation/items/{open_item.id}"),
        client.post("/moderation/bulk", data={"item": [open_item.id], "bulk_action": "dismiss"}),
    ):
        assert response.status_code == 302
        assert "/account/signin" in response.headers["Location"]


@pytest.mark.parametrize("roles", [("moderator",), ("moderator", "admin"), ("moderator", "staff")])
def test_moderators_use_the_queue_and_item_pages(client, make_user, db, open_item, roles):
    user = make_user(roles=roles)
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
    assert client.get("/moderation/").status_code == 200
    assert client.get(f"/moderation/items/{open_item.id}").status_code == 200


@pytest.mark.parametrize("role", [None, "resident", "moderator", "admin"])
def test_the_transparency_report_is_public(client, login_as, db, role):
    if role:
        login_as(role)
    assert client.get("/moderation/transparency").status_code == 200


@pytest.mark.parametrize(
    ("role", "offered"), [("resident", False), ("admin", False), ("moderator", True)]
)
def test_the_queue_link_is_only_offered_to_moderators(client, login_as, db, role, offered):
    login_as(role)
    assert ('href="/moderation/"' in client.get("/").text) is offered


# --- what the queue lists, and in which order ----------------------------------------------


def test_an_empty_queue_says_there_is_nothing_to_check(client, login_as, db):
    login_as("moderator")
    page = client.get("/moderation/").text
    assert "Zurzeit ist nichts zu prüfen." in page
    assert "0 offene Einträge" in page


def test_items_are_ordered_by_distinct_reporters_then_by_age(
    client, login_as, db, make_proposal, author, report_many
):
    proposals = [make_proposal(author, title=f"Vorschlag {n}") for n in range(5)]
    one_new = report_many("proposal", proposals[0], 1)
    three = report_many("proposal", proposals[1], 3)
    one_old = report_many("proposal", proposals[2], 1)
    two = report_many("proposal", proposals[3], 2)
    one_oldest = report_many("proposal", proposals[4], 1)
    set_opened(db, one_new, 1)
    set_opened(db, three, 0)
    set_opened(db, one_old, 5)
    set_opened(db, two, 2)
    set_opened(db, one_oldest, 9)
    login_as("moderator")
    page = client.get("/moderation/").text
    expected = [three, two, one_oldest, one_old, one_new]
    assert queue_order(page) == [item.id for item in expected]
    assert "5 offene Einträge" in page


def test_a_second_report_by_the_same_account_does_not_move_an_item_up(
    client, login_as, db, make_proposal, author, report_many, reporters, report_by
):
    first = report_many("proposal", make_proposal(author), 1)
    second = report_many("proposal", make_proposal(author), 2)
    set_opened(db, first, 3)
    subject_id = second.subject_id
    with pytest.raises(reports.ReportError):
        report_by("proposal", subject_id, reporter=reporters[0])
    db.session.refresh(second)
    assert second.report_count == 2
    login_as("moderator")
    assert queue_order(client.get("/moderation/").text) == [second.id, first.id]


def test_closed_items_are_not_in_the_queue(
    client, login_as, db, make_proposal, author, report_many, moderator, decide
):
    kept = report_many("proposal", make_proposal(author), 1)
    dismissed = report_many("proposal", make_proposal(author), 2)
    hidden = report_many("proposal", make_proposal(author), 3)
    decide(dismissed, moderator, "dismiss")
    decide(hidden, moderator, "hide", "spam")
    login_as("moderator")
    page = client.get("/moderation/").text
    assert queue_order(page) == [kept.id]
    assert "1 offener Eintrag" in page


def test_an_item_reported_again_after_a_decision_returns_with_new_reports_only(
    client, login_as, db, comment, report_by, item_of, moderator, decide, make_user
):
    report_by("comment", comment.id, Reason.INSULT, note="Erste Meldung")
    item = item_of("comment", comment)
    decide(item, moderator, "dismiss")
    report_by("comment", comment.id, Reason.SPAM, note="Zweite Meldung")
    db.session.refresh(item)
    assert item.is_open and item.report_count == 1
    login_as("moderator")
    page = client.get("/moderation/").text
    assert "Zweite Meldung" in page and "Erste Meldung" not in page
    assert "1 Meldung:" in page


def test_the_queue_is_paginated(client, login_as, db, proposal, author, make_user, report_by):
    reporter = make_user()
    for number in range(27):
        spam = comment_services.post_comment(proposal.thread, author, f"Beitrag {number}")
        report_by("comment", spam.id, reporter=reporter)
    login_as("moderator")
    first = client.get("/moderation/").text
    second = client.get("/moderation/?page=2").text
    assert len(queue_order(first)) == 25 and len(queue_order(second)) == 2
    assert not set(queue_order(first)) & set(queue_order(second))
    assert "27 offene Einträge" in first
    assert "Seite 1 von 2" in first and "/moderation/?page=2" in first
    assert client.get("/moderation/?page=99").status_code == 200


# --- the context of each item --------------------------------------------------------------


def test_a_comment_is_shown_with_its_proposal_and_its_reports(
    client, login_as, db, comment, report_by, reporters, item_of
):
    report_by("comment", comment.id, Reason.INSULT, note="Das ist gemein.", reporter=reporters[0])
    report_by("comment", comment.id, Reason.INSULT, reporter=reporters[1])
    report_by("comment", comment.id, Reason.SPAM, note="Werbung!", reporter=reporters[2])
    login_as("moderator")
    page = client.get("/moderation/").text
    assert "Kommentar von Autorin" in page
    assert "Ein ganz normaler Kommentar." in page
    assert "Im Vorschlag:" in page and "Mehr Bänke am Markt" in page
    assert "3 Meldungen:" in page
    assert "Beleidigung oder Hass (2), Werbung oder Spam (1)" in page
    assert "„Das ist gemein.“" in page and "„Werbung!“" in page
    assert "Verfasst von Autorin" in page


def test_a_reply_is_shown_with_the_comment_it_answers(
    client, login_as, db, proposal, comment, make_user, report_by, item_of
):
    replier = make_user(display_name="Antwortende")
    reply = comment_services.post_comment(
        proposal.thread, replier, "Das sehe ich ganz anders!", parent_id=comment.id
    )
    report_by("comment", reply.id, Reason.INSULT)
    login_as("moderator")
    page = client.get("/moderation/").text
    assert "Antwort auf Autorin:" in page
    assert "Ein ganz normaler Kommentar." in page
    assert "Das sehe ich ganz anders!" in page
    item = item_of("comment", reply)
    detail = client.get(f"/moderation/items/{item.id}").text
    assert "Antwort auf Autorin:" in detail and "Ein ganz normaler Kommentar." in detail


def test_a_proposal_and_a_person_are_shown_by_name(
    client, login_as, db, proposal, comment, author, report_by
):
    report_by("proposal", proposal.id, Reason.OFF_TOPIC)
    report_by("user", author.id, Reason.INSULT, note="Beleidigt alle.")
    login_as("moderator")
    page = client.get("/moderation/").text
    assert "Vorschlag „Mehr Bänke am Markt“" in page
    assert "Bitte mehr Bänke aufstellen." in page
    assert "Person: Autorin" in page
    assert "Gehört nicht zum Thema (1)" in page and "„Beleidigt alle.“" in page


def test_hidden_content_is_readable_in_the_queue(
    app, client, login_as, db, comment, report_many, monkeypatch
):
    monkeypatch.setitem(app.config, "MODERATION_AUTO_HIDE_REPORTS", 2)
    report_many("comment", comment, 2)
    login_as("moderator")
    page = client.get("/moderation/").text
    assert "Automatisch ausgeblendet" in page
    assert "Ein ganz normaler Kommentar." in page


def test_held_items_show_their_badge_and_rule(
    app, client, login_as, db, proposal, make_user, item_of, monkeypatch
):
    monkeypatch.setitem(app.config, "MODERATION_PREMODERATE_FIRST_POSTS", 1)
    held = comment_services.post_comment(proposal.thread, make_user(), "Mein erster Beitrag")
    login_as("moderator")
    page = client.get("/moderation/").text
    assert queue_order(page) == [item_of("comment", held).id]
    assert "Wartet auf Freigabe" in page
    assert "Neues Konto: die ersten Beiträge werden geprüft" in page
    assert "Mein erster Beitrag" in page


def test_appealed_items_show_their_badge_and_the_appeal(
    client, login_as, db, comment, author, report_by, item_of, moderator, decide
):
    report_by("comment", comment.id, Reason.INSULT)
    item = item_of("comment", comment)
    decision = decide(item, moderator, "hide", "insult")
    appeals.lodge(decision, author, "Bitte prüfen Sie das noch einmal.")
    db.session.flush()
    login_as("moderator")
    page = client.get("/moderation/").text
    assert queue_order(page) == [item.id]
    assert "kern-badge--warning" in page and ">Widerspruch<" in page
    assert "Widerspruch gegen: Ausblenden" in page
    assert "Bitte prüfen Sie das noch einmal." in page


def test_content_deleted_since_it_was_reported_is_shown_as_gone(
    client, login_as, db, comment, report_by, item_of
):
    report_by("comment", comment.id)
    db.session.delete(comment)
    db.session.flush()
    login_as("moderator")
    page = client.get("/moderation/")
    assert page.status_code == 200
    assert "Den Beitrag oder das Konto gibt es nicht mehr." in page.text
    item_page = client.get(f"/moderation/items/{item_of('comment', comment).id}")
    assert item_page.status_code == 200 and 'value="dismiss"' in item_page.text


def test_the_item_page_shows_all_reports_and_the_history(
    client, login_as, db, comment, report_by, reporters, item_of, moderator, decide
):
    report_by("comment", comment.id, Reason.INSULT, note="Alte Meldung", reporter=reporters[0])
    item = item_of("comment", comment)
    decide(item, moderator, "warn", "insult", "Erste Verwarnung.")
    report_by("comment", comment.id, Reason.SPAM, note="Neue Meldung", reporter=reporters[1])
    login_as("moderator")
    page = client.get(f"/moderation/items/{item.id}").text
    assert "Alte Meldung" in page and "Neue Meldung" in page
    assert "Bisherige Entscheidungen" in page
    assert "Verwarnen – Beleidigung oder Hass" in page and "Erste Verwarnung." in page
    assert "(Moderator)" in page


# --- a bounded number of queries -----------------------------------------------------------


def mixed_items(db, make_user, make_proposal, report_by, rounds: int) -> None:
    """Open `rounds` items of each kind: proposal, comment, reply and person."""
    reporter = make_user()
    for number in range(rounds):
        writer = make_user(display_name=f"Schreibende {number}")
        proposal = make_proposal(writer, title=f"Vorschlag {number}")
        top = comment_services.post_comment(proposal.thread, writer, f"Kommentar {number}")
        reply = comment_services.post_comment(
            proposal.thread, make_user(), f"Antwort {number}", parent_id=top.id
        )
        report_by("proposal", proposal.id, Reason.SPAM, note="Notiz", reporter=reporter)
        report_by("comment", top.id, Reason.INSULT, reporter=reporter)
        report_by("comment", reply.id, Reason.OFF_TOPIC, note="Notiz", reporter=reporter)
        report_by("user", writer.id, Reason.OTHER, note="Person", reporter=reporter)
    db.session.flush()


def queries_for(client, db, url: str) -> int:
    client.get(url)  # warm up what is cached per process
    with counted_queries(db.engine) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def test_the_queue_runs_the_same_number_of_queries_for_few_and_many_items(
    client, login_as, db, make_user, make_proposal, report_by
):
    login_as("moderator")
    mixed_items(db, make_user, make_proposal, report_by, 1)
    few = queries_for(client, db, "/moderation/")
    mixed_items(db, make_user, make_proposal, report_by, 8)
    page = client.get("/moderation/").text
    assert len(queue_order(page)) == 25
    many = queries_for(client, db, "/moderation/")
    assert few == many
    assert many <= 20


def test_the_queue_with_appeals_runs_the_same_number_of_queries(
    client, login_as, db, make_user, make_proposal, report_by, item_of, decide
):
    login_as("moderator")
    deciding = make_user(roles=("moderator",))

    def appealed(count):
        for number in range(count):
            writer = make_user()
            proposal = make_proposal(writer, title=f"Widerspruch {number}")
            report_by("proposal", proposal.id)
            decision = decide(item_of("proposal", proposal), deciding, "hide", "spam")
            appeals.lodge(decision, writer, "Bitte noch einmal prüfen.")
        db.session.flush()

    appealed(1)
    few = queries_for(client, db, "/moderation/")
    appealed(10)
    assert few == queries_for(client, db, "/moderation/")


def test_the_item_page_runs_the_same_number_of_queries_however_long_its_history(
    client, login_as, db, proposal, comment, make_user, report_by, item_of, decide
):
    login_as("moderator")
    deciding = make_user(roles=("moderator",))
    reply = comment_services.post_comment(
        proposal.thread, make_user(), "Eine Antwort", parent_id=comment.id
    )
    report_by("comment", reply.id, Reason.INSULT, note="Notiz")
    item = item_of("comment", reply)
    decide(item, deciding, "warn", "insult")
    report_by("comment", reply.id, Reason.SPAM)
    few = queries_for(client, db, f"/moderation/items/{item.id}")
    for number in range(15):
        decide(item, deciding, "warn", "insult", f"Verwarnung {number}")
        report_by("comment", reply.id, Reason.SPAM, note=f"Meldung {number}")
        report_by("comment", reply.id, Reason.INSULT)
    assert few == queries_for(client, db, f"/moderation/items/{item.id}")


@pytest.mark.parametrize("kind", ["proposal", "comment", "reply", "user"])
def test_each_kind_of_item_page_stays_within_a_small_budget(
    client, login_as, db, proposal, comment, author, make_user, report_by, item_of, kind
):
    login_as("moderator")
    reply = comment_services.post_comment(
        proposal.thread, make_user(), "Eine Antwort", parent_id=comment.id
    )
    subjects = {"proposal": proposal, "comment": comment, "reply": reply, "user": author}
    subject_type = "comment" if kind == "reply" else kind
    for _ in range(3):
        report_by(subject_type, subjects[kind].id, Reason.SPAM, note="Notiz")
    item = item_of(subject_type, subjects[kind])
    assert queries_for(client, db, f"/moderation/items/{item.id}") <= 25
