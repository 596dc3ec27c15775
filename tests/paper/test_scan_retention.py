"""Evidence retention of the scan import: page images and uploaded files are deleted once
SCAN_RETENTION_DAYS have passed after the upload and the close of every vote or survey on them;
what was read stays, and the pages say the image is gone instead of showing a broken link."""

# ruff: noqa: F811
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from participation.core.audit import AuditEntry
from participation.core.models import utcnow
from participation.core.permissions import Role
from participation.extensions import db
from participation.paper import scan_files
from participation.paper.models import Sheet, SheetStatus
from participation.paper.scan_models import ScanPage, ScanPageStatus, ScanState, ScanUpload
from participation.paper.scan_retention import PURGED, Purged, purge_expired
from participation.votes.models import VoteKind
from tests.paper import entry_fixtures as fx
from tests.paper import scan_import_fixtures as sx
from tests.paper.scan_import_fixtures import as_pdf, blank_page, print_ballots, upload

clerks, in_request, make_paper_vote = fx.clerks, fx.in_request, fx.make_paper_vote
paper_survey, scan_folder = fx.paper_survey, sx.scan_folder
pytestmark = pytest.mark.usefixtures("db", "in_request", "scan_folder")
DAYS = 400
GONE = "Das Bild wurde nach der Aufbewahrungsfrist gelöscht."


def evidence(upload: ScanUpload) -> list:
    """Return the files of the upload's evidence (uploaded file and page images) on disk."""
    db.session.expire_all()
    upload = db.session.get(ScanUpload, upload.id)
    names = [upload.file_name] + [page.image_name for page in pages_of(upload)]
    return [scan_files.image_path(name) for name in names if scan_files.image_path(name)]


def pages_of(upload: ScanUpload) -> list[ScanPage]:
    """Return the upload's pages in file order."""
    query = select(ScanPage).where(ScanPage.upload_id == upload.id).order_by(ScanPage.index)
    return list(db.session.scalars(query))


def uploaded_at(upload: ScanUpload, when: datetime) -> None:
    """Pretend the upload was made at `when`."""
    upload.created_at = when
    db.session.commit()


def purged_entries() -> list[dict]:
    """Return the `after` of every purge recorded in the audit log."""
    return list(db.session.scalars(select(AuditEntry.after).where(AuditEntry.action == PURGED)))


def ballot_upload(vote, count: int = 2) -> tuple[ScanUpload, list[str]]:
    """Upload `count` ballots of the vote, marked for the first option; return it and codes."""
    ballots = print_ballots(vote, count)
    done = upload(as_pdf([ballots.marked(index, 0) for index in range(count)]))
    assert done.counted == count
    return done, ballots.codes


@pytest.fixture()
def counted(make_paper_vote):
    """An upload of two ballots counted for a vote that closes in 13 days."""
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    done, codes = ballot_upload(vote)
    return vote, done, codes


def test_expired_evidence_is_deleted_and_what_was_read_is_kept(counted, scan_folder):
    vote, done, codes = counted
    files = evidence(done)
    assert len(files) == 3 and all(path.is_file() for path in files)
    purged = purge_expired(vote.closes_at + timedelta(days=DAYS, seconds=1))
    db.session.commit()
    assert purged == Purged(uploads=1, images=2, files=1)
    assert not any(path.exists() for path in files)
    assert not [path for path in (scan_folder / "scans").iterdir() if path.is_file()]
    done = db.session.get(ScanUpload, done.id)
    assert done.file_name is None and done.state is ScanState.DONE and done.counted == 2
    pages = pages_of(done)
    assert [page.image_name for page in pages] == [None, None]
    assert [page.status for page in pages] == [ScanPageStatus.COUNTED] * 2
    assert [page.code for page in pages] == codes and all(page.reading for page in pages)
    sheets = db.session.scalars(select(Sheet).where(Sheet.code.in_(codes)))
    assert {sheet.status for sheet in sheets} == {SheetStatus.COUNTED}
    assert purged_entries() == [{"days": DAYS, "uploads": 1, "images": 2, "files": 1}]


