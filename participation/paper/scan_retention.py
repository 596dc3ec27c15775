"""Evidence retention of the scan import: the page images and the uploaded file are kept as the
evidence of what was counted, and deleted once SCAN_RETENTION_DAYS have passed (0 keeps them).

An upload's evidence expires SCAN_RETENTION_DAYS after the later of its upload and the close of
every vote or survey whose sheets are on its pages: a ballot's scan stays while its vote is
open and for the whole period after the vote closed (the time to challenge the result). Pages
without a sheet (blank, unknown code, idea cards) count from the upload. An upload still being
read (queued, reading) is never touched.

Only the files go: the rows stay with what was read, the status and the code, so the registry
still shows that a sheet was counted from a scan; `image_name` and `file_name` become NULL,
which the pages show as "deleted after the retention period". The uploaded file is kept by its
content (scan_files.kept), so a file that another upload still keeps stays on disk.

Files are deleted before the caller commits: if the commit fails, the rows still name files
that are gone, and the next run clears them ("already gone" is fine), so no file is left behind
that no row names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select, update

from participation.core import audit
from participation.core.models import utcnow
from participation.extensions import db
from participation.paper import scan_files
from participation.paper.models import Sheet
from participation.paper.scan_models import ScanPage, ScanState, ScanUpload
from participation.surveys.models import Survey
from participation.votes.models import Vote

PURGED = "paper.scans_purged"
audit.register_actions({PURGED: _l("Scans nach der Aufbewahrungsfrist gelöscht")})

BUSY = (ScanState.QUEUED, ScanState.READING)  # still being read: never purged
CHUNK = 500  # uploads per statement (keeps the IN lists short)


@dataclass(frozen=True)
class Purged:
    """What one run deleted: uploads whose evidence ended, page images, uploaded files."""

    uploads: int = 0
    images: int = 0
    files: int = 0

    def as_dict(self) -> dict[str, int]:
        """Return the counts for the audit log."""
        return {"uploads": self.uploads, "images": self.images, "files": self.files}


class AllUploads:
    """The target of a purge's audit entry: the scan uploads as a whole, no single row."""

    __tablename__ = ScanUpload.__tablename__
    id = None


def retention_days() -> int:
    """Return SCAN_RETENTION_DAYS (0, or less, keeps the evidence forever)."""
    return max(0, int(current_app.config.get("SCAN_RETENTION_DAYS", 400)))


def purge_expired(now: datetime | None = None) -> Purged:
    """Delete the page images and uploaded files whose retention period has ended, clear their
    names on the rows and record the run in the audit log (a run that finds nothing to delete
    records nothing: no daily entry of zeros); the caller commits."""
    days = retention_days()
    if days == 0:
        return Purged()
    cutoff = (now or utcnow()) - timedelta(days=days)
    uploads = list(db.session.scalars(expired_uploads(cutoff)))
    if not uploads:
        return Purged()
    purged = Purged(len(uploads), purge_images(uploads), purge_files(uploads))
    audit.record("paper.scans_purged", AllUploads(), after={"days": days, **purged.as_dict()})
    db.session.flush()
    return purged


def expired_uploads(cutoff: datetime):
    """Select (and lock) the uploads with evidence left whose period ended before `cutoff`:
    uploaded before it, not being read, and no sheet on their pages of a vote or survey that
    closes after it."""
    return (
        select(ScanUpload)
        .where(
            ScanUpload.created_at <= cutoff,
            ScanUpload.state.not_in(BUSY),
            or_(ScanUpload.file_name.is_not(None), has_images()),
            ~subject_closes_after(Vote, Sheet.vote_id, cutoff),
            ~subject_closes_after(Survey, Sheet.survey_id, cutoff),
        )
        .order_by(ScanUpload.id)
        .with_for_update(of=ScanUpload)
    )


def has_images():
    """Return a term: the upload still has a page image."""
    return exists().where(ScanPage.upload_id == ScanUpload.id, ScanPage.image_name.is_not(None))


def subject_closes_after(model, sheet_column, cutoff: datetime):
    """Return a term: a sheet on the upload's pages belongs to a vote or survey (`model`)
    that closes after `cutoff`, so its evidence is still needed."""
    return (
        exists()
        .where(ScanPage.upload_id == ScanUpload.id, ScanPage.sheet_id == Sheet.id)
        .where(sheet_column == model.id, model.closes_at > cutoff)
    )


def purge_images(uploads: list[ScanUpload]) -> int:
    """Delete the uploads' page images and clear their names; return how many."""
    deleted = 0
    for start in range(0, len(uploads), CHUNK):
        ids = [upload.id for upload in uploads[start : start + CHUNK]]
        with_image = (ScanPage.upload_id.in_(ids), ScanPage.image_name.is_not(None))
        names = list(db.session.scalars(select(ScanPage.image_name).where(*with_image)))
        for name in names:
            delete_file(name)
        db.session.execute(update(ScanPage).where(*with_image).values(image_name=None))
        deleted += len(names)
    return deleted


def purge_files(uploads: list[ScanUpload]) -> int:
    """Delete the uploaded files no other upload keeps and clear the uploads' file names;
    return how many files were deleted."""
    names = sorted({upload.file_name for upload in uploads if upload.file_name})
    ours = {upload.id for upload in uploads}
    deleted = 0
    for start in range(0, len(names), CHUNK):
        chunk = names[start : start + CHUNK]
        kept = kept_by_others(chunk, ours)
        for name in chunk:
            if name not in kept:
                delete_file(name)
                deleted += 1
    for upload in uploads:
        upload.file_name = None
    db.session.flush()
    return deleted


def kept_by_others(names: list[str], ours: set[int]) -> set[str]:
    """Return which of the file names another upload (not purged now) still keeps."""
    query = select(ScanUpload.id, ScanUpload.file_name).where(ScanUpload.file_name.in_(names))
    return {name for upload_id, name in db.session.execute(query) if upload_id not in ours}


def delete_file(name: str) -> None:
    """Delete one file of the scans folder (one that is already gone is fine)."""
    (scan_files.scans_folder() / name).unlink(missing_ok=True)
