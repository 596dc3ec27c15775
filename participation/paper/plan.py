"""Planning a sheet once per batch: text wrapped and measured, boxes on the grid, pages broken.

A sheet is built from pieces (a question, an option row, the instructions). A piece is laid out
on its own with y measured from its top, which the planner puts on a grid line, so every box in
it lands on the grid. The plan is a list of pages, each with what to draw (the same for every
code of the batch) and the boxes and write-in areas the layout records. Drawing 1,000 sheets
then only replays the plan and adds each sheet's code and QR code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from participation.paper.layout import Box, Field, Group, Rect
from participation.paper.measure import Measure
from participation.paper.style import BOTTOM, CLEAR, LEFT, PT, RIGHT, TOP, Style

GAP = 2.0  # between pieces of text
SIDE_GAP = 2.0  # below a box's label, before the next row


@dataclass(frozen=True)
class Text:
    """One line of text: left end of its baseline, size (pt), weight."""

    x: float
    y: float
    size: float
    bold: bool
    text: str


@dataclass(frozen=True)
class Shape:
    """A rectangle (outlined or filled) or, with kind "line", a line from (x, y) to (w, h)."""

    kind: str  # rect, fill, line
    x: float
    y: float
    w: float
    h: float
    stroke: float = 0.3


@dataclass
class Piece:
    """Something placed as a whole: its height and contents, y measured from its top."""

    height: float = 0.0
    texts: list[Text] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    group: Group | None = None  # the group this piece starts (its page is set when placed)
    code_at: Rect | None = None  # a header: where the sheet code is printed
    full: float = 0.0  # the bottom of its full-width ink (text, boxes, lines)
    box_end: float = -CLEAR  # the bottom of its lowest box
    lead_box: bool = False  # whether it begins with a row of boxes


class Writer:
    """Builds one piece: text flows down from y = 0; boxes go on grid rows.

    Full-width text keeps `CLEAR` from any box; text beside a box (its label, a matrix row's
    label) starts `CLEAR` to its side, so the next row only needs a small gap below it.
    """

    def __init__(self, measure: Measure, style: Style, group: Group | None = None):
        self.measure, self.style = measure, style
        self.piece = Piece(group=group)
        self.y = 0.0  # where the next full-width text may start
        self.bottom = 0.0  # the lowest full-width ink (text, boxes, lines)
        self.side = 0.0  # the lowest text beside boxes

    def text(self, x: float, top: float, lines: list[str], size: float, bold=False, side=False):
        """Write lines from `top` at `x`; return the bottom of the last line."""
        height = self.style.line_height(size)
        for index, line in enumerate(lines):
            baseline = top + index * height + size * PT * 1.02
            self.piece.texts.append(Text(x, baseline, size, bold, line))
        bottom = top + height * len(lines)
        if side:
            self.side = max(self.side, bottom)
            self.y = max(self.y, bottom + SIDE_GAP)
        else:
            self.bottom = max(self.bottom, bottom)
        return bottom

    def paragraph(self, text: str, size=None, bold=False, x=LEFT, width=None, gap=1.5) -> float:
        """Write a wrapped paragraph below what is there; return its bottom."""
        size = size or self.style.body
        lines = self.measure.wrap(text, size, bold, width or RIGHT - x)
        bottom = self.text(x, self.y, lines, size, bold)
        self.y = bottom + gap
        return bottom

    def space(self, mm: float) -> None:
        """Leave `mm` of space before the next paragraph."""
        self.y += mm

    def row(self) -> float:
        """Return the first grid row clear of everything written so far."""
        if not (self.piece.texts or self.piece.shapes):
            return 0.0
        after = max(self.bottom + CLEAR, self.side + SIDE_GAP)
        step = self.style.step
        return math.ceil(round(after / step, 6)) * step

    def box(self, column: int, top: float, **meaning) -> Box:
        """Put a box in grid `column` of the row at `top`; keep text clear below it."""
        size = self.style.box
        box = Box(x=LEFT + column * self.style.pitch, y=top, size=size, **meaning)
        self.piece.boxes.append(box)
        inset = self.style.stroke / 2  # the outline's ink stays inside the box
        outline = Shape("rect", box.x + inset, top + inset, size - 2 * inset, size - 2 * inset)
        self.shape(replace(outline, stroke=self.style.stroke))
        self.y = max(self.y, top + size + CLEAR)
        return box

    def shape(self, shape: Shape) -> None:
        """Draw a shape (a line's lowest end counts as its bottom)."""
        self.piece.shapes.append(shape)
        self.bottom = max(self.bottom, shape.h if shape.kind == "line" else shape.y + shape.h)

    def label(self, box: Box, text: str, size=None, bold=False, right=RIGHT) -> float:
        """Write a label right of a box, its first line level with the box; return its bottom."""
        size = size or self.style.body
        x = box.x + box.size + CLEAR
        lines = self.measure.wrap(text, size, bold, right - x)
        top = box.y + box.size / 2 - self.style.line_height(size) / 2
        return self.text(x, top, lines, size, bold, side=True)

    def ruled(self, count: int, x: float = LEFT, right: float = RIGHT) -> tuple[float, float]:
        """Draw `count` writing lines below the text so far; return the first and last line's y."""
        first = self.y + self.style.line_gap
        for index in range(count):
            y = first + index * self.style.line_gap
            self.shape(Shape("line", x, y, right, y, 0.25))
        self.y = first + (count - 1) * self.style.line_gap + 2
        return first, self.y - 2

    def finish(self) -> Piece:
        """Return the piece with its height and what the next piece must keep clear of."""
        piece = self.piece
        piece.height, piece.full = max(self.bottom, self.side), self.bottom
        piece.box_end = max([box.y + box.size for box in piece.boxes], default=-CLEAR)
        piece.lead_box = any(box.y < CLEAR for box in piece.boxes)
        return piece


@dataclass
class PagePlan:
    """What one page shows, the same for every code of a batch."""

    number: int
    texts: list[Text] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    code_text: Rect | None = None


@dataclass(frozen=True)
class Ends:
    """Where the ink placed so far ends: all of it, full-width ink, and boxes."""

    end: float
    full: float
    box: float

    def top_for(self, piece: Piece) -> float:
        """Return the lowest y a piece may start at below this ink (before snapping)."""
        if piece.lead_box:
            return max(self.full + CLEAR, self.end + SIDE_GAP)
        return max(self.end + GAP, self.box + CLEAR)

    def after(self, piece: Piece, top: float) -> Ends:
        """Return where the ink ends once `piece` is placed at `top`."""
        return Ends(
            max(self.end, top + piece.height),
            max(self.full, top + piece.full),
            max(self.box, top + piece.box_end),
        )


class Planner:
    """Places pieces down the pages, each on a grid line, keeping a question together."""

    def __init__(self, style: Style, header):
        self.style, self.header = style, header  # header(page number) -> Piece
        self.pages: list[PagePlan] = []
        self.groups: list[Group] = []
        self.ends = Ends(BOTTOM, BOTTOM, BOTTOM)  # a first page is started by the first piece

    def new_page(self) -> None:
        """Start a page with its header."""
        self.pages.append(PagePlan(len(self.pages) + 1))
        header = self.header(len(self.pages))
        self.put(header, TOP)
        self.ends = Ends(TOP, TOP, TOP - CLEAR).after(header, TOP)

    def snap(self, y: float) -> float:
        """Return the first grid line at or below `y`."""
        step = self.style.step
        return TOP + math.ceil(round((y - TOP) / step, 6)) * step

    def end_of(self, pieces: list[Piece], ends: Ends) -> float:
        """Return where placing `pieces` below `ends` would end."""
        for piece in pieces:
            ends = ends.after(piece, self.snap(ends.top_for(piece)))
        return ends.end

    def place(self, pieces: list[Piece]) -> None:
        """Place pieces together on one page if they fit on one, else one by one."""
        if not self.pages or self.end_of(pieces, self.ends) > BOTTOM:
            header = self.header(len(self.pages) + 1)
            fresh = Ends(TOP, TOP, TOP - CLEAR).after(header, TOP)
            if self.end_of(pieces, fresh) <= BOTTOM:
                self.new_page()
        for piece in pieces:
            self.place_one(piece)

    def place_one(self, piece: Piece) -> None:
        """Place one piece, on a new page if it does not fit here."""
        if not self.pages or self.end_of([piece], self.ends) > BOTTOM:
            self.new_page()
        top = self.snap(self.ends.top_for(piece))
        self.put(piece, top)
        self.ends = self.ends.after(piece, top)

    def put(self, piece: Piece, top: float) -> None:
        """Copy a piece onto the current page, moved down by `top`."""
        page = self.pages[-1]
        page.texts += [replace(text, y=text.y + top) for text in piece.texts]
        page.shapes += [moved(shape, top) for shape in piece.shapes]
        page.boxes += [replace(box, y=box.y + top) for box in piece.boxes]
        page.fields += [replace(area, y=area.y + top) for area in piece.fields]
        if piece.group is not None:
            self.groups.append(replace(piece.group, page=page.number))
        if piece.code_at is not None:
            page.code_text = replace(piece.code_at, y=piece.code_at.y + top)


def moved(shape: Shape, by: float) -> Shape:
    """Return a shape moved down by `by` mm (both ends of a line)."""
    if shape.kind == "line":
        return replace(shape, y=shape.y + by, h=shape.h + by)
    return replace(shape, y=shape.y + by)
