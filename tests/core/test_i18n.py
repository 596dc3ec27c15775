from datetime import UTC, datetime

from flask_babel import force_locale


def test_guest_language_is_kept_in_the_session(client):
    response = client.post("/language", data={"lang": "en", "next": "/impressum"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/impressum")
    page = client.get("/").text
    assert 'lang="en"' in page
    assert "Welcome" in page
    client.post("/language", data={"lang": "de"})
    assert 'lang="de"' in client.get("/").text


def test_signed_in_choice_is_stored_in_the_profile(client, login_as, db):
    user = login_as("resident")
    client.post("/language", data={"lang": "en", "next": "/"})
    db.session.refresh(user)
    assert user.locale == "en"
    assert 'lang="en"' in client.get("/profile/").text


def test_account_language_wins_after_sign_in(client, make_user):
    make_user(email="english@example.org", locale="en")
    client.post(
        "/account/signin",
        data={"email": "english@example.org", "password": "Lange-Testphrase-2026"},
    )
    assert 'lang="en"' in client.get("/").text


def test_unknown_language_is_refused(client):
    assert client.post("/language", data={"lang": "xx"}).status_code == 400
    assert client.post("/language", data={}).status_code == 400


def test_language_switch_does_not_redirect_off_site(client):
    for target in ["https://evil.example/", "//evil.example/", "/\\evil.example"]:
        response = client.post("/language", data={"lang": "en", "next": target})
        assert response.headers["Location"] == "/", target


def test_dates_and_numbers_follow_the_locale(app):
    moment = datetime(2026, 3, 5, 14, 30, tzinfo=UTC)
    render = app.jinja_env.from_string("{{ moment | date('long') }} | {{ 1234.5 | number }}").render
    with app.test_request_context():
        with force_locale("de"):
            assert render(moment=moment) == "5. März 2026 | 1.234,5"
        with force_locale("en"):
            assert render(moment=moment) == "March 5, 2026 | 1,234.5"


def test_every_message_is_translated_in_both_catalogues():
    from babel.messages.pofile import read_po

    for code in ("de", "en"):
        with open(f"translations/{code}/LC_MESSAGES/messages.po", "rb") as handle:
            catalog = read_po(handle)
        missing = [
            m.id
            for m in catalog
            if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
        ]
        fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
        assert not missing, f"{code}: untranslated {missing[:5]}"
        assert not fuzzy, f"{code}: fuzzy {fuzzy[:5]}"


def test_catalogues_contain_every_string_of_the_code(tmp_path):
    """A string added to the code but not to the catalogues would stay German for everyone."""
    import subprocess
    import sys
    from pathlib import Path

    from babel.messages.pofile import read_po

    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [
            str(pybabel),
            "-q",
            "extract",
            "--ignore-dirs=.*",
            "-F",
            "translations/babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            ".",
        ],
        check=True,
    )
    with open(pot, "rb") as handle:
        source = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    for code in ("de", "en"):
        with open(f"translations/{code}/LC_MESSAGES/messages.po", "rb") as handle:
            catalogue = {
                m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id
            }
        assert source - catalogue == set(), f"{code}: run `make messages` and translate"
