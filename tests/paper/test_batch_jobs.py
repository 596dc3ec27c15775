"""The print job: it writes the PDF (atomically) and the layout, commits its progress as it goes,
changes nothing when run again for a ready batch, and marks a failure on the batch instead of
raising. Handing it to RQ, and what happens when Redis is down."""

# ruff: noqa: F811  (the fixtures imported from batch_fixtures are test arguments here)
from __future__ import annotations

from datetime import timedelta

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from participation.core.models import utcnow
from participation.paper import batches, jobs
from participation.paper.models import BatchState, PaperBatch, SheetKind
from tests.paper.batch_fixtures import (  # noqa: F401
    FAKE_LAYOUT,
    fake_pdf,
    make_batch,
    paper_folder,
    staff,
    vote,
)


def printed(db, batch_id: int) -> PaperBatch:
    """Return the batch as stored."""
    db.session.expire_all()
    return db.session.get(PaperBatch, batch_id)


def test_the_job_writes_the_pdf_and_the_layout(db, make_batch, vote, fake_pdf, paper_folder):
    batch = make_batch(7, SheetKind.VOTE, vote)
    codes = batches.codes_of(batch)
    assert jobs.print_batch(batch.id) == "ready"
    batch = printed(db, batch.id)
    assert (batch.state, batch.printed, batch.error) == (BatchState.READY, 7, None)
    assert batch.layout == {**FAKE_LAYOUT, "pages": 7}
    assert batch.file_name == f"batch-{batch.id}.pdf"
    content = (paper_folder / batch.file_name).read_bytes()
    assert content.startswith(b"%PDF") and content.decode().split("\n")[1:8] == codes
    assert fake_pdf.calls == [(batch.id, codes)]  # the codes in page order
    assert sorted(path.name for path in paper_folder.iterdir()) == [batch.file_name]


def test_progress_is_committed_every_fifty_pages(db, make_batch, monkeypatch):
    batch = make_batch(120)
    commits = []
    real_commit = db.session.commit

    def commit():
        commits.append(db.session.get(PaperBatch, batch.id).printed)
        real_commit()

    monkeypatch.setattr(db.session, "commit", commit)
    told = []
    jobs.print_batch(batch.id, told.append)
    assert commits == [50, 100, 120]  # the last one is the ready batch
    assert told == list(range(1, 121))


def test_running_the_job_again_for_a_ready_batch_changes_nothing(
    db, make_batch, fake_pdf, paper_folder
):
    batch = make_batch(3)
    jobs.print_batch(batch.id)
    path = paper_folder / printed(db, batch.id).file_name
    before = path.stat().st_mtime_ns, path.read_bytes()
    assert jobs.print_batch(batch.id) == "ready"
    assert len(fake_pdf.calls) == 1
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    assert printed(db, batch.id).state is BatchState.READY


def test_a_failure_is_kept_on_the_batch(db, make_batch, fake_pdf, paper_folder):
    batch = make_batch(5)
    fake_pdf.fail_at = 3
    assert jobs.print_batch(batch.id) == "failed"
    batch = printed(db, batch.id)
    assert batch.state is BatchState.FAILED
    assert batch.error == "RuntimeError: the printer ran out of ink"
    assert not paper_folder.exists() or list(paper_folder.iterdir()) == []
    assert batches.may_retry(batch)


def test_a_failed_batch_can_be_printed_again(db, make_batch, fake_pdf):
    batch = make_batch(5)
    fake_pdf.fail_at = 1
    jobs.print_batch(batch.id)
    fake_pdf.fail_at = None
    batches.retry(printed(db, batch.id))
    assert batches.requested_prints() == [batch.id]
    assert jobs.print_batch(batch.id) == "ready"
    assert printed(db, batch.id).error is None


def test_an_unwritable_folder_fails_the_batch(app, db, make_batch, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setitem(app.config, "PAPER_FOLDER", str(blocker / "paper"))
    batch = make_batch(2)
    assert jobs.print_batch(batch.id) == "failed"
    assert "Error" in printed(db, batch.id).error


def test_a_batch_whose_file_is_gone_is_printed_again(db, make_batch, fake_pdf, paper_folder):
    batch = make_batch(2)
    jobs.print_batch(batch.id)
    (paper_folder / printed(db, batch.id).file_name).unlink()
    batch = printed(db, batch.id)
    assert not batches.has_pdf(batch) and batches.may_retry(batch)
    assert jobs.print_batch(batch.id) == "ready"
    assert len(fake_pdf.calls) == 2 and batches.has_pdf(printed(db, batch.id))


def test_a_batch_still_printing_is_not_retried_until_its_job_must_have_stopped(db, make_batch):
    batch = make_batch(2)
    assert not batches.may_retry(batch)
    with pytest.raises(batches.BatchRefused):
        batches.retry(batch)
    batch.created_at = utcnow() - batches.STALLED_AFTER - timedelta(minutes=1)
    assert batches.may_retry(batch)


def test_an_unknown_batch_is_no_error(db, fake_pdf):
    assert jobs.print_batch(999_999) is None


class FakeQueue:
    """Records what is enqueued; raises like a Redis that is down when told to."""

    def __init__(self, down: bool = False):
        self.down, self.jobs = down, []

    def enqueue(self, function, *args, **options):
        if self.down:
            raise RedisConnectionError("Connection refused")
        self.jobs.append((function, args, options))


def test_with_redis_the_job_goes_to_a_worker(db, make_batch, fake_pdf, monkeypatch):
    queue = FakeQueue()
    monkeypatch.setattr(jobs.notification_jobs, "queue", lambda name: queue)
    batch = make_batch(2)
    assert jobs.enqueue_print(batch.id)
    assert queue.jobs == [(jobs.print_batch, (batch.id,), {"job_timeout": jobs.JOB_TIMEOUT})]
    assert fake_pdf.calls == [] and printed(db, batch.id).state is BatchState.PRINTING


def test_when_redis_is_down_the_batch_says_so(db, make_batch, monkeypatch):
    monkeypatch.setattr(jobs.notification_jobs, "queue", lambda name: FakeQueue(down=True))
    batch = make_batch(2)
    assert not jobs.enqueue_print(batch.id)
    batch = printed(db, batch.id)
    assert (batch.state, batch.error) == (BatchState.FAILED, jobs.NOT_QUEUED)
    assert batches.may_retry(batch)


def test_without_redis_the_job_runs_at_once(db, make_batch, fake_pdf):
    batch = make_batch(2)
    assert jobs.enqueue_print(batch.id)
    assert printed(db, batch.id).state is BatchState.READY
