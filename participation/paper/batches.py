"""Batches of printed sheets: creating one (its codes registered as issued in the same
transaction), making its PDF, voiding it. Services: they flush, never commit.

The PDF is made by a job (jobs.print_batch) once the batch is committed: `create_batch` notes
the batch, and after the request the job runs on an RQ worker (or in-process without Redis).
The PDF lies in the paper folder (PAPER_FOLDER, default instance/paper) as batch-<id>.pdf.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from flask import current_app, g, has_app_context
from flask_babel import LazyString, format_decimal
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.core import audit
from participation.core.models import utcnow
from participation.extensions import db
from participation.paper import registry
from participation.paper.models import BatchState, PaperBatch, Sheet, SheetKind, Variant
from participation.surveys.models import Survey
from participation.votes.models import Vote

audit.register_actions(
    {
        "paper.batch_printed": _l("Stapel von Bögen gedruckt"),
        "paper.batch_voided": _l("Stapel von Bögen ungültig gemacht"),
    }
)
audit.register_target_types({"paper_batches": _l("Stapel von Bögen")})

NOTE_MAX = 200  # paper_batches.note
STALLED_AFTER = timedelta(hours=1)  # longer than any print job may run (jobs.JOB_TIMEOUT)


class BatchRefused(Exception):
    """The batch cannot be made (or voided); `field` names the form field it concerns."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


def batch_max() -> int:
    """Return the largest batch that may be printed at once (PAPER_BATCH_MAX)."""
    return int(current_app.config.get("PAPER_BATCH_MAX", 10_000))


def printable_votes() -> list[Vote]:
    """Return the published votes that have not closed, soonest first."""
    query = select(Vote).where(Vote.published_at.is_not(None), Vote.closes_at > utcnow())
    return list(db.session.scalars(query.order_by(Vote.closes_at, Vote.id)))


def printable_surveys() -> list[Survey]:
    """Return the published surveys that have not closed, soonest first."""
    query = select(Survey).where(Survey.published_at.is_not(None), Survey.closes_at > utcnow())
    return list(db.session.scalars(query.order_by(Survey.closes_at, Survey.id)))


def subject_refusal(kind: SheetKind, subject) -> str | None:
    """Return why `subject` cannot be printed as `kind`, or None when it can."""
    expected = {SheetKind.VOTE: Vote, SheetKind.SURVEY: Survey}.get(kind)
    if expected is None:
        return (
            None
            if subject is None
            else _l("Ideenkarten gehören zu keiner Abstimmung und keiner Umfrage.")
        )
    if not isinstance(subject, expected):
        return _l("Bitte wählen Sie, was gedruckt werden soll.")
    phase = subject.phase().value
    if phase == "draft":
        return _l("Ein Entwurf kann nicht gedruckt werden. Bitte veröffentlichen Sie ihn zuerst.")
    if phase == "closed":
        return _l("Das ist schon beendet. Dafür werden keine Bögen mehr gedruckt.")
    return None


def size_refusal(size: int) -> str | None:
    """Return why a batch of `size` sheets cannot be printed, or None when it can."""
    if size < 1:
        return _l("Bitte drucken Sie mindestens einen Bogen.")
    if size > batch_max():
        return _l(
            "Höchstens %(count)s Bögen auf einmal.", count=LazyString(format_decimal, batch_max())
        )
    return None


def check_request(kind, subject, size: int, variant: str, locale: str, note: str) -> None:
    """Raise BatchRefused for the first thing that keeps the batch from being printed."""
    languages, variants = current_app.config["LANGUAGES"], {v.value for v in Variant}
    problems = (
        ("subject", subject_refusal(kind, subject)),
        ("count", size_refusal(size)),
        ("variant", None if variant in variants else _l("Bitte wählen Sie eine Schrift.")),
        ("locale", None if locale in languages else _l("Diese Sprache gibt es hier nicht.")),
        ("note", None if len(note) <= NOTE_MAX else _l("Höchstens 200 Zeichen.")),
    )
    for field, message in problems:
        if message is not None:
            raise BatchRefused(message, field)


def create_batch(
    kind: SheetKind,
    subject: Vote | Survey | None,
    size: int,
    *,
    variant: Variant | str = Variant.STANDARD,
    locale: str = "de",
    note: str = "",
    staff=None,
) -> PaperBatch:
    """Create a batch of `size` sheets for a vote, a survey or idea cards: every code is
    registered as issued in this transaction, the act is audited, and the PDF is asked for
    once the caller has committed."""
    kind, note = SheetKind(kind), (note or "").strip()
    check_request(kind, subject, size, variant, locale, note)
    batch = PaperBatch(
        kind=kind,
        **subject_ids(kind, subject),
        size=size,
        variant=Variant(variant),
        locale=locale,
        note=note,
        state=BatchState.PRINTING,
        printed=0,
        created_by_id=staff.id if staff is not None else None,
    )
    db.session.add(batch)
    db.session.flush()
    registry.register_sheets(batch)
    audit.record("paper.batch_printed", batch, actor=staff, after=summary(batch))
    request_print(batch)
    return batch


