"""Rate limits on sign-up, sign-in, password reset, posting, reporting and the API: each ends in
a 429 that says when to try again (in words and in Retry-After); counters keyed by a client
address never outlive IP_RETENTION_HOURS, and no log line names the address."""

from __future__ import annotations

import logging
import re

import pytest
import redis

from config import Config
from participation import create_app
from participation.core import rate_limits
from tests.proposals.conftest import make_proposal  # noqa: F401, F811 - a shared fixture
from tests.redisutil import require_redis

RETRY = re.compile(r"Bitte versuchen Sie es in etwa (\d+) Minuten noch einmal\.")


def retry_after(response) -> int:
    """Return the Retry-After header in seconds (fails when it is missing)."""
    assert "Retry-After" in response.headers, response.headers
    return int(response.headers["Retry-After"])


def minutes_said(response) -> int:
    """Return the minutes the 429 page tells the visitor to wait."""
    match = RETRY.search(response.text)
    assert match, response.text
    return int(match.group(1))


def limited(app, monkeypatch, setting: str, limit: str) -> None:
    monkeypatch.setitem(app.config, setting, limit)


# --- every limit ends in a 429 with a time ---------------------------------------------------


def test_sign_up(client, app, monkeypatch):
    limited(app, monkeypatch, "MAIL_LIMIT_PER_IP", "2 per 10 minutes")
    for n in range(2):
        client.post("/account/signup", data={"email": f"neu{n}@example.org"})
    response = client.post("/account/signup", data={"email": "neu9@example.org"})
    assert response.status_code == 429
    assert "Zu viele Versuche" in response.text
    assert minutes_said(response) == 10
    assert 590 <= retry_after(response) <= 600


def test_sign_in_per_address(client, app, monkeypatch):
    limited(app, monkeypatch, "SIGNIN_LIMIT_PER_IP", "2 per 10 minutes")
    data = {"email": "wer@example.org", "password": "falsch-falsch-1"}
    for _ in range(2):
        assert client.post("/account/signin", data=data).status_code == 200
    response = client.post("/account/signin", data=data)
    assert response.status_code == 429
    assert minutes_said(response) == 10 and 590 <= retry_after(response) <= 600


def test_sign_in_per_account_says_the_later_time(client, app, make_user, monkeypatch):
    """The page and the header agree: the later of the account's and the address's reset."""
    limited(app, monkeypatch, "SIGNIN_LIMIT_PER_ACCOUNT", "2 per 15 minutes")
    limited(app, monkeypatch, "SIGNIN_LIMIT_PER_IP", "20 per 3 minutes")
    make_user(email="ziel@example.org")
    data = {"email": "ziel@example.org", "password": "falsch-falsch-1"}
    for _ in range(2):
        assert client.post("/account/signin", data=data).status_code == 200
    response = client.post("/account/signin", data=data)
    assert response.status_code == 429
    assert minutes_said(response) == 15
    assert 890 <= retry_after(response) <= 900


def test_password_reset(client, app, monkeypatch):
    limited(app, monkeypatch, "MAIL_LIMIT_PER_IP", "1 per 5 minutes")
    client.post("/account/reset", data={"email": "a@example.org"})
    response = client.post("/account/reset", data={"email": "a@example.org"})
    assert response.status_code == 429
    assert minutes_said(response) == 5 and 290 <= retry_after(response) <= 300


def test_proposal_posting_keeps_the_text(client, app, login_as, monkeypatch):
    limited(app, monkeypatch, "PROPOSAL_LIMIT", "1 per 30 minutes")
    login_as("resident")
    client.post("/proposals/new", data={"title": "x"})  # refused by the form: not counted
    assert client.post("/proposals/new", data=proposal_form("Erster Vorschlag")).status_code == 302
    response = client.post("/proposals/new", data=proposal_form("Zweiter Vorschlag"))
    assert response.status_code == 429
    assert "Bitte senden Sie ihn in etwa 30 Minuten noch einmal." in response.text
    assert "Zweiter Vorschlag" in response.text and "Ein Text, der lang genug ist" in response.text
    assert 1790 <= retry_after(response) <= 1800


def proposal_form(title: str) -> dict:
    """Return a complete proposal form."""
    return {
        "title": title,
        "body": "Ein Text, der lang genug ist, um als Vorschlag zu gelten. " * 2,
        "category": "Sonstiges",
        "submission_key": title,
    }


def test_comment_posting_keeps_the_text(client, app, login_as, make_proposal, monkeypatch):  # noqa: F811
    limited(app, monkeypatch, "COMMENT_LIMIT", "1 per 5 minutes")
    login_as("resident")
    url = f"/comments/thread/{make_proposal().thread_id}"
    assert client.post(url, data={"body": "Erster Beitrag"}).status_code == 302
    response = client.post(url, data={"body": "Zweiter Beitrag"})
    assert response.status_code == 429
    assert "Bitte senden Sie ihn in etwa 5 Minuten noch einmal." in response.text
    assert "Zweiter Beitrag" in response.text
    assert 290 <= retry_after(response) <= 300


def test_reporting(client, app, login_as, make_user, monkeypatch):
    limited(app, monkeypatch, "REPORT_LIMIT", "1 per 20 minutes")
    login_as("resident")
    first, second = make_user(), make_user()
    client.post(f"/moderation/report/user/{first.id}", data={"reason": "spam"})
    response = client.post(f"/moderation/report/user/{second.id}", data={"reason": "spam"})
    assert response.status_code == 429
    assert minutes_said(response) == 20 and 1190 <= retry_after(response) <= 1200


