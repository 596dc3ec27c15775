from sqlalchemy import func, select

from participation.accounts.models import User
from tests.conftest import PASSWORD


def form(**overrides):
    data = {
        "email": "Neu@Example.org ",
        "display_name": "Nora Neu",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }
    data.update(overrides)
    return data


def count(db, email):
    return db.session.scalar(select(func.count()).where(User.email == email))


def test_sign_up_confirm_and_sign_in(client, db, mailbox):
    response = client.post("/account/signup", data=form())
    assert response.status_code == 302  # a reload of the next page sends nothing twice
    response = client.get(response.headers["Location"])
    assert "neu@example.org" in response.text
    mail = mailbox.last()
    assert mail["To"] == "neu@example.org"
    assert "bestätigen" in mail["Subject"]
    link = mailbox.last_link()
    assert link.startswith("/account/confirm/")

    signin = {"email": "neu@example.org", "password": PASSWORD}
    assert client.post("/account/signin", data=signin).status_code == 200  # not yet confirmed

    response = client.get(link, follow_redirects=True)
    assert "Ihre E-Mail-Adresse ist bestätigt" in response.text
    response = client.post("/account/signin", data=signin)
    assert response.status_code == 302
    assert "Sie sind angemeldet als Nora Neu" in client.get("/").text


def test_unconfirmed_account_is_told_to_confirm(client, make_user):
    make_user(email="offen@example.org", confirmed=False)
    response = client.post(
        "/account/signin", data={"email": "offen@example.org", "password": PASSWORD}
    )
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse" in response.text
    assert "/account/confirm" in response.text


def test_existing_address_gets_the_same_answer_and_a_warning_mail(client, db, make_user, mailbox):
    make_user(email="da@example.org", display_name="Dora Da")
    response = client.post(
        "/account/signup",
        data=form(email="da@example.org", display_name="Andere"),
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Bitte sehen Sie in Ihr Postfach" in response.text
    assert count(db, "da@example.org") == 1
    assert "bereits ein Konto" in mailbox.last()["Subject"]


def test_double_submission_creates_one_account(client, db):
    client.post("/account/signup", data=form())
    client.post("/account/signup", data=form())
    assert count(db, "neu@example.org") == 1


def test_errors_keep_what_was_typed(client, db):
    response = client.post("/account/signup", data=form(password_confirm="anders-als-oben-2026"))
    assert response.status_code == 200
    assert "Die beiden Passwörter stimmen nicht überein" in response.text
    assert 'value="Neu@Example.org"' in response.text or 'value="Neu@Example.org "' in response.text
    assert 'value="Nora Neu"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert count(db, "neu@example.org") == 0


def test_empty_form_names_every_missing_field(client):
    response = client.post("/account/signup", data={})
    for message in [
        "Bitte geben Sie Ihre E-Mail-Adresse ein.",
        "Bitte geben Sie einen Anzeigenamen ein.",
        "Bitte geben Sie ein Passwort ein.",
    ]:
        assert message in response.text


def test_weak_passwords_are_refused(client, db):
    cases = {
        "kurz": "mindestens 10 Zeichen",
        "passwort123": "zu bekannt",
        "1234567890": "zu bekannt",
        "aaaaaaaaaaaa": "zu bekannt",
        "Nora Neu 2026 und mehr": "Namen oder Ihre E-Mail-Adresse",
    }
    for password, message in cases.items():
        response = client.post(
            "/account/signup", data=form(password=password, password_confirm=password)
        )
        assert message in response.text, password
    assert count(db, "neu@example.org") == 0


def test_malformed_and_huge_input_gets_clear_errors(client, db):
    response = client.post("/account/signup", data=form(email="kein-at-zeichen"))
    assert "gültige E-Mail-Adresse" in response.text
    response = client.post("/account/signup", data=form(email="a" * 300 + "@example.org"))
    assert "zu lang" in response.text
    response = client.post("/account/signup", data=form(display_name="x" * 51))
    assert "2 bis 50 Zeichen" in response.text
    response = client.post("/account/signup", data=form(display_name="Nora\x07Neu"))
    assert "unzulässige Zeichen" in response.text
    response = client.post("/account/signup", data=form(display_name="Nora\x00Neu"))
    assert response.status_code == 400  # NUL is refused before any form code runs
    response = client.post(
        "/account/signup", data=form(password="p" * 300, password_confirm="p" * 300)
    )
    assert "höchstens 256 Zeichen" in response.text
    assert count(db, "neu@example.org") == 0


def test_signed_in_visitor_is_sent_home(client, login_as):
    login_as("resident")
    assert client.get("/account/signup").status_code == 302


def test_resend_confirmation_is_neutral(client, make_user, mailbox):
    make_user(email="offen@example.org", confirmed=False)
    make_user(email="fertig@example.org")
    for address in ["offen@example.org", "fertig@example.org", "niemand@example.org"]:
        response = client.post("/account/confirm", data={"email": address}, follow_redirects=True)
        assert "Bitte sehen Sie in Ihr Postfach" in response.text
    assert [m["To"] for m in mailbox.messages()] == ["offen@example.org"]


def test_signup_survives_a_mail_server_that_is_down(client, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", 9)  # discard port: nothing listens
    monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 2)
    response = client.post("/account/signup", data=form(), follow_redirects=True)
    assert response.status_code == 200
    assert count(db, "neu@example.org") == 1
    from participation.notifications.models import Delivery, Notification

    [mail] = db.session.scalars(select(Notification).where(Notification.kind == "account.confirm"))
    # nothing is lost: the confirmation waits in the outbox and is tried again later
    assert mail.delivery is Delivery.PENDING and mail.attempts == 1 and mail.next_attempt_at
