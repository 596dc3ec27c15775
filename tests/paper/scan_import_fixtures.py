"""Helpers of the scan import tests: ballots printed by the real generator, rasterized, marked
with dark pen crosses and put together into a file as a scanner would deliver it."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pytest
from PIL import Image

from participation.extensions import db
from participation.paper import batches, registry, scan_jobs, scans
from participation.paper.layout import Layout
from participation.paper.models import PaperBatch, SheetKind
from participation.paper.scan_models import ScanUpload
from tests.paper.omr.scan_fixtures import crossed
from tests.paper.omr.synthetic import Printed, rasterized

DPI = 200


@dataclass
class Ballots:
    """A printed batch of ballots: its codes, layout and pages as printed (unmarked)."""

    batch: PaperBatch
    codes: list[str]
    layout: Layout
    pages: list[np.ndarray]

    @property
    def printed(self) -> Printed:
        """Return the batch as the synthetic scans know it."""
        return Printed(b"", self.layout, self.codes)

    def marked(self, index: int, *boxes: int) -> np.ndarray:
        """Return sheet `index` with dark crosses in these boxes (indexes on its page)."""
        return crossed(self.pages[index].copy(), self.printed, 1, list(boxes), dpi=DPI)


@pytest.fixture()
def scan_folder(app, tmp_path, monkeypatch):
    """A paper folder of this test's own (scans are kept in its scans/ folder)."""
    folder = tmp_path / "paper"
    monkeypatch.setitem(app.config, "PAPER_FOLDER", str(folder))
    return folder


def print_ballots(vote, count: int = 3) -> Ballots:
    """Print `count` ballots of the vote with the real generator (codes registered)."""
    batch = PaperBatch(kind=SheetKind.VOTE, vote_id=vote.id, size=count)
    db.session.add(batch)
    db.session.flush()
    registry.register_sheets(batch)
    path = batches.make_pdf(batch)
    layout = Layout.from_dict(batch.layout)
    return Ballots(batch, batches.codes_of(batch), layout, rasterized(path.read_bytes(), DPI))


def as_pdf(images: list[np.ndarray]) -> bytes:
    """Return the pages as one PDF, as a scanner writes it."""
    pictures = [Image.fromarray(image) for image in images]
    out = io.BytesIO()
    pictures[0].save(out, "PDF", save_all=True, append_images=pictures[1:], resolution=DPI)
    return out.getvalue()


def as_tiff(images: list[np.ndarray]) -> bytes:
    """Return the pages as one multi-page TIFF."""
    pictures = [Image.fromarray(image) for image in images]
    out = io.BytesIO()
    pictures[0].save(out, "TIFF", save_all=True, append_images=pictures[1:], compression="tiff_lzw")
    return out.getvalue()


def blank_page() -> np.ndarray:
    """Return an empty white A4 page at DPI."""
    return np.full((round(297 / 25.4 * DPI), round(210 / 25.4 * DPI)), 245, np.uint8)


def upload(data: bytes, staff=None, name: str = "scan.pdf") -> ScanUpload:
    """Accept a file and read it in-process; return the upload, read."""
    accepted = scans.accept(io.BytesIO(data), name, staff)
    db.session.commit()
    scans.requested_imports()
    scan_jobs.import_scans(accepted.id)
    return db.session.get(ScanUpload, accepted.id)
