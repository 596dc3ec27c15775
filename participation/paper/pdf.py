"""The printable A4 PDF of a batch: one sheet per code, every page with corner markers, the QR
code and the code as text. The sheet is planned once (plan.py) and replayed for every code, so
a batch of 1,000 ballots takes seconds; the layout it returns is what the entry screen and the
scan reader use (layout.py)."""

from __future__ import annotations

from collections.abc import Callable

import segno
from flask_babel import force_locale
from flask_babel import gettext as _
from fpdf import FPDF

from participation.paper import sheet_idea, sheet_survey, sheet_vote
from participation.paper import style as sizes
from participation.paper.layout import Layout, Page, Rect, qr_text
from participation.paper.measure import FAMILY, Measure, new_pdf
from participation.paper.models import PaperBatch, SheetKind, Variant
from participation.paper.plan import PagePlan, Planner, Shape, Text
from participation.paper.sheet_parts import Kit

ProgressCallback = Callable[[int, int], None]  # (pages done, pages in all)


def render_batch(
    batch: PaperBatch, codes: list[str], on_page: ProgressCallback | None = None
) -> tuple[bytes, dict]:
    """Return the batch's PDF (one sheet per code, in order) and its layout as a dict."""
    with force_locale(batch.locale or "de"):
        pdf, style = new_pdf(), sizes.style_of(variant(batch))
        kit = Kit(Measure(pdf), style, easy(batch))
        planner = plan_sheet(batch, kit)
        add_footers(planner, kit.measure)
        layout = layout_of(batch, planner)
        Drawer(pdf, style).sheets(planner.pages, codes, on_page)
        return bytes(pdf.output()), layout.to_dict()


def variant(batch: PaperBatch) -> Variant:
    """Return how the batch is printed (standard if not set yet)."""
    return Variant(batch.variant or Variant.STANDARD)


def easy(batch: PaperBatch) -> bool:
    """Whether the batch's instructions are in easy language."""
    return variant(batch) is Variant.EASY


def plan_sheet(batch: PaperBatch, kit: Kit) -> Planner:
    """Lay out the sheet of the batch's subject."""
    kind = SheetKind(batch.kind)
    if kind is SheetKind.VOTE:
        return sheet_vote.plan_ballot(kit, batch.vote)
    if kind is SheetKind.SURVEY:
        return sheet_survey.plan_survey(kit, batch.survey)
    return sheet_idea.plan_card(kit)


def add_footers(planner: Planner, measure: Measure) -> None:
    """Number the pages of a sheet that has more than one, between the lower markers."""
    total = len(planner.pages)
    if total < 2:
        return
    size = planner.style.small
    for page in planner.pages:
        words = _("Seite %(page)s von %(pages)s", page=page.number, pages=total)
        x = (sizes.PAGE_WIDTH - measure.width(words, size)) / 2
        page.texts.append(Text(x, sizes.FOOTER_BASELINE, size, False, words))


def layout_of(batch: PaperBatch, planner: Planner) -> Layout:
    """Return the layout the planner made, for the batch."""
    style = planner.style
    qr = Rect(sizes.QR_X, sizes.QR_Y, sizes.QR_SIZE, sizes.QR_SIZE)
    pages = [Page(p.number, qr, p.code_text, p.boxes, p.fields) for p in planner.pages]
    return Layout(
        kind=SheetKind(batch.kind).value,
        subject=batch.vote_id or batch.survey_id,
        variant=variant(batch).value,
        locale=batch.locale or "de",
        width=sizes.PAGE_WIDTH,
        height=sizes.PAGE_HEIGHT,
        marker_size=sizes.MARKER_SIZE,
        markers=sizes.markers(),
        box_size=style.box,
        clear=sizes.CLEAR,
        grid_x=sizes.LEFT,
        grid_y=sizes.TOP,
        pitch=style.pitch,
        step=style.step,
        qr_size=sizes.QR_SIZE,
        qr_quiet=sizes.QR_QUIET,
        pages=pages,
        groups=planner.groups,
    )


class Drawer:
    """Replays a planned page onto the PDF and adds the sheet's code and QR code."""

    def __init__(self, pdf: FPDF, style: sizes.Style):
        self.pdf, self.style = pdf, style
        self.font: tuple | None = None
        self.stroke: float | None = None

    def sheets(self, pages: list[PagePlan], codes: list[str], on_page) -> None:
        """Draw every page of the sheet for each code, reporting pages done of all pages."""
        done, total = 0, len(codes) * len(pages)
        for code in codes:
            for page in pages:
                self.page(page, code)
                done += 1
                if on_page is not None:
                    on_page(done, total)

    def page(self, page: PagePlan, code: str) -> None:
        """Draw one page of the sheet `code`."""
        self.pdf.add_page()
        self.font = self.stroke = None  # fpdf2 starts every page afresh
        for x, y in sizes.markers():
            half = sizes.MARKER_SIZE / 2
            self.pdf.rect(x - half, y - half, sizes.MARKER_SIZE, sizes.MARKER_SIZE, style="F")
        for shape in page.shapes:
            self.shape(shape)
        for text in page.texts:
            self.text(text)
        if page.code_text is not None:
            spot = page.code_text
            self.text(
                Text(
                    spot.x, spot.y + self.style.code * sizes.PT * 1.02, self.style.code, True, code
                )
            )
        self.qr(qr_text(code, page.number))

    def text(self, text: Text) -> None:
        """Draw one line of text."""
        if self.font != (text.size, text.bold):
            self.pdf.set_font(FAMILY, "B" if text.bold else "", text.size)
            self.font = (text.size, text.bold)
        self.pdf.text(text.x, text.y, text.text)

    def shape(self, shape: Shape) -> None:
        """Draw a box outline, a filled rectangle or a line."""
        if shape.kind == "fill":
            self.pdf.rect(shape.x, shape.y, shape.w, shape.h, style="F")
            return
        if self.stroke != shape.stroke:
            self.pdf.set_line_width(shape.stroke)
            self.stroke = shape.stroke
        if shape.kind == "line":
            self.pdf.line(shape.x, shape.y, shape.w, shape.h)
        else:
            self.pdf.rect(shape.x, shape.y, shape.w, shape.h, style="D")

    def qr(self, content: str) -> None:
        """Draw the QR code as black squares, each run of dark modules in a row one rectangle.

        The rectangles go into the page as one filled path (fpdf2's `_out`): a code has about
        170 of them, and drawing each through `rect()` would double the time of a batch.
        """
        matrix = segno.make_qr(content, error="h").matrix
        module, k, height = sizes.QR_SIZE / len(matrix), self.pdf.k, self.pdf.h
        parts = []
        for row, cells in enumerate(matrix):
            top = sizes.QR_Y + row * module
            for start, end in runs(cells):
                x, width = sizes.QR_X + start * module, (end - start) * module
                # a hair taller, so no white seam shows between rows when rasterized
                parts.append(
                    f"{x * k:.2f} {(height - top) * k:.2f} {width * k:.2f} "
                    f"{-(module + 0.02) * k:.2f} re"
                )
        self.pdf._out("q 0 g " + " ".join(parts) + " f Q")


def runs(cells) -> list[tuple[int, int]]:
    """Return the (start, end) columns of each run of dark modules in a row."""
    found, start = [], None
    for column, dark in enumerate([*cells, 0]):
        if dark and start is None:
            start = column
        elif not dark and start is not None:
            found.append((start, column))
            start = None
    return found
