"""The admin's side of two-factor sign-in: the reset for a lost phone (page and command), the
sign-out when a granted role requires a second factor, and the audit log's labels."""

from __future__ import annotations

from sqlalchemy import select

from participation.accounts import totp
from participation.accounts.cli import users as users_command
from participation.core import audit
from participation.core.audit import AuditEntry
from participation.core.permissions import Role


def entries(db, action: str, user) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.action == action, AuditEntry.target_id == user.id)
    return list(db.session.scalars(query))


def test_the_user_page_shows_the_state_and_offers_the_reset(
    client, login_as, make_user, with_two_factor
):
    login_as(Role.ADMIN)
    plain = make_user(display_name="Paul Plain")
    phone = make_user(display_name="Hanna Handy")
    with_two_factor(phone)
    assert "Ausgeschaltet." in client.get(f"/admin/users/{plain.id}").text
    page = client.get(f"/admin/users/{phone.id}").text
    assert "Eingeschaltet seit" in page
    assert f'href="/admin/users/{phone.id}/two-factor/reset"' in page


def test_the_reset_asks_for_confirmation_then_switches_off(
    client, login_as, make_user, with_two_factor, db, mailbox
):
    admin = login_as(Role.ADMIN)
    phone = make_user(email="handy@example.org", display_name="Hanna Handy")
    with_two_factor(phone)
    url = f"/admin/users/{phone.id}/two-factor/reset"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "10 ungenutzte Wiederherstellungscodes" in confirm.text
    refused = client.post(url, data={})
    assert refused.status_code == 400
    db.session.refresh(phone)
    assert phone.has_two_factor

    token = phone.session_token
    done = client.post(url, data={"checked": "y"}, follow_redirects=True)
    assert "Der zweite Faktor von Hanna Handy ist zurückgesetzt." in done.text
    db.session.refresh(phone)
    assert not phone.has_two_factor and totp.recovery_codes_left(phone) == 0
    assert phone.session_token == token  # a resident keeps her sessions
    [entry] = entries(db, "two_factor.reset", phone)
    assert entry.actor_id == admin.id
    assert entry.before == {"recovery_codes": 10}  # how many were still unused
    assert mailbox.last()["To"] == "handy@example.org"
    assert "Administration" in mailbox.last().get_body(("plain",)).get_content()


def test_resetting_a_required_account_signs_it_out(
    client, login_as, make_user, with_two_factor, db
):
    login_as(Role.ADMIN)
    staff = make_user(display_name="Sina Staff", roles=(Role.STAFF,))
    with_two_factor(staff)
    token = staff.session_token
    done = client.post(
        f"/admin/users/{staff.id}/two-factor/reset", data={"checked": "y"}, follow_redirects=True
    )
    assert "richtet bei der nächsten Anmeldung einen neuen ein" in done.text
    db.session.refresh(staff)
    assert staff.session_token != token


def test_the_reset_of_an_account_without_two_factor_changes_nothing(
    client, login_as, make_user, db
):
    login_as(Role.ADMIN)
    plain = make_user()
    response = client.post(f"/admin/users/{plain.id}/two-factor/reset", data={"checked": "y"})
    assert response.headers["Location"] == f"/admin/users/{plain.id}"
    assert entries(db, "two_factor.reset", plain) == []


def test_only_admins_may_reset(client, login_as, make_user, with_two_factor, db):
    login_as(Role.STAFF)
    phone = make_user()
    with_two_factor(phone)
    url = f"/admin/users/{phone.id}/two-factor/reset"
    assert client.get(url).status_code == 403
    assert client.post(url, data={"checked": "y"}).status_code == 403
    db.session.refresh(phone)
    assert phone.has_two_factor
    assert client.get("/admin/users/999999/two-factor/reset").status_code == 403


def test_unknown_account_is_404_for_admins(client, login_as):
    login_as(Role.ADMIN)
    assert client.get("/admin/users/999999/two-factor/reset").status_code == 404


def test_granting_a_required_role_signs_an_account_without_two_factor_out(
    client, login_as, make_user, db
):
    login_as(Role.ADMIN)
    person = make_user(display_name="Rita Rolle")
    token = person.session_token
    response = client.post(
        f"/admin/users/{person.id}",
        data={"sent": "1", "roles": ["moderator"]},
        follow_redirects=True,
    )
    assert "Rita Rolle ist jetzt überall abgemeldet" in response.text
    db.session.refresh(person)
    assert person.session_token != token


def test_granting_a_role_to_an_account_with_two_factor_keeps_its_sessions(
    client, login_as, make_user, with_two_factor, db
):
    login_as(Role.ADMIN)
    person = make_user()
    with_two_factor(person)
    token = person.session_token
    response = client.post(
        f"/admin/users/{person.id}", data={"sent": "1", "roles": ["staff"]}, follow_redirects=True
    )
    assert "Die Rollen sind gespeichert." in response.text
    assert "abgemeldet" not in response.text
    db.session.refresh(person)
    assert person.session_token == token


def test_granting_a_role_that_is_not_required_keeps_the_sessions(
    app, client, login_as, make_user, monkeypatch, db
):
    monkeypatch.setitem(app.config, "TWO_FACTOR_ROLES", ["admin"])
    login_as(Role.ADMIN)
    person = make_user()
    token = person.session_token
    client.post(f"/admin/users/{person.id}", data={"sent": "1", "roles": ["moderator"]})
    db.session.refresh(person)
    assert person.session_token == token


def test_the_command_resets_an_account(app, make_user, with_two_factor, db, mailbox):
    person = make_user(email="cli@example.org", roles=(Role.COUNCIL,))
    with_two_factor(person)
    token = person.session_token
    runner = app.test_cli_runner()
    result = runner.invoke(users_command, ["reset-two-factor", "cli@example.org"])
    assert result.exit_code == 0, result.output
    assert "is reset" in result.output and "next sign-in" in result.output
    db.session.refresh(person)
    assert not person.has_two_factor and person.session_token != token
    [entry] = entries(db, "two_factor.reset", person)
    assert entry.actor_id is None
    again = runner.invoke(users_command, ["reset-two-factor", "cli@example.org"])
    assert again.exit_code == 0 and "nothing to reset" in again.output
    unknown = runner.invoke(users_command, ["reset-two-factor", "nobody@example.org"])
    assert unknown.exit_code != 0 and "No account" in unknown.output


def test_every_two_factor_action_has_a_label():
    for action in ("enabled", "disabled", "reset", "codes_renewed"):
        assert f"two_factor.{action}" in audit.ACTION_LABELS


def test_the_audit_page_names_the_acts(client, login_as, make_user, with_two_factor):
    login_as(Role.ADMIN)
    person = make_user(display_name="Paula Protokoll")
    with_two_factor(person)
    page = client.get("/admin/audit?action=two_factor.enabled")
    assert page.status_code == 200
    row = '<td class="kern-table__cell">Zweiten Faktor eingeschaltet</td>'
    assert row in page.text
    assert f"Konto {person.id}" in page.text
