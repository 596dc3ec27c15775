"""The verification desk pages: who may use them, finding an account, verifying, refusals,
revoking, and the state shown on the profile and the admin page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.accounts import roles
from participation.core.audit import AuditEntry
from participation.core.models import utcnow
from participation.core.permissions import Role
from tests.accounts.conftest import id_card
from tests.conftest import verify_person

ROLES_STATUS = [
    (None, "sign-in"),
    (Role.RESIDENT, 403),
    (Role.VERIFIED, 403),
    (Role.MODERATOR, 403),
    (Role.COUNCIL, 403),
    (Role.ADMIN, 403),
    (Role.STAFF, "allowed"),
]


def outcome(response):
    if response.status_code == 302 and "/account/signin" in response.headers["Location"]:
        return "sign-in"
    if response.status_code == 403:
        return 403
    assert response.status_code < 500
    return "allowed"


@pytest.mark.parametrize("role, wanted", ROLES_STATUS, ids=lambda v: str(v))
def test_only_staff_use_the_desk(client, login_as, make_user, db, role, wanted):
    target = make_user()
    if role:
        login_as(role)
    requests = [
        ("GET", "/verification/?q=person"),
        ("GET", f"/verification/{target.id}"),
        ("POST", f"/verification/{target.id}"),
        ("POST", f"/verification/{target.id}/revoke"),
    ]
    for method, path in requests:
        response = client.open(path, method=method, data=id_card())
        assert outcome(response) == wanted, (method, path)
    db.session.refresh(target)
    assert target.is_verified == (role is Role.STAFF)


def test_admins_use_the_desk_only_when_they_are_staff_too(client, login_as, make_user):
    login_as(Role.ADMIN)
    assert client.get("/verification/").status_code == 403
    both = login_as(Role.STAFF)
    roles.grant(both, Role.ADMIN)
    assert client.get("/verification/").status_code == 200


def test_unknown_accounts_are_404(client, desk):
    assert client.get("/verification/999999").status_code == 404
    assert client.post("/verification/999999", data=id_card()).status_code == 404
    assert client.get("/verification/99999999999999").status_code == 404


# --- finding an account --------------------------------------------------------------------


def test_search_by_part_of_the_address_or_the_name(client, desk, make_user):
    make_user(email="berta.beispiel@example.org", display_name="Berta B.")
    verified = make_user(email="bruno@example.org", display_name="Bruno Beispiel")
    verify_person(verified, "Beispiel", district="Innenstadt")
    make_user(email="offen@example.org", display_name="Olga Beispielhaft", confirmed=False)
    page = client.get("/verification/?q=BEISPIEL")
    assert page.status_code == 200
    assert "3 Konten gefunden" in page.text
    assert "berta.beispiel@example.org" in page.text
    assert "Bestätigt seit" in page.text and "Nicht bestätigt" in page.text
    assert "E-Mail-Adresse noch nicht bestätigt" in page.text
    assert "1 Konto gefunden" in client.get("/verification/?q=bruno@ex").text


def test_search_without_text_lists_nobody(client, desk, make_user):
    make_user(display_name="Niemand Gelistet")
    page = client.get("/verification/")
    assert page.status_code == 200
    assert "Niemand Gelistet" not in page.text and "gefunden" not in page.text


@pytest.mark.parametrize("query", ["ab", "x" * 101])
def test_search_too_short_or_too_long(client, desk, query):
    page = client.get("/verification/", query_string={"q": query})
    assert page.status_code == 400
    assert "Bitte geben Sie 3 bis 100 Zeichen ein." in page.text
    assert 'aria-invalid="true"' in page.text


def test_search_with_many_hits_asks_for_more(client, desk, make_user):
    for number in range(22):
        make_user(display_name=f"Viele Treffer {number:02d}")
    page = client.get("/verification/?q=treffer").text
    assert "Mehr als 20 Konten gefunden" in page
    assert "Viele Treffer 19" in page and "Viele Treffer 20" not in page


# --- the account page ----------------------------------------------------------------------


def test_account_page_offers_the_form(client, desk, make_user, districts):
    user = make_user(display_name="Frieda Form", email="frieda@example.org")
    response = client.get(f"/verification/{user.id}")
    page = response.text
    assert response.headers["Cache-Control"] == "no-store"
    assert "Frieda Form" in page and "frieda@example.org" in page and "Nicht bestätigt" in page
    assert "es zählt nur der erste Vorname" in page
    assert "— keiner / nicht bekannt —" in page and ">Schlettwein<" in page
    assert "Ich habe einen gültigen amtlichen Ausweis gesehen" in page
    assert 'autocomplete="off"' in page
    assert "Bestätigung zurücknehmen" not in page


def test_without_districts_the_field_is_hidden(client, desk, make_user):
    user = make_user()
    page = client.get(f"/verification/{user.id}").text
    assert 'name="district"' not in page and 'name="surname"' in page


def test_verify_an_account(client, desk, make_user, districts, db):
    user = make_user(display_name="Viktor Vorort")
    response = client.post(
        f"/verification/{user.id}", data=id_card(district="Schlettwein"), follow_redirects=True
    )
    assert response.request.path == f"/verification/{user.id}"
    assert "Das Konto von Viktor Vorort ist jetzt bestätigt." in response.text
    assert "von Sven Schalter" in response.text and "Schlettwein" in response.text
    assert 'name="confirm"' in response.text and 'name="surname"' not in response.text
    db.session.refresh(user)
    assert user.is_verified and user.has_role(Role.VERIFIED)
    assert (user.district, user.verified_by_id) == ("Schlettwein", desk.id)
    entry = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.target_id == user.id, AuditEntry.action == "accounts.verified"
        )
    ).one()
    assert entry.actor_id == desk.id and entry.after == {"district": "Schlettwein"}


@pytest.mark.parametrize("typed", ["12.08.1964", "1964-08-12", "12.8.1964", " 12. 08. 1964 "])
def test_date_formats_give_the_same_person(client, desk, make_user, db, typed):
    first, second = make_user(), make_user()
    assert client.post(f"/verification/{first.id}", data=id_card()).status_code == 302
    response = client.post(f"/verification/{second.id}", data=id_card(birth_date=typed))
    assert response.status_code == 409


LONG = "A" * 1000
BAD_INPUT = [
    ({"surname": ""}, "Bitte geben Sie den Familiennamen ein."),
    ({"given_names": " "}, "Bitte geben Sie den Vornamen ein."),
    ({"birth_date": ""}, "Bitte geben Sie das Geburtsdatum ein."),
    ({"surname": LONG}, "Höchstens 200 Zeichen."),
    ({"given_names": LONG}, "Höchstens 200 Zeichen."),
    ({"surname": "123"}, "Der Name muss Buchstaben enthalten."),
    ({"given_names": "- / -"}, "Der Name muss Buchstaben enthalten."),
    ({"surname": "Meier2"}, "Ein Name enthält keine Ziffern."),
    ({"surname": "Иванов"}, "lateinischen Buchstaben"),
    ({"surname": "Mus\x07termann"}, "unzulässige Zeichen"),
    ({"birth_date": "12/08/1964"}, "TT.MM.JJJJ"),
    ({"birth_date": "12.08.64"}, "TT.MM.JJJJ"),
    ({"birth_date": "morgen"}, "TT.MM.JJJJ"),
    ({"birth_date": "9" * 1000}, "TT.MM.JJJJ"),
    ({"birth_date": "31.02.1964"}, "Dieses Datum gibt es nicht."),
    ({"birth_date": "1964-13-01"}, "Dieses Datum gibt es nicht."),
    ({"birth_date": "01.01.2999"}, "liegt in der Zukunft"),
    ({"birth_date": "24.12.1800"}, "liegt vor 1900"),
    ({"id_seen": None}, "Bitte bestätigen Sie, dass Sie einen gültigen Ausweis gesehen haben."),
    ({"district": "Atlantis"}, "Bitte wählen Sie einen Ortsteil aus der Liste."),
]


def short_id(changes: dict) -> str:
    (name, value), *_ = changes.items()
    return f"{name}={value!r}"[:30]


@pytest.mark.parametrize("changes, message", BAD_INPUT, ids=[short_id(c) for c, _ in BAD_INPUT])
def test_bad_input_is_refused_and_kept(client, desk, make_user, districts, db, changes, message):
    user = make_user()
    data = id_card(**{"surname": "Kübler", "district": "Innenstadt", **changes})
    response = client.post(f"/verification/{user.id}", data=data)
    assert response.status_code == 400
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    for field in ("surname", "given_names"):  # what was typed stays in the form
        if data[field].strip() and len(data[field]) < 100 and data[field].isprintable():
            assert f'value="{data[field]}"' in response.text
    db.session.refresh(user)
    assert not user.is_verified


def test_identity_in_use_names_the_other_account(client, desk, make_user, db):
    other = make_user(email="berta@example.org", display_name="Berta Bereits")
    client.post(f"/verification/{other.id}", data=id_card())
    user = make_user(display_name="Zweites Konto")
    response = client.post(f"/verification/{user.id}", data=id_card(given_names="ERIKA Maria"))
    assert response.status_code == 409
    page = response.text
    assert "Für diese Person ist schon ein anderes Konto bestätigt" in page
    assert "Berta Bereits" in page and "b***@example.org" in page
    assert "berta@example.org" not in page
    assert "Eine Person kann nur ein bestätigtes Konto haben" in page
    assert "nehmen Sie zuerst die Bestätigung des anderen Kontos zurück" in page
    assert f'href="/verification/{other.id}"' in page
    assert 'value="ERIKA Maria"' in page  # kept, to correct a typing mistake
    db.session.refresh(user)
    assert not user.is_verified


def test_an_already_verified_account_is_refused(client, desk, make_user, db):
    user = make_user()
    verify_person(user, "Erster")
    first_key = user.identity_key
    response = client.post(f"/verification/{user.id}", data=id_card())
    assert response.status_code == 409
    assert "Dieses Konto ist schon bestätigt." in response.text
    db.session.refresh(user)
    assert user.identity_key == first_key


def test_unconfirmed_accounts_are_refused(client, desk, make_user, db):
    user = make_user(confirmed=False)
    page = client.get(f"/verification/{user.id}").text
    assert "E-Mail-Adresse noch nicht bestätigt" in page and 'name="surname"' not in page
    response = client.post(f"/verification/{user.id}", data=id_card())
    assert response.status_code == 409
    assert "E-Mail-Adresse noch nicht bestätigt" in response.text
    db.session.refresh(user)
    assert not user.is_verified


def test_staff_cannot_verify_themselves(client, desk, db):
    page = client.get(f"/verification/{desk.id}").text
    assert "nicht selbst bestätigen" in page and 'name="surname"' not in page
    assert client.post(f"/verification/{desk.id}", data=id_card()).status_code == 409
    db.session.refresh(desk)
    assert not desk.is_verified


def test_suspended_accounts_can_be_verified(client, desk, make_user, db):
    user = make_user()
    user.suspended_at = utcnow()
    db.session.flush()
    assert "die Sperre bleibt bestehen" in client.get(f"/verification/{user.id}").text
    assert client.post(f"/verification/{user.id}", data=id_card()).status_code == 302
    db.session.refresh(user)
    assert user.is_verified and user.is_suspended


# --- revoking --------------------------------------------------------------------------------


def test_revoke_needs_the_checkbox(client, desk, make_user, db):
    user = make_user()
    verify_person(user, "Widerruf")
    response = client.post(f"/verification/{user.id}/revoke")
    assert response.status_code == 400
    assert "Bitte bestätigen Sie, dass Sie die Bestätigung zurücknehmen möchten." in response.text
    db.session.refresh(user)
    assert user.is_verified


def test_revoke(client, desk, make_user, db):
    user = make_user(display_name="Rita Ruecknahme")
    client.post(f"/verification/{user.id}", data=id_card())
    response = client.post(
        f"/verification/{user.id}/revoke", data={"confirm": "y"}, follow_redirects=True
    )
    assert "Die Bestätigung von Rita Ruecknahme ist zurückgenommen." in response.text
    assert 'name="surname"' in response.text
    db.session.refresh(user)
    assert not user.is_verified and not user.has_role(Role.VERIFIED)
    actions = db.session.scalars(
        select(AuditEntry.action).where(
            AuditEntry.target_id == user.id, AuditEntry.actor_id == desk.id
        )
    ).all()
    assert actions == ["accounts.verified", "accounts.verification_revoked"]
    again = client.post(
        f"/verification/{user.id}/revoke", data={"confirm": "y"}, follow_redirects=True
    )
    assert "Dieses Konto war nicht bestätigt." in again.text
    # The person may now have another account verified.
    other = make_user()
    assert client.post(f"/verification/{other.id}", data=id_card()).status_code == 302


# --- what residents see ------------------------------------------------------------------


def test_profile_tells_how_to_get_verified(client, login_as):
    login_as()
    page = client.get("/profile/").text
    assert "Ihr Konto ist noch nicht bestätigt." in page
    assert "Bringen Sie Ihren Ausweis ins Bürgerbüro" in page
    assert "Markt 1, 07381 Pößneck" in page and "mailto:buergerbuero@example.org" in page


def test_profile_shows_the_verification(client, login_as):
    login_as(Role.VERIFIED, district="Innenstadt")
    page = client.get("/profile/").text
    assert "Ihr Konto ist seit" in page and "Ortsteil: Innenstadt." in page
    assert "Bringen Sie Ihren Ausweis" not in page
