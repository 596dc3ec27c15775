import pytest
from sqlalchemy import select

from participation.accounts import roles as role_service
from participation.accounts.models import User
from participation.core.audit import AuditEntry
from participation.core.permissions import Role

ROLES_STATUS = [
    (None, 302),
    ("resident", 403),
    ("verified", 403),
    ("moderator", 403),
    ("staff", 403),
    ("council", 403),
    ("admin", 200),
]


@pytest.mark.parametrize("role, status", ROLES_STATUS)
@pytest.mark.parametrize("path", ["/admin/users", "/admin/audit"])
def test_admin_pages_are_for_admins_only(client, login_as, role, status, path):
    if role:
        login_as(role)
    assert client.get(path).status_code == status


def test_non_admin_cannot_change_roles_by_posting(client, login_as, make_user, db):
    target = make_user()
    login_as("staff")
    response = client.post(f"/admin/users/{target.id}", data={"roles": ["admin"]})
    assert response.status_code == 403
    db.session.refresh(target)
    assert not target.has_role(Role.ADMIN)


def test_admin_gives_and_withdraws_roles_with_audit(client, login_as, make_user, db):
    admin = login_as("admin")
    target = make_user(display_name="Martha Mod")
    response = client.post(f"/admin/users/{target.id}", data={"roles": ["moderator", "council"]})
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.role_set() == {Role.RESIDENT, Role.MODERATOR, Role.COUNCIL}

    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.target_id == target.id)).one()
    assert entry.actor_id == admin.id
    assert entry.action == "roles.changed"
    assert entry.before == {"roles": []}
    assert entry.after == {"roles": ["moderator", "council"]}
    assert entry.created_at is not None

    client.post(f"/admin/users/{target.id}", data={"roles": ["council"]})
    client.post(f"/admin/users/{target.id}", data={"sent": "1"})
    db.session.refresh(target)
    assert target.role_set() == {Role.RESIDENT}
    client.post(f"/admin/users/{target.id}", data={"roles": ["council"]})
    db.session.refresh(target)
    assert target.role_set() == {Role.RESIDENT, Role.COUNCIL}
    audit_page = client.get("/admin/audit").text
    assert "Rollen geändert" in audit_page and "Moderation" in audit_page
    assert client.get(f"/admin/users/{target.id}").text.count("Stadtrat") >= 2


def test_admins_cannot_tick_verified(client, login_as, make_user, db):
    login_as("admin")
    target = make_user()
    page = client.get(f"/admin/users/{target.id}").text
    assert 'value="verified"' not in page and 'value="moderator"' in page
    assert "Nicht bestätigt" in page
    response = client.post(f"/admin/users/{target.id}", data={"roles": ["verified"]})
    assert response.status_code == 400
    db.session.refresh(target)
    assert not target.has_role(Role.VERIFIED) and not target.is_verified


def test_saving_roles_keeps_a_verification(client, login_as, make_user, db):
    login_as("admin")
    target = make_user(roles=(Role.VERIFIED, Role.MODERATOR))
    page = client.get(f"/admin/users/{target.id}").text
    assert "Bestätigt seit" in page
    response = client.post(f"/admin/users/{target.id}", data={"sent": "1"})
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.role_set() == {Role.RESIDENT, Role.VERIFIED}
    assert target.is_verified


def test_roles_page_links_to_verification_for_staff_admins_only(client, login_as, make_user):
    admin = login_as("admin")
    target = make_user()
    link = f'href="/verification/{target.id}"'
    assert link not in client.get(f"/admin/users/{target.id}").text
    role_service.grant(admin, Role.STAFF)
    assert link in client.get(f"/admin/users/{target.id}").text


def test_saving_unchanged_roles_writes_no_audit_entry(client, login_as, make_user, db):
    login_as("admin")
    target = make_user()
    response = client.post(f"/admin/users/{target.id}", data={"sent": "1"}, follow_redirects=True)
    assert "Es gab nichts zu ändern" in response.text
    assert (
        db.session.scalars(select(AuditEntry).where(AuditEntry.target_id == target.id)).all() == []
    )


def test_the_last_admin_cannot_remove_their_own_role(client, login_as, db):
    admin = login_as("admin")
    others = db.session.scalars(select(User).where(User.id != admin.id)).all()
    assert all(not user.has_role(Role.ADMIN) for user in others)
    response = client.post(f"/admin/users/{admin.id}", data={"sent": "1"})
    assert response.status_code == 400
    assert "mindestens ein Konto die Rolle Administration behalten" in response.text
    db.session.refresh(admin)
    assert admin.has_role(Role.ADMIN)


def test_unknown_roles_and_users_are_refused(client, login_as, make_user):
    login_as("admin")
    target = make_user()
    response = client.post(f"/admin/users/{target.id}", data={"roles": ["emperor"]})
    assert response.status_code == 400
    assert client.get("/admin/users/999999").status_code == 404
    assert client.get("/admin/users/abc").status_code == 404


def test_user_search_and_pagination(client, login_as, make_user):
    login_as("admin")
    make_user(display_name="Zacharias Zufall", email="zz@example.org")
    for n in range(30):
        make_user(display_name=f"Viele {n:02d}")
    page = client.get("/admin/users?q=zufall").text
    assert "Zacharias Zufall" in page and "Viele 00" not in page
    assert "1 Konto gefunden" in page
    assert "Seite 1 von 2" in client.get("/admin/users").text
    assert client.get("/admin/users?page=99").status_code == 200
    assert client.get("/admin/users?page=-1&q=%25_").status_code == 200
    assert "0 Konten gefunden" in client.get("/admin/users?q=%25").text
