"""Demo data for the scan import: three returned ballots of the demo batch, marked with a pen
(one cross; two crosses, which the reader sends to review; a cross and a faint pencil stroke)
and "scanned" into one PDF, read through the same upload and job as a staff upload. The
first waits for its second entry (the market square vote has double entry), the others wait
in the review queue."""

from __future__ import annotations

import io

import lazy_loader as lazy
from PIL import Image

from participation.extensions import db
from participation.paper import batches, scan_jobs, scans
from participation.paper.layout import Layout
from participation.paper.models import PaperBatch

# Loaded on first use, so a web worker that never reads a scan stays small (issue 12).
cv2 = lazy.load("cv2")
np = lazy.load("numpy")
pypdfium2 = lazy.load("pypdfium2")

DPI = 150
DEMO_FILE = "Demo-Stapel Bürgerbüro.pdf"
# Which boxes (indexes on the ballot's page) each demo sheet has marked, and how dark (0…1).
MARKS = ([(0, 0.9)], [(0, 0.9), (1, 0.9)], [(1, 0.9), (0, 0.18)])


def scan_demo_ballots(batch: PaperBatch, first: int, staff) -> None:
    """Mark sheets `first`, `first + 1` … (0-based) of the batch, scan them into one file and
    read it."""
    layout = Layout.from_dict(batch.layout)
    numbers = range(first, first + len(MARKS))
    pages = [
        marked(page, layout, marks)
        for page, marks in zip(rendered(batch, numbers), MARKS, strict=True)
    ]
    upload = scans.accept(io.BytesIO(as_pdf(pages)), DEMO_FILE, staff, key="demo-scan-1")
    db.session.commit()
    scans.requested_imports()  # read here instead of by a worker
    scan_jobs.import_scans(upload.id)


def rendered(batch: PaperBatch, numbers) -> list[np.ndarray]:
    """Return the printed pages of these sheets (0-based page numbers) as grey pixels."""
    document = pypdfium2.PdfDocument(str(batches.pdf_path(batch)))
    try:
        return [
            np.array(document[n].render(scale=DPI / 72, grayscale=True).to_pil().convert("L"))
            for n in numbers
        ]
    finally:
        document.close()


def marked(page: np.ndarray, layout: Layout, marks) -> np.ndarray:
    """Draw a pen cross into each box given, as dark as given."""
    scale = DPI / 25.4
    for index, darkness in marks:
        box = layout.pages[0].boxes[index]
        ink = np.zeros_like(page, dtype=np.float32)
        x0, y0 = (box.x + 0.8) * scale, (box.y + 0.8) * scale
        x1, y1 = (box.x + box.size - 0.8) * scale, (box.y + box.size - 0.8) * scale
        for start, end in (((x0, y0), (x1, y1)), ((x0, y1), (x1, y0))):
            cv2.line(ink, point(start), point(end), 1.0, max(2, round(0.5 * scale)), cv2.LINE_AA)
        page = np.clip(page * (1 - darkness * ink), 0, 255).astype(np.uint8)
    return page


def point(xy: tuple[float, float]) -> tuple[int, int]:
    """Return a pixel point."""
    return round(xy[0]), round(xy[1])


def as_pdf(pages: list[np.ndarray]) -> bytes:
    """Return the pages as one PDF, as an office scanner writes it."""
    images = [Image.fromarray(page) for page in pages]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=DPI)
    return out.getvalue()
