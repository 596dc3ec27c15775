"""A per-account limit on posting, with a clear page that keeps the typed text."""


def test_posting_is_limited_per_account(client, login_as, db, thread, app, monkeypatch):
    monkeypatch.setitem(app.config, "COMMENT_LIMIT", "2 per 5 minutes")
    login_as("resident")
    url = f"/comments/thread/{thread.id}"
    statuses = [client.post(url, data={"body": f"Beitrag {n}"}).status_code for n in range(2)]
    response = client.post(url, data={"body": "Der dritte Beitrag"})
    assert statuses == [302, 302]
    assert response.status_code == 429
    assert "Bitte senden Sie ihn in etwa 5 Minuten noch einmal." in response.text
    assert 290 <= int(response.headers["Retry-After"]) <= 300
    assert "Der dritte Beitrag" in response.text


def test_the_limit_is_per_account(client, login_as, db, thread, app, monkeypatch):
    monkeypatch.setitem(app.config, "COMMENT_LIMIT", "1 per 5 minutes")
    url = f"/comments/thread/{thread.id}"
    login_as("resident")
    assert client.post(url, data={"body": "Erste Person"}).status_code == 302
    login_as("resident")
    assert client.post(url, data={"body": "Zweite Person"}).status_code == 302


def test_invalid_posts_do_not_use_up_the_limit(client, login_as, db, thread, app, monkeypatch):
    monkeypatch.setitem(app.config, "COMMENT_LIMIT", "1 per 5 minutes")
    login_as("resident")
    url = f"/comments/thread/{thread.id}"
    assert client.post(url, data={"body": ""}).status_code == 400
    assert client.post(url, data={"body": "Jetzt richtig"}).status_code == 302
