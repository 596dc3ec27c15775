"""Reading an uploaded file of scans: handing the job to RQ, the job a worker runs, the
in-process fallback (as print jobs in jobs.py: with REDIS_URL set the request enqueues
`import_scans` on the "default" queue after it committed; without it the job runs right after
the request).

The job commits after every page, so the progress page shows it and a worker killed half-way
loses at most the page it was reading: run again (by staff on the progress page, or by
`flask paper resume-scans` from cron once it has not moved for a while),
it skips the pages stored already (unique per upload and index) and reads the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app, has_app_context
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.core.models import utcnow
from participation.extensions import db
from participation.notifications import jobs as notification_jobs
from participation.paper import scan_files, scans
from participation.paper.scan_models import ScanState, ScanUpload

QUEUE = "default"
JOB_TIMEOUT = 3600  # 500 pages take minutes; STALLED_AFTER must not be shorter
STALLED_AFTER = timedelta(hours=1)  # queued this long: its job is lost
# Reading stores a page (and touches the upload) every second or so: a reading upload that has
# not moved for this long lost its worker (killed, the machine restarted).
READING_STALLED_AFTER = timedelta(minutes=10)
NOT_QUEUED = "Redis unavailable: the scan import could not be handed to a worker."


def enqueue_import(upload_id: int) -> bool:
    """Hand the upload to a worker (or read it now without Redis); False when Redis could not
    be reached (the upload is then marked failed, to be tried again)."""
    queue = notification_jobs.queue(QUEUE)
    if queue is None:
        import_scans(upload_id)
        return True
    try:
        queue.enqueue(import_scans, upload_id, job_timeout=JOB_TIMEOUT)
    except RedisError:
        current_app.logger.warning("Redis unavailable: scan upload %s is not read", upload_id)
        mark_failed(upload_id, NOT_QUEUED)
        return False
    return True


def import_scans(
    upload_id: int, progress: Callable[[int], None] | None = None, limit: int | None = None
) -> str | None:
    """The RQ job: read every page of the upload not read yet; return the upload's state.
    `progress(pages_done)` is told after each page (the command's progress bar); `limit`
    stops after that many pages (for tests of an interrupted job)."""
    if not has_app_context():
        from participation import create_app

        with create_app().app_context():
            return import_scans(upload_id, progress, limit)
    try:
        return import_once(upload_id, progress, limit)
    finally:
        db.session.rollback()  # end the job's transaction, so the next job starts clean


def import_once(upload_id: int, progress, limit: int | None) -> str | None:
    """Read the upload's remaining pages, one commit per page; a failure marks it failed."""
    upload = db.session.get(ScanUpload, upload_id)
    if upload is None or upload.state is ScanState.DONE:
        return upload.state.value if upload is not None else None
    upload.state, upload.error, upload.updated_at = ScanState.READING, None, utcnow()
    db.session.commit()
    try:
        finished = read_pages(upload_id, progress, limit)
    except Exception as error:  # recorded on the upload; the page shows it, never a 500
        current_app.logger.exception("reading scan upload %s failed", upload_id)
        db.session.rollback()
        mark_failed(upload_id, error)
    else:
        if finished:
            upload = db.session.get(ScanUpload, upload_id)
            upload.state, upload.updated_at = ScanState.DONE, utcnow()
            db.session.commit()
    upload = db.session.get(ScanUpload, upload_id)
    return upload.state.value if upload is not None else None


def read_pages(upload_id: int, progress, limit: int | None) -> bool:
    """Read and commit page after page; return whether every page is read."""
    upload = db.session.get(ScanUpload, upload_id)
    path = Path(scan_files.scans_folder() / upload.file_name)
    layouts = scans.Layouts()
    remaining = scan_files.pages(path, upload.file_type, scans.stored_indexes(upload))
    for read, (index, image) in enumerate(remaining):
        if limit is not None and read >= limit:
            return False
        read_one(upload_id, index, image, layouts)
        if progress is not None:
            progress(db.session.get(ScanUpload, upload_id).pages_done)
    return True


def read_one(upload_id: int, index: int, image, layouts: scans.Layouts) -> None:
    """Read one page and commit it; a page another worker stored meanwhile is left as it is."""
    upload = db.session.get(ScanUpload, upload_id)
    try:
        scans.read_into(upload, index, image, layouts)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def may_retry(upload: ScanUpload) -> bool:
    """Whether reading may be started again: it failed, or its job stopped long ago (and its
    file is still kept: not deleted after the retention period)."""
    if upload.file_name is None:
        return False
    if upload.state in (ScanState.QUEUED, ScanState.READING):
        return stalled(upload)
    return upload.state is ScanState.FAILED


def stalled(upload: ScanUpload) -> bool:
    """Whether a queued or reading upload has not moved for longer than a job can wait."""
    limit = READING_STALLED_AFTER if upload.state is ScanState.READING else STALLED_AFTER
    return upload.updated_at < utcnow() - limit


def resume_stalled() -> list[int]:
    """Queue the remaining pages of every stalled upload again (cron: a worker killed half-way
    is not restarted by RQ); failed uploads are left to staff. Return the uploads resumed
    (the caller commits, then hands them over with `requested_imports`)."""
    busy = (ScanState.QUEUED, ScanState.READING)
    query = select(ScanUpload).where(ScanUpload.state.in_(busy), ScanUpload.file_name.is_not(None))
    resumed = [upload for upload in db.session.scalars(query) if stalled(upload)]
    for upload in resumed:
        retry(upload)
    return [upload.id for upload in resumed]


def retry(upload: ScanUpload) -> None:
    """Read the pages of a failed or stalled upload that are not read yet."""
    upload.state, upload.error, upload.updated_at = ScanState.QUEUED, None, utcnow()
    db.session.flush()
    scans.request_import(upload)


def mark_failed(upload_id: int, error: BaseException | str) -> None:
    """Mark the upload failed with the error, committed."""
    upload = db.session.get(ScanUpload, upload_id)
    if upload is not None and upload.state is not ScanState.DONE:
        text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        upload.state, upload.error, upload.updated_at = ScanState.FAILED, text[:2000], utcnow()
        db.session.commit()


def after_request(response):
    """Hand over the uploads this request registered (it has committed by now)."""
    waiting = scans.requested_imports()
    if waiting:
        try:
            db.session.rollback()
            for upload_id in waiting:
                enqueue_import(upload_id)
        except Exception:  # a failure here must not turn a saved upload into an error page
            current_app.logger.exception("handing over scan imports failed")
    return response


def init_app(app: Flask) -> None:
    """Hand scan imports over after each request that registered one."""
    app.after_request(after_request)
