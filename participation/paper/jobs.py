"""Making a batch's PDF: handing the job to RQ, the job a worker runs, the in-process fallback.

As with notifications (notifications/jobs.py, whose Redis connection and queues this reuses):
with REDIS_URL set, a request that created a batch enqueues `print_batch` on the "default"
queue after it committed; without REDIS_URL the same job runs in-process right after the
request. If Redis cannot be reached the batch is marked failed, and staff can try again from
its page. The job commits its progress every PROGRESS_EVERY pages, so the batch page shows it.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, has_app_context
from redis.exceptions import RedisError

from participation.extensions import db
from participation.notifications import jobs as notification_jobs
from participation.paper import batches
from participation.paper.models import BatchState, PaperBatch

PRINT_QUEUE = "default"
JOB_TIMEOUT = 3600  # 10,000 sheets take minutes; batches.STALLED_AFTER must not be shorter
PROGRESS_EVERY = 50  # pages between two commits of the progress
NOT_QUEUED = "Redis unavailable: the print job could not be handed to a worker."


def enqueue_print(batch_id: int) -> bool:
    """Hand the batch's PDF to a worker (or make it now without Redis); False when Redis
    could not be reached (the batch is then marked failed, to be tried again)."""
    print_queue = notification_jobs.queue(PRINT_QUEUE)
    if print_queue is None:
        print_batch(batch_id)
        return True
    try:
        print_queue.enqueue(print_batch, batch_id, job_timeout=JOB_TIMEOUT)
    except RedisError:
        current_app.logger.warning("Redis unavailable: batch %s is not printed", batch_id)
        mark_failed(batch_id, NOT_QUEUED)
        return False
    return True


def print_batch(batch_id: int, progress: Callable[[int], None] | None = None) -> str | None:
    """The RQ job: make the batch's PDF once (a ready batch is left as it is); return the
    batch's state. `progress(pages)` is told how far it got (the command's progress bar)."""
    if not has_app_context():
        from participation import create_app

        with create_app().app_context():
            return print_batch(batch_id, progress)
    try:
        return print_once(batch_id, progress)
    finally:
        # As deliver_due: end the job's transaction, so the worker's next job starts clean.
        db.session.rollback()


def print_once(batch_id: int, progress: Callable[[int], None] | None) -> str | None:
    """Make the PDF unless the batch is ready already; a failure marks the batch failed."""
    batch = db.session.get(PaperBatch, batch_id)
    if batch is None:
        return None
    if batches.has_pdf(batch):
        return batch.state.value
    try:
        batches.make_pdf(batch, on_page=progress_recorder(batch_id, progress))
        db.session.commit()
    except Exception as error:  # recorded on the batch; the page shows it, never a 500
        current_app.logger.exception("printing batch %s failed", batch_id)
        db.session.rollback()
        mark_failed(batch_id, error)
    batch = db.session.get(PaperBatch, batch_id)  # gone if its vote was deleted meanwhile
    return batch.state.value if batch is not None else None


def progress_recorder(batch_id: int, progress: Callable[[int], None] | None) -> Callable:
    """Return the renderer's page callback: tell `progress` how many sheets are done, and
    store it every PROGRESS_EVERY pages (committed, so the batch page can show it)."""
    size = db.session.get(PaperBatch, batch_id).size

    def on_page(pages: int, total: int | None = None, *_rest) -> None:
        sheets = sheets_done(pages, total, size)
        if progress is not None:
            progress(sheets)
        if pages % PROGRESS_EVERY == 0:
            batch = db.session.get(PaperBatch, batch_id)
            batch.printed = sheets
            db.session.commit()

    return on_page


def sheets_done(pages: int, total: int | None, size: int) -> int:
    """Return how many sheets `pages` pages make: a sheet may have several pages, which the
    renderer can tell by passing the total pages; else one page is taken as one sheet."""
    if total:
        return min(pages * size // total, size)
    return min(pages, size)


def mark_failed(batch_id: int, error: BaseException | str) -> None:
    """Mark the batch failed with the error, committed."""
    batch = db.session.get(PaperBatch, batch_id)
    if batch is not None and batch.state is not BatchState.READY:
        batches.fail(batch, error)
        db.session.commit()


def after_request(response):
    """Hand over the batches this request created (it has committed by now). Whatever the
    view left uncommitted is dropped first, as the end of the request would drop it."""
    waiting = batches.requested_prints()
    if waiting:
        try:
            db.session.rollback()
            for batch_id in waiting:
                enqueue_print(batch_id)
        except Exception:  # a failure here must not turn a saved batch into an error page
            current_app.logger.exception("handing over print jobs failed")
    return response


def init_app(app: Flask) -> None:
    """Hand print jobs over after each request that created a batch."""
    app.after_request(after_request)