def test_the_window_is_counted_from_the_close_of_the_vote(counted):
    vote, done, _codes = counted
    vote.closes_at = utcnow() + timedelta(days=200)  # the vote ran long after the upload
    db.session.commit()
    assert purge_expired(done.created_at + timedelta(days=DAYS + 50)) == Purged()
    assert purge_expired(vote.closes_at + timedelta(days=DAYS - 1)) == Purged()
    assert len(evidence(done)) == 3
    assert purge_expired(vote.closes_at + timedelta(days=DAYS + 1)).images == 2
    assert evidence(done) == []


def test_an_open_vote_keeps_its_scans_however_old_the_upload(counted):
    vote, done, _codes = counted
    uploaded_at(done, utcnow() - timedelta(days=3 * DAYS))
    assert vote.closes_at > utcnow()  # still open
    assert purge_expired() == Purged()
    assert len(evidence(done)) == 3 and purged_entries() == []


def test_recent_scans_are_kept(counted):
    vote, done, _codes = counted
    vote.opens_at, vote.closes_at = utcnow() - timedelta(days=30), utcnow() - timedelta(days=2)
    db.session.commit()
    assert purge_expired() == Purged()
    assert purge_expired(utcnow() + timedelta(days=DAYS - 3)) == Purged()
    assert len(evidence(done)) == 3


def test_pages_without_a_sheet_count_from_the_upload():
    done = upload(as_pdf([blank_page(), blank_page()]))
    assert [page.sheet_id for page in pages_of(done)] == [None, None]
    assert purge_expired(done.created_at + timedelta(days=DAYS - 1)) == Purged()
    assert purge_expired(done.created_at + timedelta(days=DAYS + 1)) == Purged(1, 2, 1)
    assert evidence(done) == []


def test_a_survey_on_the_pages_keeps_them_until_its_window_ends(paper_survey):
    done = upload(as_pdf([blank_page()]))
    page = pages_of(done)[0]
    page.sheet_id = db.session.scalar(
        select(Sheet.id).where(Sheet.code == fx.make_sheets(paper_survey, 1)[0])
    )
    paper_survey.closes_at = utcnow() + timedelta(days=100)
    db.session.commit()
    assert purge_expired(done.created_at + timedelta(days=DAYS + 1)) == Purged()
    assert purge_expired(paper_survey.closes_at + timedelta(days=DAYS + 1)).images == 1


@pytest.mark.parametrize("state", [ScanState.QUEUED, ScanState.READING])
def test_an_upload_being_read_is_never_touched(state):
    done = upload(as_pdf([blank_page()]))
    done.state = state
    db.session.commit()
    assert purge_expired(utcnow() + timedelta(days=3 * DAYS)) == Purged()
    assert len(evidence(done)) == 2


def test_a_failed_upload_is_purged_like_any_other():
    done = upload(as_pdf([blank_page()]))
    done.state = ScanState.FAILED
    db.session.commit()
    assert purge_expired(utcnow() + timedelta(days=DAYS + 1)) == Purged(1, 1, 1)


def test_a_second_run_deletes_nothing_and_records_nothing(counted):
    vote, done, _codes = counted
    later = vote.closes_at + timedelta(days=DAYS + 1)
    assert purge_expired(later).uploads == 1
    db.session.commit()
    assert purge_expired(later) == Purged()
    db.session.commit()
    assert len(purged_entries()) == 1


def test_files_already_gone_are_fine():
    done = upload(as_pdf([blank_page(), blank_page()]))
    for path in evidence(done):
        path.unlink()
    assert purge_expired(utcnow() + timedelta(days=DAYS + 1)) == Purged(1, 2, 1)
    done = db.session.get(ScanUpload, done.id)
    assert done.file_name is None and {page.image_name for page in pages_of(done)} == {None}


