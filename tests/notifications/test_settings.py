"""The notification settings: which kinds each person is offered, the defaults, what a saved
choice does to new notifications, and bad input (400, the error, nothing saved)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from participation.accounts import services as accounts
from participation.comments import services as comment_services
from participation.extensions import db
from participation.notifications.models import Choice, Delivery, Notification, Preference
from participation.proposals import services as proposal_services
from participation.proposals.models import ProposalStatus
from tests import live
from tests.conftest import PASSWORD
from tests.live import at_once, client_for

BASE_KINDS = ["proposal_comment", "comment_reply", "proposal_answer"]
LATER_KINDS = ["results_published", "proposal_implementation"]  # registered after the role kinds
RESIDENT_KINDS = [*BASE_KINDS, *LATER_KINDS]
LATER = dict.fromkeys(LATER_KINDS, "immediately")  # what a form leaves as it is
NEVER_OFFERED = ["moderation_decision", "account_confirm", "account_reset", "account_email_change"]


def offered(html: str) -> list[str]:
    """Return the names of the radio groups on the page, in order."""
    return re.findall(r'<fieldset class="kern-fieldset[^"]*" id="([a-z_]+)"', html)


def checked(html: str) -> dict[str, str]:
    """Return the value checked in each radio group."""
    found = re.findall(r'<input[^>]*\bchecked\b[^>]*name="([a-z_]+)"[^>]*value="([a-z]+)"', html)
    return dict(found)


def saved(db, user) -> dict[str, Choice]:
    query = select(Preference.kind, Preference.choice).where(Preference.user_id == user.id)
    return dict(db.session.execute(query).all())


def publish(author, title="Ein Brunnen im Park"):
    fields = {"title": title, "body": "Text", "category": "Sonstiges", "district": None}
    proposal = proposal_services.create_draft(author, fields, [])
    proposal_services.publish(proposal, author)
    return proposal


def sign_in_as(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.session_token
        session["_fresh"] = True


# --- what is offered ------------------------------------------------------------------------


def test_guests_are_sent_to_sign_in(client):
    answer = client.get("/notifications/settings")
    assert answer.status_code == 302 and "/account/signin" in answer.headers["Location"]


@pytest.mark.parametrize(
    ("role", "kinds"),
    [
        ("resident", BASE_KINDS),
        ("verified", BASE_KINDS),
        ("staff", [*BASE_KINDS, "proposal_threshold"]),
        ("moderator", [*BASE_KINDS, "moderation_waiting"]),
        ("admin", BASE_KINDS),
    ],
)
def test_each_role_sees_only_its_kinds(client, login_as, role, kinds):
    login_as(role)
    answer = client.get("/notifications/settings")
    assert answer.status_code == 200
    assert offered(answer.text) == kinds + LATER_KINDS
    for name in NEVER_OFFERED:
        assert f'name="{name}"' not in answer.text
    # the page says what cannot be switched off
    assert "Entscheidungen der Moderation bekommen Sie immer" in answer.text


def test_staff_who_moderate_see_both(client, login_as, make_user):
    person = make_user(roles=("staff", "moderator"))
    sign_in_as(client, person)
    html = client.get("/notifications/settings").text
    expected = [*BASE_KINDS, "proposal_threshold", "moderation_waiting", *LATER_KINDS]
    assert offered(html) == expected


def test_the_defaults_are_preselected(client, login_as):
    login_as("moderator")
    html = client.get("/notifications/settings").text
    assert checked(html) == {
        "proposal_comment": "immediately",
        "comment_reply": "immediately",
        "proposal_answer": "immediately",
        "moderation_waiting": "daily",
        **dict.fromkeys(LATER_KINDS, "immediately"),
    }
    for label in (
        "Sofort per E-Mail",
        "Einmal am Tag in einer Sammel-E-Mail",
        "Keine E-Mail, nur hier in der Plattform",
    ):
        assert html.count(label) == 4 + len(LATER_KINDS)


def test_saved_choices_are_shown_next_time(client, db, login_as):
    person = login_as("resident")
    answer = client.post(
        "/notifications/settings",
        data={
            "proposal_comment": "off",
            "comment_reply": "daily",
            "proposal_answer": "immediately",
            **LATER,
        },
    )
    assert answer.status_code == 302 and answer.headers["Location"] == "/notifications/settings"
    assert saved(db, person) == {
        "proposal.comment": Choice.OFF,
        "comment.reply": Choice.DAILY,
        "proposal.answer": Choice.IMMEDIATELY,
        **{name.replace("_", ".", 1): Choice.IMMEDIATELY for name in LATER_KINDS},
    }
    page = client.get("/notifications/settings").text
    assert "Ihre Einstellungen sind gespeichert." in page
    assert checked(page) == {
        "proposal_comment": "off",
        "comment_reply": "daily",
        "proposal_answer": "immediately",
        **LATER,
    }
    # saving again changes the rows, it does not add more
    client.post(
        "/notifications/settings",
        data={
            "proposal_comment": "daily",
            "comment_reply": "daily",
            "proposal_answer": "off",
            **LATER,
        },
    )
    assert saved(db, person)["proposal.comment"] is Choice.DAILY
    assert len(saved(db, person)) == 3 + len(LATER_KINDS)


# --- what a choice does ---------------------------------------------------------------------


def test_choices_decide_what_new_notifications_do(app, client, db, make_user, mailbox, login_as):
    author = login_as("resident", display_name="Anna", email="anna@example.org")
    client.post(
        "/notifications/settings",
        data={
            "proposal_comment": "off",
            "comment_reply": "daily",
            "proposal_answer": "immediately",
            **LATER,
        },
    )
    proposal = publish(author)
    mine = comment_services.post_comment(proposal.thread, author, "Mein eigener Gedanke.")

    # someone else comments and answers through the pages: the requests hand the mails over
    other = make_user(display_name="Otto")
    sign_in_as(client, other)
    client.post(f"/comments/thread/{proposal.thread_id}", data={"body": "Gute Idee!"})
    client.post(
        f"/comments/thread/{proposal.thread_id}",
        data={"body": "Finde ich auch.", "parent_id": mine.id},
    )
    staff = make_user(roles=("staff",))
    sign_in_as(client, staff)
    answered = client.post(
        f"/proposals/{proposal.id}/answer",
        data={"status": "accepted", "answer": "Wir bauen ihn.", "department": "Bauamt"},
    )
    assert answered.status_code == 302, answered.text

    rows = db.session.scalars(
        select(Notification).where(Notification.recipient_id == author.id).order_by(Notification.id)
    ).all()
    assert [(row.kind, row.delivery) for row in rows] == [
        ("proposal.comment", Delivery.NONE),  # off: in the centre only
        ("comment.reply", Delivery.DIGEST),  # daily: waits for the digest
        ("proposal.answer", Delivery.SENT),  # immediately: mailed at once
    ]
    mails = [mail for mail in mailbox.messages() if mail["To"] == "anna@example.org"]
    assert [mail["Subject"] for mail in mails] == ["Neues zu einem Vorschlag, dem Sie folgen"]


def test_a_choice_applies_only_to_its_own_person(client, db, make_user, login_as):
    person = login_as("resident")
    client.post(
        "/notifications/settings",
        data={"proposal_comment": "off", "comment_reply": "off", "proposal_answer": "off", **LATER},
    )
    other_author = make_user()
    proposal = publish(other_author, "Noch ein Vorschlag")
    comment_services.post_comment(proposal.thread, person, "Ein Kommentar.")
    [row] = db.session.scalars(select(Notification)).all()
    assert row.recipient_id == other_author.id and row.delivery is Delivery.PENDING


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {"proposal_comment": "sometimes", "comment_reply": "daily", "proposal_answer": "off"},
        {"proposal_comment": "", "comment_reply": "daily", "proposal_answer": "off"},
        {"comment_reply": "daily", "proposal_answer": "off"},
        {"proposal_comment": "IMMEDIATELY", "comment_reply": "daily", "proposal_answer": "off"},
    ],
    ids=["unknown", "empty", "missing", "wrong-case"],
)
def test_invalid_values_are_refused_and_nothing_is_saved(client, db, login_as, data):
    person = login_as("resident")
    answer = client.post("/notifications/settings", data=data)
    assert answer.status_code == 400
    html = answer.text
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert 'href="#proposal_comment"' in html  # the summary links to the group in question
    assert re.search(r'id="proposal_comment" aria-describedby="proposal_comment-error"', html)
    assert "Keine gültige Auswahl." in html or "Bitte wählen Sie aus." in html
    assert saved(db, person) == {}
    # what was sent for the other groups is kept; the bad group shows nothing chosen
    assert checked(html) == {"comment_reply": "daily", "proposal_answer": "off"}


def test_the_error_is_in_english_for_english_speakers(client, db, login_as):
    login_as("resident", locale="en")
    answer = client.post(
        "/notifications/settings",
        data={
            "proposal_comment": "sometimes",
            "comment_reply": "daily",
            "proposal_answer": "off",
            **LATER,
        },
    )
    assert answer.status_code == 400
    assert "Not a valid choice." in answer.text


def test_decisions_and_account_mails_cannot_be_switched_off_by_sending_them(client, db, login_as):
    person = login_as("staff")
    data = {name: "off" for name in [*RESIDENT_KINDS, "proposal_threshold"]}
    data |= {name: "off" for name in [*NEVER_OFFERED, "moderation_waiting"]}
    assert client.post("/notifications/settings", data=data).status_code == 302
    assert set(saved(db, person)) == {
        "proposal.comment",
        "comment.reply",
        "proposal.answer",
        "proposal.threshold",
        *(name.replace("_", ".", 1) for name in LATER_KINDS),
    }


def test_a_resident_cannot_choose_staff_kinds(client, db, login_as):
    person = login_as("resident")
    data = dict.fromkeys(RESIDENT_KINDS, "daily") | {"proposal_threshold": "off"}
    client.post("/notifications/settings", data=data)
    assert "proposal.threshold" not in saved(db, person)


def test_an_expired_form_is_said_plainly(app, client, db, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    person = login_as("resident")
    answer = client.post("/notifications/settings", data=dict.fromkeys(RESIDENT_KINDS, "off"))
    assert answer.status_code == 400
    assert "Das Formular ist abgelaufen" in answer.text
    assert saved(db, person) == {}


def test_a_suspended_account_can_still_change_its_settings(client, db, login_as):
    from datetime import timedelta

    from participation.core.models import utcnow

    person = login_as("resident")
    person.suspended_until = utcnow() + timedelta(days=3)
    db.session.flush()
    answer = client.post("/notifications/settings", data=dict.fromkeys(RESIDENT_KINDS, "off"))
    assert answer.status_code == 302
    assert saved(db, person)["proposal.comment"] is Choice.OFF


def test_the_status_is_named_in_the_answer_mail(client, db, make_user, mailbox, login_as):
    author = login_as("resident", email="berta@example.org")
    proposal = publish(author, "Ein Zebrastreifen")
    staff = make_user(roles=("staff",))
    sign_in_as(client, staff)
    client.post(
        f"/proposals/{proposal.id}/answer",
        data={"status": ProposalStatus.ACCEPTED.value, "answer": "Kommt.", "department": "Bauamt"},
    )
    [mail] = [m for m in mailbox.messages() if m["To"] == "berta@example.org"]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Status: Angenommen" in body and f"/proposals/{proposal.id}" in body


# --- at the same moment ---------------------------------------------------------------------


def test_saving_twice_at_once_keeps_one_choice_per_kind():
    """A double click on "save" (or a mail program's one-click unsubscribe while the person
    clicks too) sends the same choices twice at once: both are answered, one row per kind."""
    with live.live_app("notification_settings") as app:
        with app.app_context():
            person = accounts.register("doppelt@example.org", "Doppelt", PASSWORD, "de").user
            person.confirm_email()
            db.session.commit()
            token, person_id = person.session_token, person.id
        data = dict.fromkeys(RESIDENT_KINDS, "daily")
        statuses = at_once(
            6,
            lambda n: client_for(app, token).post("/notifications/settings", data=data).status_code,
        )
        assert statuses == [302] * 6
        with app.app_context():
            query = select(Preference.kind, Preference.choice).where(
                Preference.user_id == person_id
            )
            rows = db.session.execute(query).all()
        assert sorted(rows) == sorted(
            (name.replace("_", "."), Choice.DAILY) for name in RESIDENT_KINDS
        )