def test_api(client, app, monkeypatch):
    limited(app, monkeypatch, "API_RATE_LIMIT", "1 per minute")
    assert client.get("/api/v1/categories").status_code == 200
    response = client.get("/api/v1/categories")
    assert response.status_code == 429
    assert 1 <= retry_after(response) <= 60
    assert "Sekunden" in response.get_json()["error"]["message"]


def test_the_429_page_in_english(client, app, monkeypatch):
    limited(app, monkeypatch, "MAIL_LIMIT_PER_IP", "1 per hour")
    client.post("/language", data={"lang": "en"})
    client.post("/account/reset", data={"email": "a@example.org"})
    response = client.post("/account/reset", data={"email": "a@example.org"})
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert "Please try again in about an hour." in response.text


# --- when, in words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "seconds, words",
    [
        (1, "in weniger als einer Minute"),
        (59, "in weniger als einer Minute"),
        (60, "in etwa einer Minute"),
        (89, "in etwa einer Minute"),
        (91, "in etwa 2 Minuten"),
        (300, "in etwa 5 Minuten"),
        (601, "in etwa 10 Minuten"),
        (3540, "in etwa 59 Minuten"),
        (3590, "in etwa einer Stunde"),
        (3600, "in etwa einer Stunde"),
        (4 * 3600 + 100, "in etwa 4 Stunden"),
    ],
)
def test_when_in_words(app, seconds, words):
    with app.test_request_context():
        assert rate_limits.in_words(seconds) == words


# --- client addresses: no longer than IP_RETENTION_HOURS, never in the log -------------------


def test_the_shipped_limits_fit_the_default_retention():
    settings = {name: getattr(Config, name) for name in dir(Config) if name.isupper()}
    assert "COMMENT_LIMIT" in rate_limits.limit_settings(settings)
    assert "SIGNIN_LIMIT_PER_IP" in rate_limits.limit_settings(settings)
    assert rate_limits.too_long_windows(settings) == []


def test_a_window_longer_than_the_retention_is_refused_at_start(database_url):
    with pytest.raises(RuntimeError, match=r"COMMENT_LIMIT='5 per 2 days'"):
        create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, COMMENT_LIMIT="5 per 2 days")
    with pytest.raises(RuntimeError, match="SIGNIN_LIMIT_PER_IP"):
        create_app(
            "testing",
            SQLALCHEMY_DATABASE_URI=database_url,
            IP_RETENTION_HOURS=1,
            SIGNIN_LIMIT_PER_IP="100 per 2 hours",
        )


def test_a_longer_retention_allows_longer_windows(database_url):
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database_url,
        IP_RETENTION_HOURS=72,
        COMMENT_LIMIT="5 per 2 days",
    )
    assert app.config["COMMENT_LIMIT"] == "5 per 2 days"


def test_a_malformed_limit_is_refused_at_start(database_url):
    with pytest.raises(RuntimeError, match="REPORT_LIMIT"):
        create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, REPORT_LIMIT="zehn pro Tag")


ADDRESS, FORWARDED = "203.0.113.77", "198.51.100.23"


def test_no_log_line_names_the_client_address(client, app, make_user, monkeypatch, caplog):
    limited(app, monkeypatch, "SIGNIN_LIMIT_PER_IP", "1 per minute")
    caplog.set_level(logging.DEBUG)
    app_logger = logging.getLogger("participation")
    app_logger.addHandler(caplog.handler)  # the app's logger does not propagate to the root
    monkeypatch.setattr(app_logger, "level", logging.DEBUG)
    try:
        environ = {"REMOTE_ADDR": ADDRESS, "HTTP_X_FORWARDED_FOR": FORWARDED}
        data = {"email": "wer@example.org", "password": "falsch-falsch-1"}
        statuses = [
            client.get("/", environ_base=environ).status_code,
            client.get("/gibt-es-nicht", environ_base=environ).status_code,
            client.post("/account/signin", data=data, environ_base=environ).status_code,
            client.post("/account/signin", data=data, environ_base=environ).status_code,
        ]
    finally:
        app_logger.removeHandler(caplog.handler)
    assert statuses == [200, 404, 200, 429]
    lines = [f"{record.getMessage()} {vars(record)}" for record in caplog.records]
    assert any("POST /account/signin 429" in line for line in lines)  # the log was captured
    assert not [line for line in lines if ADDRESS in line or FORWARDED in line]


# --- production: the counters live in Redis ---------------------------------------------------


def test_limits_count_in_redis_and_expire_with_their_window(database_url):
    url = require_redis()
    store = redis.Redis.from_url(url)
    store.flushdb()  # the database belongs to the tests (counters of earlier runs would count)
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database_url,
        RATELIMIT_STORAGE_URI=url,
        MAIL_LIMIT_PER_IP="2 per 10 minutes",
    )
    client = app.test_client()
    statuses = [
        client.post("/account/reset", data={"email": "x@example.org"}).status_code for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    response = client.post("/account/reset", data={"email": "x@example.org"})
    assert minutes_said(response) == 10 and 590 <= retry_after(response) <= 601
    keys = list(store.scan_iter())
    assert any(b"127.0.0.1" in key for key in keys), keys  # the counter is keyed by the address
    ttls = [store.ttl(key) for key in keys]
    assert all(0 < ttl <= 600 for ttl in ttls), ttls  # gone with the window, well within 24 h
