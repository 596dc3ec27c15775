"""The register of data requests that arrive on paper: recording, the deadline, the list,
notes, linking, the identity check, the export, deletion and closing; every step audited,
only admins, bad input answered with a clear message."""

from __future__ import annotations

import zipfile
from datetime import date, timedelta
from io import BytesIO

import pytest
from sqlalchemy import select

from participation.accounts import data_requests
from participation.accounts.models import User
from participation.accounts.request_models import (
    DataRequest,
    RequestChannel,
    RequestKind,
    RequestState,
)
from participation.core.audit import AuditEntry
from participation.core.clock import town_today
from participation.core.permissions import Role
from participation.extensions import db
from tests.accounts.data_rights_helpers import make_proposal, trace  # noqa: F401

NEW = "/admin/requests/new"


@pytest.fixture()
def admin(login_as):
    """A signed-in admin who confirmed the password a moment ago."""
    return login_as(Role.ADMIN, display_name="Anna Admin")


def form(**changes) -> dict:
    """Return a filled-in registration form, with `changes`."""
    data = {
        "kind": "access",
        "channel": "letter",
        "requester": "Petra Probe",
        "contact": "Markt 2\n07381 Pößneck",
        "received_on": "02.03.2026",
        "email": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def make_request(actor, user=None, kind=RequestKind.ERASURE, checked=True, received=None):
    """Record a request through the service."""
    return data_requests.register(
        kind=kind,
        channel=RequestChannel.LETTER,
        requester="Petra Probe",
        contact="Markt 2",
        received_on=received or town_today(),
        user=user,
        identity_checked=checked,
        actor=actor,
    )


def actions(entry) -> list[str]:
    query = select(AuditEntry.action).where(
        AuditEntry.target_type == "data_requests", AuditEntry.target_id == entry.id
    )
    return list(db.session.scalars(query.order_by(AuditEntry.id)))


@pytest.mark.parametrize(
    "received, due",
    [
        (date(2026, 3, 2), date(2026, 4, 2)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 12, 15), date(2027, 1, 15)),
    ],
)
def test_the_answer_is_due_one_calendar_month_later(received, due):
    assert data_requests.due_date(received) == due


def test_recording_a_request_links_the_account_by_address(client, admin, make_user):
    person = make_user(email="petra@example.org")
    response = client.post(NEW, data=form(email=" Petra@Example.org ", identity_checked="y"))
    assert response.status_code == 302
    entry = db.session.scalar(select(DataRequest))
    assert response.headers["Location"] == f"/admin/requests/{entry.id}"
    assert (entry.user_id, entry.identity_checked, entry.due_on) == (
        person.id,
        True,
        date(2026, 4, 2),
    )
    assert entry.contact == "Markt 2\n07381 Pößneck" and entry.received_by_id == admin.id
    [audited] = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.target_type == "data_requests", AuditEntry.target_id == entry.id
        )
    )
    assert audited.action == "data_request.registered"
    assert "Petra" not in str(audited.after) and "Markt" not in str(audited.after)
    page = client.get(response.headers["Location"])
    assert "Markt 2<br>07381 Pößneck" in page.text and "Anna Admin" in page.text


def test_a_request_without_an_account_is_fine(client, admin):
    assert client.post(NEW, data=form()).status_code == 302
    assert db.session.scalar(select(DataRequest.user_id)) is None


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"email": "niemand@example.org"}, "Kein Konto hat diese Adresse"),
        ({"received_on": "31.02.2026"}, "Dieses Datum gibt es nicht"),
        ({"received_on": "gestern"}, "TT.MM.JJJJ"),
        ({"received_on": ""}, "Bitte geben Sie das Datum ein."),
        ({"received_on": "01.01.1999"}, "vor 2000"),
        ({"kind": "everything"}, "Was möchte die Person?"),
        ({"kind": None}, "Bitte wählen Sie, was die Person möchte."),
        ({"channel": "pigeon"}, "Wie kam die Anfrage?"),
        ({"requester": "   "}, "Bitte geben Sie den Namen der Person ein."),
        ({"requester": "x" * 201}, "höchstens 200 Zeichen"),
        ({"contact": "x" * 501}, "höchstens 500 Zeichen"),
    ],
)
def test_bad_input_is_explained_and_kept(client, admin, changes, message):
    response = client.post(NEW, data=form(**changes))
    assert response.status_code == 400
    assert message in response.text
    assert "Petra Probe" in response.text or changes.get("requester")
    assert db.session.scalar(select(DataRequest)) is None


