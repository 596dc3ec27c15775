"""Downloading one's export from the page "Meine Daten", who may, and an export of many rows
in small memory."""

from __future__ import annotations

import io
import json
import tracemalloc
import zipfile

from sqlalchemy import insert

from participation.accounts import data_export
from participation.comments.models import Comment
from participation.core.models import utcnow
from participation.core.permissions import Role
from participation.extensions import db
from participation.notifications.models import Delivery, Notification
from tests.accounts.data_rights_helpers import make_proposal, read_zip  # noqa: F401
from tests.accounts.test_deletion_pages import sign_in_as

EXPORT = "/account/data/export"


def test_the_page_offers_the_download(client, login_as):
    login_as()
    page = client.get("/account/data/")
    assert page.status_code == 200
    assert 'action="/account/data/export"' in page.text
    assert "zusammenfassung" in page.text.lower()


def test_the_download_is_a_zip_of_ones_own_data(client, login_as):
    person = login_as(display_name="Lotte Laden")
    response = client.post(EXPORT)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "meine-daten-" in disposition
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))
    assert (data["account"]["email"], data["account"]["display_name"]) == (
        person.email,
        "Lotte Laden",
    )


def test_without_a_recent_password_there_is_no_download(client, make_user):
    person = make_user()
    sign_in_as(client, person, confirmed=False)
    assert client.get("/account/data/").headers["Location"].startswith("/account/reconfirm")
    response = client.post(EXPORT)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/reconfirm")
    wrong = client.post("/account/reconfirm", data={"password": "nicht-meins-42"})
    assert wrong.status_code == 400
    assert client.post(EXPORT).status_code == 302


def test_a_guest_is_sent_to_sign_in(client):
    assert "/account/signin" in client.post(EXPORT).headers["Location"]


def test_a_suspended_person_may_still_download(client, login_as):
    person = login_as()
    person.suspended_at = utcnow()
    db.session.flush()
    assert client.post(EXPORT).status_code == 200


def test_every_role_gets_only_its_own_data(client, login_as, make_user):
    make_user(email="jemand.anders@example.org")
    login_as(Role.ADMIN)
    text = client.post(EXPORT).data
    data = json.loads(zipfile.ZipFile(io.BytesIO(text)).read("data.json"))
    assert "jemand.anders@example.org" not in json.dumps(data)


def add_rows(person, other, proposal, count: int) -> None:
    """Give `person` `count` comments and notifications, in bulk."""
    now = utcnow()
    comments = [
        {
            "thread_id": proposal.thread_id,
            "author_id": person.id,
            "body": f"Kommentar {n} " + "x" * 200,
            "body_html": f"<p>Kommentar {n}</p>",
            "created_at": now,
        }
        for n in range(count)
    ]
    db.session.execute(insert(Comment), comments)
    notes = [
        {
            "recipient_id": person.id,
            "kind": "comment.reply",
            "payload": {"comment_id": n, "title": "T", "name": "Otto"},
            "created_at": now,
            "delivery": Delivery.NONE,
            "attempts": 0,
        }
        for n in range(count)
    ]
    db.session.execute(insert(Notification), notes)
    db.session.flush()


def peak_while_exporting(person) -> tuple[int, dict]:
    """Return the most memory Python held while writing the export, and data.json (read
    afterwards: reading it whole is the test's business, not the export's)."""
    tracemalloc.start()
    try:
        file = data_export.export_file(person)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    with file:
        data, _archive = read_zip(file.read())
    return peak, data


def test_many_rows_are_exported_in_small_memory(make_user, make_proposal):  # noqa: F811
    other = make_user()
    proposal = make_proposal(other)
    small, large = make_user(), make_user()
    add_rows(small, other, proposal, 1_000)
    add_rows(large, other, proposal, 4_000)
    peak_while_exporting(small)  # the first export loads the templates and locale data
    peak_export_of_small, data = peak_while_exporting(small)
    assert len(data["comments"]) == 1_000
    peak_export_of_large, data = peak_while_exporting(large)
    assert len(data["comments"]) == len(data["notifications"]) == 4_000
    assert data["comments"][-1]["body"].startswith("Kommentar 3999")
    # Four times the rows, not four times the memory: rows are read and written in batches.
    assert peak_export_of_large < 1.6 * peak_export_of_small
