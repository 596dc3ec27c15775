"""Documents attached to a publication: PDF only (judged by content, opened once to be sure it
is a readable, unencrypted PDF), at most RESULTS_DOCUMENT_MAX_MB, kept in the results folder
under their SHA-256. Services: they flush, never commit."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import LazyString, force_locale, format_decimal, gettext
from flask_babel import lazy_gettext as _l

from participation.core import audit
from participation.extensions import db
from participation.paper.batches import write_atomically
from participation.results.models import Correction, Document, Publication

MIB = 1024 * 1024
CHUNK = 1024 * 1024

audit.register_actions(
    {
        "results.document_added": _l("Dokument zu einem Ergebnis hinzugefügt"),
        "results.document_removed": _l("Dokument von einem Ergebnis entfernt"),
    }
)


class DocumentRefused(Exception):
    """The file cannot be attached; `message` says why, in the visitor's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def max_bytes() -> int:
    """Return the largest document allowed (RESULTS_DOCUMENT_MAX_MB)."""
    return int(current_app.config.get("RESULTS_DOCUMENT_MAX_MB", 20)) * MIB


def folder() -> Path:
    """Return the folder of the results' files (RESULTS_FOLDER, else instance/results)."""
    configured = current_app.config.get("RESULTS_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "results"


def too_large():
    """Return the refusal of a file above the limit."""
    size = LazyString(format_decimal, max_bytes() // MIB)
    return _l("Die Datei ist zu groß. Höchstens %(size)s MB.", size=size)


def read_limited(stream: BinaryIO) -> bytes:
    """Return the file's bytes; refuse an empty file or one above the limit."""
    limit, chunks, size = max_bytes(), [], 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise DocumentRefused(too_large())
        chunks.append(chunk)
    if not size:
        raise DocumentRefused(_l("Die Datei ist leer. Bitte wählen Sie eine PDF-Datei."))
    return b"".join(chunks)


def check_pdf(data: bytes) -> None:
    """Refuse what is not a readable, unencrypted PDF."""
    if not data.lstrip()[:5] == b"%PDF-":
        raise DocumentRefused(_l("Das ist keine PDF-Datei. Bitte laden Sie eine PDF-Datei hoch."))
    import pypdfium2  # here, not at the top: only an upload needs it (issue 12, worker RSS)

    try:
        document = pypdfium2.PdfDocument(data)
        pages = len(document)
        document.close()
    except Exception:  # pdfium refuses damaged and password-protected files alike
        pages = 0
    if not pages:
        raise DocumentRefused(_l("Die PDF-Datei ist beschädigt oder mit einem Passwort geschützt."))


def attach(publication: Publication, stream: BinaryIO, title: str, staff) -> Document:
    """Keep a PDF and attach it to the publication under `title`."""
    data = read_limited(stream)
    check_pdf(data)
    sha256 = hashlib.sha256(data).hexdigest()
    name = f"{sha256}.pdf"
    if not (folder() / name).is_file():
        write_atomically(folder() / name, data)
    document = Document(
        publication_id=publication.id,
        title=title,
        file_name=name,
        size_bytes=len(data),
        sha256=sha256,
        created_by_id=staff.id,
    )
    db.session.add(document)
    if publication.is_published:  # a later change shows as a dated correction
        db.session.add(
            Correction(publication_id=publication.id, author_id=staff.id, note=added(title))
        )
    db.session.flush()
    audit.record("results.document_added", publication, actor=staff, after={"title": title})
    return document


def added(title: str) -> str:
    """Return the correction note of a document added after publication (in the town's
    language: the note is stored as text)."""
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "de")):
        return gettext("Dokument hinzugefügt: %(title)s", title=title)


def remove(document: Document, staff) -> None:
    """Detach a document (the file stays while another document uses it)."""
    publication, name = document.publication, document.file_name
    audit.record(
        "results.document_removed", publication, actor=staff, before={"title": document.title}
    )
    db.session.delete(document)
    db.session.flush()
    if not db.session.query(Document.id).filter_by(file_name=name).first():
        (folder() / name).unlink(missing_ok=True)


def path_of(document: Document) -> Path | None:
    """Return where the document's file lies (None if it is gone)."""
    path = folder() / document.file_name
    return path if path.is_file() else None