def test_a_file_another_upload_still_keeps_stays_on_disk():
    data = as_pdf([blank_page()])
    old, new = upload(data), upload(data)
    assert old.file_name == new.file_name  # kept once, by content
    shared = scan_files.image_path(new.file_name)
    uploaded_at(old, utcnow() - timedelta(days=DAYS + 1))
    assert purge_expired() == Purged(uploads=1, images=1, files=0)
    assert shared.is_file() and db.session.get(ScanUpload, old.id).file_name is None
    assert len(evidence(new)) == 2
    assert purge_expired(utcnow() + timedelta(days=DAYS + 1)) == Purged(1, 1, 1)
    assert not shared.exists()


def test_zero_days_keeps_the_scans_forever(app, monkeypatch):
    monkeypatch.setitem(app.config, "SCAN_RETENTION_DAYS", 0)
    done = upload(as_pdf([blank_page()]))
    uploaded_at(done, utcnow() - timedelta(days=10 * DAYS))
    assert purge_expired() == Purged()
    assert len(evidence(done)) == 2
    result = app.test_cli_runner().invoke(args=["paper", "purge-scans"])
    assert result.exit_code == 0 and "kept forever" in result.output
    assert len(evidence(done)) == 2


def test_the_command_deletes_expired_scans_and_says_what(app, monkeypatch):
    monkeypatch.setitem(app.config, "SCAN_RETENTION_DAYS", 30)
    old, new = upload(as_pdf([blank_page(), blank_page()])), upload(as_pdf([blank_page()]))
    uploaded_at(old, utcnow() - timedelta(days=31))
    result = app.test_cli_runner().invoke(args=["paper", "purge-scans"])
    assert result.exit_code == 0, result.output
    assert "2 page images and 1 uploaded files deleted from 1 uploads" in result.output
    assert evidence(old) == [] and len(evidence(new)) == 2
    assert purged_entries() == [{"days": 30, "uploads": 1, "images": 2, "files": 1}]
    again = app.test_cli_runner().invoke(args=["paper", "purge-scans"])
    assert "0 page images and 0 uploaded files" in again.output


def test_the_pages_say_the_image_was_deleted(app, client, login_as, make_paper_vote):
    login_as(Role.STAFF)
    vote = make_paper_vote(VoteKind.YES_NO, double_entry=False)
    done, codes = ballot_upload(vote, 1)
    before = client.get(f"/paper/scans/{done.id}").get_data(as_text=True)
    assert GONE not in before and "Nach der Aufbewahrungsfrist" not in before
    purge_expired(vote.closes_at + timedelta(days=DAYS + 1))
    db.session.commit()
    page = pages_of(done)[0]
    scan = client.get(f"/paper/scans/{done.id}").get_data(as_text=True)
    assert GONE in scan and "Nach der Aufbewahrungsfrist gelöscht." in scan
    assert f"/paper/scans/pages/{page.id}/image" not in scan and codes[0] in scan
    sheet = client.get(f"/paper/sheets/{page.sheet_id}").get_data(as_text=True)
    assert GONE in sheet and "Scan vom" in sheet and f"/paper/scans/{done.id}" in sheet
    assert f"/paper/scans/pages/{page.id}/image" not in sheet
    assert client.get(f"/paper/scans/pages/{page.id}/image").status_code == 404


def test_an_unread_page_shows_no_note(client, login_as):
    login_as(Role.STAFF)
    done = ScanUpload(sha256="0" * 64, file_type="pdf", pages_total=1, pages_done=1)
    done.state, done.file_name = ScanState.DONE, "x.pdf"
    db.session.add(done)
    db.session.flush()
    db.session.add(
        ScanPage(upload_id=done.id, index=0, status=ScanPageStatus.NOT_A_SHEET, problem="damaged")
    )
    db.session.flush()
    page = client.get(f"/paper/scans/{done.id}").get_data(as_text=True)
    assert GONE not in page and "Nach der Aufbewahrungsfrist" not in page
