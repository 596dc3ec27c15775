from tests.conftest import PASSWORD

NEW = "Ganz-neues-Passwort-77"


def test_profile_shows_account_details(client, login_as):
    user = login_as("staff", display_name="Sina Stadt")
    page = client.get("/profile/").text
    assert user.email in page
    assert "Stadtverwaltung" in page and "Einwohnerin / Einwohner" in page


def test_change_name_and_language(client, login_as, db):
    user = login_as("resident")
    response = client.post(
        "/profile/", data={"profile-display_name": "  Neuer Name ", "profile-locale": "en"}
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.display_name == "Neuer Name"
    assert user.locale == "en"
    assert 'lang="en"' in client.get("/profile/").text


def test_invalid_profile_input_keeps_what_was_typed(client, login_as, db):
    user = login_as("resident")
    response = client.post("/profile/", data={"profile-display_name": "x", "profile-locale": "fr"})
    assert response.status_code == 400
    assert 'value="x"' in response.text
    assert "2 bis 50 Zeichen" in response.text
    db.session.refresh(user)
    assert user.locale == "de"


def test_email_change_needs_the_password_and_a_confirmation(client, login_as, db, mailbox):
    user = login_as("resident")
    old = user.email
    response = client.post(
        "/profile/email",
        data={"email-new_email": "neu@example.org", "email-current_password": "falsch"},
    )
    assert response.status_code == 400
    assert "aktuelle Passwort ist nicht richtig" in response.text
    assert 'value="neu@example.org"' in response.text

    response = client.post(
        "/profile/email",
        data={"email-new_email": "Neu@example.org", "email-current_password": PASSWORD},
    )
    assert response.status_code == 302
    assert mailbox.last()["To"] == "neu@example.org"
    db.session.refresh(user)
    assert user.email == old and user.pending_email == "neu@example.org"

    link = mailbox.last_link()
    response = client.get(link)
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.email == "neu@example.org" and user.pending_email is None
    assert mailbox.last()["To"] == old  # the old address is told
    assert client.get(link).status_code == 400  # the link does not work twice


def test_email_change_to_a_taken_address_is_refused(client, login_as, make_user, mailbox, db):
    make_user(email="belegt@example.org")
    login_as("resident")
    client.post(
        "/profile/email",
        data={"email-new_email": "frei@example.org", "email-current_password": PASSWORD},
    )
    link = mailbox.last_link()
    make_user(email="frei@example.org")  # someone else took it meanwhile
    response = client.get(link)
    assert response.status_code == 400
    assert "gehört schon zu einem anderen Konto" in response.text


def test_email_change_to_the_same_address_is_explained(client, login_as):
    user = login_as("resident")
    response = client.post(
        "/profile/email", data={"email-new_email": user.email, "email-current_password": PASSWORD}
    )
    assert "Das ist bereits Ihre E-Mail-Adresse" in response.text


def test_password_change_signs_out_other_devices(client, login_as, app, db, mailbox):
    user = login_as("resident")
    other_device = app.test_client()
    with other_device.session_transaction() as session:
        session["_user_id"] = user.session_token
    assert other_device.get("/profile/").status_code == 200

    response = client.post(
        "/profile/password",
        data={
            "password-current_password": PASSWORD,
            "password-password": NEW,
            "password-password_confirm": NEW,
        },
    )
    assert response.status_code == 302
    assert client.get("/profile/").status_code == 200  # this device stays signed in
    assert other_device.get("/profile/").status_code == 302  # the other one is out
    assert "Passwort wurde geändert" in mailbox.last()["Subject"]


def test_password_change_with_wrong_current_password(client, login_as):
    login_as("resident")
    response = client.post(
        "/profile/password",
        data={
            "password-current_password": "falsch",
            "password-password": NEW,
            "password-password_confirm": NEW,
        },
    )
    assert response.status_code == 400
    assert "aktuelle Passwort ist nicht richtig" in response.text


def test_switching_language_does_not_keep_a_signed_in_session_alive(client, login_as):
    login_as("resident")
    response = client.post("/language", data={"lang": "en", "next": "/"})
    session_cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert session_cookie and "Expires=" not in session_cookie[0]


def test_guest_language_choice_outlives_the_browser_session(client):
    response = client.post("/language", data={"lang": "en", "next": "/"})
    assert "Expires=" in response.headers["Set-Cookie"]


def test_sign_out_everywhere(client, login_as, app, db):
    user = login_as("resident")
    other_device = app.test_client()
    with other_device.session_transaction() as session:
        session["_user_id"] = user.session_token
    response = client.post("/profile/signout-everywhere", follow_redirects=True)
    assert "auf allen Geräten abgemeldet" in response.text
    assert client.get("/profile/").status_code == 302
    assert other_device.get("/profile/").status_code == 302


def test_email_and_password_changes_are_rate_limited(client, login_as, app, monkeypatch):
    monkeypatch.setitem(app.config, "ACCOUNT_CHANGE_LIMIT", "2 per hour")
    login_as("resident")
    data = {"email-new_email": "spam@example.org", "email-current_password": "falsch"}
    statuses = [client.post("/profile/email", data=data).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


def test_a_later_email_change_replaces_the_earlier_link(client, login_as, db, mailbox):
    user = login_as("resident")
    client.post(
        "/profile/email",
        data={"email-new_email": "erst@example.org", "email-current_password": PASSWORD},
    )
    first_link = mailbox.last_link()
    client.post(
        "/profile/email",
        data={"email-new_email": "dann@example.org", "email-current_password": PASSWORD},
    )
    assert client.get(first_link).status_code == 400
    client.get(mailbox.last_link())
    db.session.refresh(user)
    assert user.email == "dann@example.org"


def test_reset_link_dies_when_the_address_changes(client, login_as, db, mailbox):
    user = login_as("resident")
    client.post("/account/reset", data={"email": user.email})
    reset_link = mailbox.last_link()
    client.post(
        "/profile/email",
        data={"email-new_email": "weg@example.org", "email-current_password": PASSWORD},
    )
    client.get(mailbox.last_link())
    assert client.get(reset_link).status_code == 400


def test_new_password_must_not_contain_the_name(client, login_as):
    login_as("resident", display_name="Hildegard")
    data = {
        "password-current_password": PASSWORD,
        "password-password": "hildegard-im-garten",
        "password-password_confirm": "hildegard-im-garten",
    }
    response = client.post("/profile/password", data=data)
    assert response.status_code == 400
    assert "nicht Ihren Namen" in response.text