def test_a_date_in_the_future_is_refused(client, admin):
    tomorrow = (town_today() + timedelta(days=1)).strftime("%d.%m.%Y")
    response = client.post(NEW, data=form(received_on=tomorrow))
    assert response.status_code == 400 and "in der Zukunft" in response.text


def test_the_list_puts_open_and_overdue_requests_first(client, admin):
    today = town_today()
    late = make_request(admin, received=today - timedelta(days=40))
    fresh = make_request(admin, received=today)
    closed = make_request(admin, received=today - timedelta(days=60))
    data_requests.close(closed, RequestState.DONE, "Auskunft verschickt.", admin)
    late.requester, fresh.requester, closed.requester = "Lena Spät", "Frieda Frisch", "Carl Zu"
    db.session.flush()
    page = client.get("/admin/requests/")
    assert page.status_code == 200
    text = page.text
    assert text.index("Lena Spät") < text.index("Frieda Frisch") < text.index("Carl Zu")
    assert text.count("überfällig") == 1
    assert "3 Anfragen" in text


def test_the_admin_navigation_links_the_register(client, admin):
    assert 'href="/admin/requests/"' in client.get("/admin/users").text


def test_notes_are_dated_signed_and_audited(client, admin):
    entry = make_request(admin)
    url = f"/admin/requests/{entry.id}"
    assert client.post(f"{url}/note", data={"note-text": "Anruf: Brief kommt."}).status_code == 302
    assert client.post(f"{url}/note", data={"note-text": "Brief ist da."}).status_code == 302
    page = client.get(url).text
    assert "Anna Admin: Anruf: Brief kommt." in page
    assert page.index("Anruf") < page.index("Brief ist da.")
    empty = client.post(f"{url}/note", data={"note-text": " "})
    assert empty.status_code == 400 and "Bitte schreiben Sie eine Notiz." in empty.text
    assert actions(entry).count("data_request.noted") == 2


def test_linking_and_checking_the_identity(client, admin, make_user):
    person = make_user(email="spaeter@example.org")
    entry = make_request(admin, checked=False)
    url = f"/admin/requests/{entry.id}"
    unknown = client.post(f"{url}/link", data={"link-email": "wer@example.org"})
    assert unknown.status_code == 400 and "Kein Konto hat diese Adresse" in unknown.text
    assert client.post(f"{url}/link", data={"link-email": person.email}).status_code == 302
    unticked = client.post(f"{url}/identity", data={})
    assert unticked.status_code == 400
    assert client.post(f"{url}/identity", data={"identity-confirm": "y"}).status_code == 302
    db.session.refresh(entry)
    assert (entry.user_id, entry.identity_checked) == (person.id, True)
    assert actions(entry)[-2:] == ["data_request.linked", "data_request.identity_checked"]


def test_the_export_for_a_request(client, admin, trace):  # noqa: F811
    entry = make_request(admin, user=trace.person, kind=RequestKind.ACCESS)
    response = client.post(f"/admin/requests/{entry.id}/export")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert f"anfrage-{entry.id}-meine-daten-" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(BytesIO(response.data))
    assert "zusammenfassung.html" in archive.namelist()
    assert trace.person.email.encode() in archive.read("data.json")
    assert actions(entry)[-1] == "data_request.exported"


def test_no_export_without_the_identity_check_or_an_account(client, admin, make_user):
    unchecked = make_request(admin, user=make_user(), checked=False)
    response = client.post(f"/admin/requests/{unchecked.id}/export")
    assert response.status_code == 409 and "Bitte prüfen Sie zuerst die Identität" in response.text
    nobody = make_request(admin)
    response = client.post(f"/admin/requests/{nobody.id}/export")
    assert response.status_code == 409 and "kein Konto zugeordnet" in response.text
    assert "data_request.exported" not in actions(unchecked) + actions(nobody)


