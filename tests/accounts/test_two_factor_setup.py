"""Setting two-factor sign-in up from the profile, the recovery codes shown once, new codes,
switching it off, and the audit entries each of these writes."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from participation.accounts import totp
from participation.core.audit import AuditEntry
from participation.core.permissions import Role
from tests.accounts.conftest import TOTP_SECRET
from tests.conftest import PASSWORD

SETUP, CODES, STATUS = (
    "/account/two-factor/setup",
    "/account/two-factor/codes",
    "/account/two-factor/",
)
CODE_PATTERN = re.compile(r"<code>([A-Z2-9]{5}-[A-Z2-9]{5})</code>")


def secret_on_page(html: str) -> str:
    """Return the secret the set-up page shows for typing (without its spaces)."""
    match = re.search(r'id="two-factor-secret"[^>]*>([A-Z2-7 ]+)</code>', html)
    assert match, "no secret on the page"
    return match.group(1).replace(" ", "")


def actions(db, user) -> list[str]:
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.target_id == user.id).order_by(AuditEntry.id)
    )
    return [entry.action for entry in entries if entry.action.startswith("two_factor.")]


def test_the_profile_links_the_set_up(client, login_as):
    login_as(Role.RESIDENT)
    page = client.get("/profile/").text
    assert 'href="/account/two-factor/"' in page
    assert "Zweiten Faktor einrichten" in page
    status = client.get(STATUS)
    assert status.status_code == 200
    assert "Ausgeschaltet" in status.text


def test_set_up_shows_qr_code_and_secret_and_keeps_the_secret_between_requests(client, login_as):
    login_as(Role.RESIDENT)
    first = client.get(SETUP)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "no-store"
    assert '<svg role="img" aria-label="QR-Code für Ihre Authenticator-App"' in first.text
    assert 'autocomplete="one-time-code"' in first.text
    assert 'inputmode="numeric"' in first.text
    assert "http" not in first.text.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    assert secret_on_page(client.get(SETUP).text) == secret_on_page(first.text)


def test_right_code_switches_on_and_shows_ten_codes_once(client, login_as, clock, db):
    user = login_as(Role.RESIDENT)
    secret = secret_on_page(client.get(SETUP).text)
    response = client.post(SETUP, data={"code": clock.code(secret)})
    assert response.status_code == 302 and response.headers["Location"] == CODES
    db.session.refresh(user)
    assert user.has_two_factor and user.totp_secret == secret

    page = client.get(CODES)
    codes = CODE_PATTERN.findall(page.text)
    assert len(set(codes)) == 10
    assert page.headers["Cache-Control"] == "no-store"
    assert totp.recovery_codes_left(user) == 10

    refused = client.post(CODES, data={})  # the box is not ticked
    assert refused.status_code == 400
    assert "Bitte bestätigen Sie, dass Sie die Codes aufbewahren." in refused.text
    assert CODE_PATTERN.findall(refused.text) == codes  # still there to write down

    done = client.post(CODES, data={"saved": "y"}, follow_redirects=True)
    assert "Die Anmeldung mit zweitem Faktor ist eingeschaltet." in done.text
    assert "Sie haben noch 10 Wiederherstellungscodes." in done.text
    assert client.get(CODES).status_code == 302  # shown once: gone now
    assert actions(db, user) == ["two_factor.enabled"]


@pytest.mark.parametrize("code", ["000000", "12345", "abcdef", "١٢٣٤٥٦", "9" * 41, "  "])
def test_wrong_or_malformed_code_is_refused_and_explained(client, login_as, clock, db, code):
    user = login_as(Role.RESIDENT)
    secret = secret_on_page(client.get(SETUP).text)
    if code == "000000" and clock.code(secret) == code:
        clock.tick()
    response = client.post(SETUP, data={"code": code})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    assert secret_on_page(response.text) == secret  # the same secret, the app keeps working
    db.session.refresh(user)
    assert not user.has_two_factor


def test_a_code_from_another_secret_does_not_switch_on(client, login_as, clock, db):
    user = login_as(Role.RESIDENT)
    client.get(SETUP)
    response = client.post(SETUP, data={"code": clock.code(TOTP_SECRET)})
    assert response.status_code == 400
    assert "Der Code passt nicht." in response.text
    db.session.refresh(user)
    assert not user.has_two_factor


def test_set_up_when_already_on_goes_to_the_status(client, login_as, with_two_factor):
    with_two_factor(login_as(Role.RESIDENT))
    response = client.get(SETUP, follow_redirects=True)
    assert "schon eingeschaltet" in response.text


def test_new_recovery_codes_need_a_code_and_replace_the_old_ones(
    client, login_as, with_two_factor, clock, db
):
    user = login_as(Role.RESIDENT)
    old = with_two_factor(user)
    wrong = client.post("/account/two-factor/renew", data={"code": "ZZZZZ-ZZZZZ"})
    assert wrong.status_code == 400 and "Der Code ist nicht richtig." in wrong.text
    response = client.post("/account/two-factor/renew", data={"code": clock.code()})
    assert response.headers["Location"] == CODES
    new = CODE_PATTERN.findall(client.get(CODES).text)
    assert len(new) == 10 and not set(new) & set(old)
    assert not totp.use_recovery_code(user, old[0])
    assert totp.use_recovery_code(user, new[0])
    done = client.post(CODES, data={"saved": "y"}, follow_redirects=True)
    assert "Ihre neuen Wiederherstellungscodes gelten." in done.text
    assert actions(db, user) == ["two_factor.enabled", "two_factor.codes_renewed"]


def test_a_replayed_code_does_not_renew(client, login_as, with_two_factor, clock):
    with_two_factor(login_as(Role.RESIDENT))
    code = clock.code()
    assert client.post("/account/two-factor/renew", data={"code": code}).status_code == 302
    again = client.post("/account/two-factor/renew", data={"code": code})
    assert again.status_code == 400
    assert "Dieser Code wurde schon benutzt." in again.text


def test_switching_off_needs_password_and_code(
    client, login_as, with_two_factor, clock, db, mailbox
):
    user = login_as(Role.RESIDENT)
    with_two_factor(user)
    url = "/account/two-factor/disable"
    wrong_password = client.post(url, data={"password": "falsch-falsch", "code": clock.code()})
    assert wrong_password.status_code == 400
    assert "Das Passwort ist nicht richtig." in wrong_password.text
    wrong_code = client.post(url, data={"password": PASSWORD, "code": "000001"})
    assert wrong_code.status_code == 400
    assert "Der Code ist nicht richtig." in wrong_code.text
    db.session.refresh(user)
    assert user.has_two_factor

    done = client.post(url, data={"password": PASSWORD, "code": clock.code()})
    assert done.headers["Location"] == STATUS
    db.session.refresh(user)
    assert not user.has_two_factor and totp.recovery_codes_left(user) == 0
    assert actions(db, user) == ["two_factor.enabled", "two_factor.disabled"]
    assert "ausgeschaltet" in mailbox.last()["Subject"]


def test_a_required_role_cannot_switch_off(client, login_as, with_two_factor, clock, db):
    user = login_as(Role.STAFF)
    with_two_factor(user)
    page = client.get("/account/two-factor/disable")
    assert page.status_code == 200
    assert "Ihre Rolle verlangt die Anmeldung mit zweitem Faktor." in page.text
    assert 'name="password"' not in page.text
    refused = client.post(
        "/account/two-factor/disable", data={"password": PASSWORD, "code": clock.code()}
    )
    assert refused.status_code == 403
    db.session.refresh(user)
    assert user.has_two_factor


def test_switching_off_is_allowed_when_the_requirement_is_off(
    app, client, login_as, with_two_factor, clock, monkeypatch, db
):
    monkeypatch.setitem(app.config, "TWO_FACTOR_ROLES", [])
    user = login_as(Role.STAFF)
    with_two_factor(user)
    response = client.post(
        "/account/two-factor/disable", data={"password": PASSWORD, "code": clock.code()}
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert not user.has_two_factor


def test_wrong_codes_on_the_own_pages_are_limited_too(
    app, client, login_as, with_two_factor, monkeypatch
):
    monkeypatch.setitem(app.config, "TWO_FACTOR_LIMIT_PER_ACCOUNT", "3 per 15 minutes")
    with_two_factor(login_as(Role.RESIDENT))
    statuses = [
        client.post("/account/two-factor/renew", data={"code": "000000"}).status_code
        for _ in range(4)
    ]
    assert statuses == [400, 400, 400, 429]


def test_pages_for_an_account_without_two_factor_lead_to_the_status(client, login_as):
    login_as(Role.RESIDENT)
    for path in ("/account/two-factor/renew", "/account/two-factor/disable", CODES):
        assert client.get(path).headers["Location"] == STATUS


def test_guests_are_sent_to_sign_in(client):
    for path in (STATUS, SETUP, CODES, "/account/two-factor/renew", "/account/two-factor/disable"):
        assert "/account/signin" in client.get(path).headers["Location"]
