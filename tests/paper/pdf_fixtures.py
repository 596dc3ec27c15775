"""Helpers of the sheet tests: batches of every kind, the PDF read back as text and as pixels,
QR codes decoded from the pixels, and the sheet's plan (what is drawn where)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pypdfium2
import zxingcpp
from flask_babel import force_locale
from pypdf import PdfReader

from participation.extensions import db
from participation.paper import pdf, style
from participation.paper.codes import make_code
from participation.paper.layout import Layout, Rect
from participation.paper.measure import Measure, new_pdf
from participation.paper.models import PaperBatch, SheetKind, Variant
from participation.paper.plan import Planner
from participation.paper.sheet_parts import Kit
from participation.surveys.seed import build_survey
from participation.votes.seed import EXAMPLES, build_vote

DPI = 150
PX_PER_MM = DPI / 25.4


def vote_batch(kind, variant=Variant.STANDARD, size=2, locale="de") -> PaperBatch:
    """Return a stored batch of ballots for a new example vote of `kind`."""
    vote = build_vote(EXAMPLES[kind])
    return stored(
        PaperBatch(kind=SheetKind.VOTE, vote_id=vote.id, size=size, variant=variant, locale=locale)
    )


def survey_batch(variant=Variant.STANDARD, size=2, locale="de", spec=None) -> PaperBatch:
    """Return a stored batch of response sheets for a new survey (every question type)."""
    survey = build_survey(spec) if spec else build_survey()
    return stored(
        PaperBatch(
            kind=SheetKind.SURVEY, survey_id=survey.id, size=size, variant=variant, locale=locale
        )
    )


def idea_batch(variant=Variant.STANDARD, size=2, locale="de") -> PaperBatch:
    """Return a stored batch of blank idea cards."""
    return stored(PaperBatch(kind=SheetKind.IDEA, size=size, variant=variant, locale=locale))


def stored(batch: PaperBatch) -> PaperBatch:
    """Add the batch, flushed, with its subject loaded."""
    db.session.add(batch)
    db.session.flush()
    db.session.refresh(batch)
    return batch


def codes(count: int) -> list[str]:
    """Return `count` new sheet codes."""
    return [make_code("PN") for _ in range(count)]


@dataclass
class Printed:
    """A rendered batch: the PDF, its layout, the codes in order, and the progress reported."""

    data: bytes
    layout: Layout
    codes: list[str]
    progress: list[int]

    @property
    def reader(self) -> PdfReader:
        """Return the PDF for reading its text."""
        return PdfReader(io.BytesIO(self.data))

    def texts(self) -> list[str]:
        """Return the text of every page."""
        return [page.extract_text() for page in self.reader.pages]

    def text_of_sheet(self, index: int = 0) -> str:
        """Return the text of every page of one sheet."""
        per_sheet = len(self.layout.pages)
        return "\n".join(self.texts()[index * per_sheet : (index + 1) * per_sheet])

    def images(self) -> list[np.ndarray]:
        """Return every page as grey pixels at DPI (0 black … 255 white)."""
        document = pypdfium2.PdfDocument(self.data)
        return [
            np.asarray(page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L"))
            for page in document
        ]


def render(batch: PaperBatch, count: int | None = None) -> Printed:
    """Render the batch for `count` (default: its size) new codes."""
    made, progress = codes(count or batch.size), []
    data, layout = pdf.render_batch(batch, made, on_page=lambda done, _total: progress.append(done))
    return Printed(data, Layout.from_dict(layout), made, progress)


def plan_of(batch: PaperBatch) -> Planner:
    """Return the batch's planned sheet (every text and shape, as the PDF draws them)."""
    with force_locale(batch.locale):
        kit = Kit(Measure(new_pdf()), style.style_of(batch.variant), pdf.easy(batch))
        planner = pdf.plan_sheet(batch, kit)
        pdf.add_footers(planner, kit.measure)
        return planner


def decode(image: np.ndarray) -> list[str]:
    """Return the texts of every QR code found on a page image."""
    return [found.text for found in zxingcpp.read_barcodes(image)]


def px(mm: float) -> int:
    """Return the pixel index of a position in millimetres."""
    return int(round(mm * PX_PER_MM))


def darkness(image: np.ndarray, rect: Rect) -> float:
    """Return the mean darkness (0 white … 1 black) of the pixels inside `rect`."""
    area = image[px(rect.y) : px(rect.y + rect.h), px(rect.x) : px(rect.x + rect.w)]
    return 1 - float(area.mean()) / 255


def darkest(image: np.ndarray, rect: Rect) -> float:
    """Return the darkness of the darkest pixel inside `rect` (0 white … 1 black)."""
    area = image[px(rect.y) : px(rect.y + rect.h), px(rect.x) : px(rect.x + rect.w)]
    return 1 - float(area.min()) / 255


def covered(image: np.ndarray, rect: Rect) -> float:
    """Return the share of a thin strip's length along which a dark line crosses it (a strip
    wider than tall runs left to right, else top to bottom)."""
    area = image[px(rect.y) : px(rect.y + rect.h), px(rect.x) : px(rect.x + rect.w)]
    across = 0 if rect.w > rect.h else 1
    return float((area.min(axis=across) < 128).mean())
