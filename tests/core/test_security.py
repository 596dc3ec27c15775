import re

import pytest

from participation import create_app

PATHS = ["/", "/account/signin", "/nope", "/health", "/static/css/site.css", "/admin/users"]


@pytest.mark.parametrize("path", PATHS)
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Request-ID"]


def test_headers_also_on_posts_and_errors(client):
    response = client.post("/language", data={"lang": "xx"})
    assert response.status_code == 400
    assert "Content-Security-Policy" in response.headers


def test_no_inline_scripts_or_styles_in_pages(client, login_as):
    login_as("admin")
    for path in ["/", "/account/signup", "/profile/", "/admin/users", "/impressum"]:
        html = client.get(path).text
        assert "<script" not in html, path
        assert "<style" not in html and " style=" not in html, path
        assert " onclick=" not in html, path


def test_session_cookie_is_httponly_and_lax(client):
    response = client.post("/language", data={"lang": "en", "next": "/"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_cookies_are_secure(monkeypatch, database_url):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("IDENTITY_KEY_SECRET", "y" * 40)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    monkeypatch.setenv("SERVER_NAME", "beteiligung.example.org")
    app = create_app("production")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    response = app.test_client().get("/theme.css")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_mailed_links_ignore_a_forged_host_header(app, client, make_user, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "SERVER_NAME", "beteiligung.example.org")
    make_user(email="opfer@example.org")
    client.post(
        "/account/reset", data={"email": "opfer@example.org"}, headers={"Host": "evil.example"}
    )
    body = mailbox.last().get_body(preferencelist=("plain",)).get_content()
    assert "evil.example" not in body
    assert "beteiligung.example.org/account/reset/" in body


@pytest.mark.parametrize("target", ["/\r\nX-Evil: 1", "/ok\x7f"])
def test_control_characters_in_next_are_ignored(client, target):
    response = client.post("/language", data={"lang": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_nul_bytes_are_refused_with_400(client, login_as):
    login_as("admin")
    assert client.get("/admin/users?q=%00").status_code == 400
    assert client.post("/account/signin", data={"email": "a\x00@example.org"}).status_code == 400


def test_absurd_page_numbers_are_clamped(client, login_as):
    login_as("admin")
    assert client.get("/admin/users?page=99999999999999999999").status_code == 200
    assert client.get("/admin/users?page=-5").status_code == 200


def test_tokens_in_urls_are_not_logged(client, capsys):
    client.get("/account/reset/secret-token-value")
    assert "secret-token-value" not in capsys.readouterr().err


def test_oversized_request_is_refused_with_a_page(client):
    body = {"email": "a@example.org", "blob": "x" * (21 * 1024 * 1024)}
    response = client.post("/account/reset", data=body)
    assert response.status_code == 413
    assert "zu groß" in response.text


def test_csrf_token_is_required(database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/account/signin", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "Formular ist abgelaufen" in response.text
    # A guest's language needs no token (reading sets no cookie), but only from our own pages.
    assert client.post("/language", data={"lang": "en"}).status_code == 302
    elsewhere = {"Origin": "https://angreifer.example"}
    assert client.post("/language", data={"lang": "en"}, headers=elsewhere).status_code == 400
    cross_site = {"Sec-Fetch-Site": "cross-site"}
    assert client.post("/language", data={"lang": "en"}, headers=cross_site).status_code == 400
    ours = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/language", data={"lang": "en"}, headers=ours).status_code == 302


def test_csrf_token_from_the_form_is_accepted(database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/account/signin").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/language", data={"lang": "en", "next": "/", "csrf_token": token})
    assert response.status_code == 302


def test_a_signed_in_language_switch_needs_the_token(app, client, login_as):
    login_as()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post("/language", data={"lang": "en"}).status_code == 400
        page = client.get("/").text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        assert client.post("/language", data={"lang": "en", "csrf_token": token}).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize("path", ["/", "/proposals/", "/surveys/", "/votes/", "/impressum"])
def test_reading_as_a_guest_sets_no_cookie(app, path):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = app.test_client().get(path)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_behind_a_trusted_proxy_the_client_address_is_used(database_url):  # noqa: D103
    from flask import request

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, TRUSTED_PROXIES=1)

    @app.get("/whoami")
    def whoami():
        return request.remote_addr

    headers = {"X-Forwarded-For": "203.0.113.9"}
    assert app.test_client().get("/whoami", headers=headers).text == "203.0.113.9"


def test_without_trusted_proxies_forwarded_headers_are_ignored(database_url):
    from flask import request

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, TRUSTED_PROXIES=0)

    @app.get("/whoami")
    def whoami():
        return request.remote_addr

    headers = {"X-Forwarded-For": "203.0.113.9"}
    assert app.test_client().get("/whoami", headers=headers).text == "127.0.0.1"