def test_deleting_the_account_of_an_erasure_request(client, admin, trace, mailbox):  # noqa: F811
    person = trace.person
    person_id, address = person.id, person.email
    entry = make_request(admin, user=person)
    url = f"/admin/requests/{entry.id}"
    unticked = client.post(f"{url}/delete", data={"delete-contributions": "remove"})
    assert unticked.status_code == 400 and db.session.get(User, person_id) is not None
    data = {"delete-contributions": "remove", "delete-confirm": "y"}
    assert client.post(f"{url}/delete", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, person_id) is None
    assert db.session.get(DataRequest, entry.id).user_id is None
    deleted = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.deleted"))
    assert (deleted.actor_id, deleted.target_id) == (admin.id, person_id)
    assert deleted.after == {"by": "admin", "contributions": "removed", "request": entry.id}
    assert actions(entry)[-1] == "data_request.account_deleted"
    [farewell] = [mail for mail in mailbox.messages() if mail["To"] == address]
    assert farewell["Subject"] == "Ihr Konto ist gelöscht"
    page = client.get(url)
    assert page.status_code == 200 and "Bitte schließen Sie die Anfrage ab" in page.text


def test_deletion_needs_an_erasure_request_and_no_special_roles(client, admin, make_user):
    data = {"delete-contributions": "keep", "delete-confirm": "y"}
    access = make_request(admin, user=make_user(), kind=RequestKind.ACCESS)
    response = client.post(f"/admin/requests/{access.id}/delete", data=data)
    assert response.status_code == 409 and "Anfrage zur Löschung" in response.text
    staff = make_user(roles=(Role.STAFF,))
    entry = make_request(admin, user=staff)
    page = client.get(f"/admin/requests/{entry.id}")
    assert "Rollen zuerst entfernen" in page.text and 'name="delete-confirm"' not in page.text
    response = client.post(f"/admin/requests/{entry.id}/delete", data=data)
    assert response.status_code == 409 and "Rollen zuerst entfernen" in response.text
    db.session.expire_all()
    assert db.session.get(User, staff.id) is not None


def test_closing_ends_every_further_step(client, admin, make_user):
    entry = make_request(admin, user=make_user())
    url = f"/admin/requests/{entry.id}"
    missing = client.post(f"{url}/close", data={"close-state": "done"})
    assert missing.status_code == 400 and "Bitte beschreiben Sie das Ergebnis." in missing.text
    strange = client.post(f"{url}/close", data={"close-state": "vanished", "close-outcome": "x"})
    assert strange.status_code == 400
    data = {"close-state": "refused", "close-outcome": "Die Person hat kein Konto."}
    assert client.post(f"{url}/close", data=data).status_code == 302
    db.session.refresh(entry)
    assert (entry.state, entry.closed_by_id) == (RequestState.REFUSED, admin.id)
    page = client.get(url).text
    assert "Abgelehnt" in page and "Die Person hat kein Konto." in page
    assert f'action="{url}/close"' not in page
    again = client.post(f"{url}/close", data=data)
    assert again.status_code == 409 and "schon abgeschlossen" in again.text
    export = client.post(f"{url}/export")
    assert export.status_code == 409 and "schon abgeschlossen" in export.text
    assert actions(entry).count("data_request.closed") == 1


@pytest.mark.parametrize("role", [None, Role.RESIDENT, Role.STAFF, Role.MODERATOR, Role.COUNCIL])
def test_only_admins_reach_the_register(client, login_as, make_user, role):
    entry = make_request(make_user(roles=(Role.ADMIN,)))
    if role is not None:
        login_as(role)
    for method, path in (
        ("GET", "/admin/requests/"),
        ("GET", NEW),
        ("POST", NEW),
        ("GET", f"/admin/requests/{entry.id}"),
        ("POST", f"/admin/requests/{entry.id}/export"),
        ("POST", f"/admin/requests/{entry.id}/close"),
    ):
        response = client.open(path, method=method, data=form())
        expected = 302 if role is None else 403
        assert response.status_code == expected, (method, path)
    assert db.session.scalar(select(DataRequest.state)) is RequestState.OPEN


def test_an_unknown_request_is_not_found(client, admin):
    assert client.get("/admin/requests/999999").status_code == 404
    assert client.post("/admin/requests/999999/close", data={}).status_code == 404
