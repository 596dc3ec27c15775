"""The scan import's pages: staff upload a file without JavaScript and follow its reading;
a refused file gets a clear message on the form; page images are private; only staff may."""

# ruff: noqa: F811
from __future__ import annotations

import io

import pytest

from participation.core.permissions import Role
from participation.extensions import db
from participation.paper.models import Sheet, SheetStatus
from participation.paper.scan_models import ScanPage, ScanState, ScanUpload
from participation.votes.models import VoteKind
from tests.paper import entry_fixtures as fx
from tests.paper import scan_import_fixtures as sx
from tests.paper.scan_import_fixtures import as_pdf, print_ballots

in_request, make_paper_vote = fx.in_request, fx.make_paper_vote
scan_folder = sx.scan_folder
pytestmark = pytest.mark.usefixtures("scan_folder")


def post_file(client, data: bytes, name: str = "stapel.pdf", key: str = "k1"):
    """Post the upload form with a file (CSRF is off in testing)."""
    form = {"scan": (io.BytesIO(data), name), "submission_key": key}
    return client.post("/paper/scans/", data=form, content_type="multipart/form-data")


def test_staff_upload_a_scan_and_see_it_counted(app, client, login_as, make_paper_vote):
    staff = login_as(Role.STAFF)
    with app.test_request_context():
        vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
        ballots = print_ballots(vote, 2)
        data = as_pdf([ballots.marked(0, 0), ballots.marked(1, 1)])
        codes = ballots.codes
        db.session.commit()
    response = post_file(client, data)
    assert response.status_code == 302
    upload = db.session.query(ScanUpload).one()
    assert upload.created_by_id == staff.id and upload.original_name == "stapel.pdf"
    assert upload.state is ScanState.DONE and upload.counted == 2  # read after the request
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 von 2 Seiten gelesen" in page and codes[0] in page
    assert 'http-equiv="refresh"' not in page
    again = post_file(client, data)  # the same form sent twice: one upload
    assert again.status_code == 302 and db.session.query(ScanUpload).count() == 1
    sheet = db.session.query(Sheet).filter_by(code=codes[0]).one()
    assert sheet.status is SheetStatus.COUNTED
    sheet_page = client.get(f"/paper/sheets/{sheet.id}").get_data(as_text=True)
    scanned = db.session.query(ScanPage).filter_by(sheet_id=sheet.id).one()
    assert f"/paper/scans/pages/{scanned.id}/image" in sheet_page
    image = client.get(f"/paper/scans/pages/{scanned.id}/image")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.headers["Cache-Control"] == "private, no-store"
    assert image.data.startswith(b"\x89PNG")
    listing = client.get("/paper/scans/").get_data(as_text=True)
    assert "stapel.pdf" in listing
    assert "/paper/scans/" in client.get("/paper/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "Bitte wählen Sie eine Datei"),
        (b"hello, this is text", "kein PDF"),
        (b"%PDF-1.4 broken", "beschädigt"),
    ],
)
def test_a_refused_file_is_explained_on_the_form(client, login_as, data, words):
    login_as(Role.STAFF)
    response = post_file(client, data, name="stapel.pdf" if data else "")
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
    assert db.session.query(ScanUpload).count() == 0


def test_a_file_above_the_limit_is_refused(app, client, login_as, monkeypatch):
    login_as(Role.STAFF)
    monkeypatch.setitem(app.config, "SCAN_UPLOAD_MAX_MB", 0)
    response = post_file(client, b"%PDF-1.4" + b"x" * 2000)
    assert response.status_code == 400
    assert "zu groß" in response.get_data(as_text=True)


def test_a_reading_upload_reloads_itself_without_javascript(client, login_as):
    staff = login_as(Role.STAFF)
    upload = ScanUpload(
        created_by_id=staff.id, sha256="0" * 64, file_type="pdf", pages_total=4, pages_done=1
    )
    upload.state = ScanState.READING
    db.session.add(upload)
    db.session.flush()
    page = client.get(f"/paper/scans/{upload.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' in page and "1 von 4 Seiten gelesen" in page
    assert 'http-equiv="refresh"' not in client.get(f"/paper/scans/{upload.id}?auto=0").get_data(
        as_text=True
    )


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MODERATOR, Role.COUNCIL])
def test_only_staff_may_upload_or_see_scans(client, login_as, role):
    login_as(role)
    assert client.get("/paper/scans/").status_code == 403
    assert post_file(client, b"%PDF-").status_code == 403
    assert client.get("/paper/scans/pages/1/image").status_code == 403


def test_a_missing_image_or_upload_is_not_found(client, login_as):
    login_as(Role.STAFF)
    assert client.get("/paper/scans/pages/999/image").status_code == 404
    assert client.get("/paper/scans/999").status_code == 404