def subject_ids(kind: SheetKind, subject) -> dict:
    """Return the batch's vote_id and survey_id for its kind."""
    return {
        "vote_id": subject.id if kind is SheetKind.VOTE else None,
        "survey_id": subject.id if kind is SheetKind.SURVEY else None,
    }


def summary(batch: PaperBatch) -> dict:
    """Return what the audit log keeps about a batch."""
    return {
        "kind": batch.kind.value,
        "vote_id": batch.vote_id,
        "survey_id": batch.survey_id,
        "size": batch.size,
        "variant": batch.variant.value,
        "locale": batch.locale,
        "note": batch.note,
    }


# --- asking for the PDF (jobs.after_request hands it over once the request has committed) ---


def request_print(batch: PaperBatch) -> None:
    """Note that the batch's PDF is to be made once this transaction is committed."""
    if has_app_context():
        g.paper_prints = [*g.get("paper_prints", []), batch.id]


def requested_prints() -> list[int]:
    """Return (and forget) the batches this request or command asked to print."""
    return g.pop("paper_prints", []) if has_app_context() else []


def may_retry(batch: PaperBatch) -> bool:
    """Whether the PDF may be asked for again: it failed, its job stopped long ago, or its
    file is gone from the paper folder."""
    if batch.state is BatchState.PRINTING:
        return batch.created_at < utcnow() - STALLED_AFTER
    return batch.state is BatchState.FAILED or not has_pdf(batch)


def retry(batch: PaperBatch) -> None:
    """Ask for the PDF of a failed or stalled batch again."""
    if not may_retry(batch):
        raise BatchRefused(_l("Das PDF wird gerade erstellt oder ist schon fertig."))
    batch.state, batch.printed, batch.error = BatchState.PRINTING, 0, None
    db.session.flush()
    request_print(batch)


# --- the PDF ----------------------------------------------------------------------------------


def paper_folder() -> Path:
    """Return the folder the PDFs are kept in (PAPER_FOLDER, default instance/paper)."""
    folder = current_app.config.get("PAPER_FOLDER")
    return Path(folder) if folder else Path(current_app.instance_path) / "paper"


def pdf_path(batch: PaperBatch) -> Path | None:
    """Return where the batch's PDF lies, or None while it has none."""
    return paper_folder() / batch.file_name if batch.file_name else None


def has_pdf(batch: PaperBatch) -> bool:
    """Whether the batch is ready and its PDF is there to download."""
    path = pdf_path(batch)
    return batch.state is BatchState.READY and path is not None and path.is_file()


def codes_of(batch: PaperBatch) -> list[str]:
    """Return the batch's codes in page order."""
    query = select(Sheet.code).where(Sheet.batch_id == batch.id).order_by(Sheet.number)
    return list(db.session.scalars(query))


def make_pdf(batch: PaperBatch, on_page: Callable | None = None) -> Path:
    """Render the batch's PDF, write it atomically into the paper folder and mark the batch
    ready with its layout. `on_page` is called as pages are done (progress)."""
    from participation.paper import pdf  # made alongside; imported when first needed

    content, layout = pdf.render_batch(batch, codes_of(batch), on_page=on_page)
    name = f"batch-{batch.id}.pdf"
    write_atomically(paper_folder() / name, content)
    batch.file_name, batch.layout, batch.printed = name, layout, batch.size
    batch.state, batch.error = BatchState.READY, None
    db.session.flush()
    return paper_folder() / name


def write_atomically(path: Path, content: bytes) -> None:
    """Write `content` to `path` so that a reader sees the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def fail(batch: PaperBatch, error: BaseException | str) -> None:
    """Mark the batch failed with what went wrong (the page shows it, staff may try again)."""
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    batch.state, batch.error = BatchState.FAILED, text[:2000]
    db.session.flush()


# --- voiding ----------------------------------------------------------------------------------


def void_batch(batch: PaperBatch, staff, reason: str) -> int:
    """Void every sheet of the batch that is not counted (counted ones stay); audited.
    Refused when nothing is left to void; returns how many sheets were voided."""
    reason = (reason or "").strip()
    voided = registry.void_batch(batch, staff, reason)
    if not voided:
        raise BatchRefused(_l("Alle Bögen dieses Stapels sind schon ungültig oder gezählt."))
    audit.record(
        "paper.batch_voided", batch, actor=staff, after={"voided": voided, "reason": reason}
    )
    return voided


def newest_first():
    """Return a select of every batch, newest first."""
    return select(PaperBatch).order_by(PaperBatch.created_at.desc(), PaperBatch.id.desc())
