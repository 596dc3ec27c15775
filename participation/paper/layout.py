"""The ONE description of where things are on a printed sheet, shared by the PDF, the manual
entry screen and the scan reader.

Millimetres, origin at the top-left corner of the page, y downwards. A sheet has one or more
pages; every page carries the four corner markers (solid squares), a QR code that encodes the
sheet code ("CODE" on page 1, "CODE/2" on page 2 …) and its boxes. Every box lies on the fixed
grid (x = grid_x + i·pitch, y = grid_y + j·step; pitch = box + clear, step = pitch / 2); boxes
are at least `clear` apart, and nothing else is printed within `clear` of a box. What a box
means:

- vote: kind "option" (option = the vote option's id) or "abstain";
- survey: kind "option" / "other" (single and multiple choice), "yes" / "no" (yes/no), "point"
  (scale: value = the point; matrix: option = the row's id, value = the point), "rank"
  (ranking: option = the item's id, value = the place, 1 = first);
- idea: kind "category" / "district" (value = the name) or "consent".

Write-in areas (text and number answers, "other", the idea's title, text and name) are fields.
The stored dict is what `Layout.to_dict()` returns; `Layout.from_dict` reads it back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

VERSION = 1
A4 = (210.0, 297.0)


@dataclass(frozen=True)
class Rect:
    """A rectangle: top-left corner, width and height (mm)."""

    x: float
    y: float
    w: float
    h: float

    def grown(self, by: float) -> Rect:
        """Return the rectangle with `by` mm more on every side."""
        return Rect(self.x - by, self.y - by, self.w + 2 * by, self.h + 2 * by)

    def overlaps(self, other: Rect) -> bool:
        """Whether the two rectangles share any area."""
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )

    def inside(self, other: Rect) -> bool:
        """Whether this rectangle lies entirely within `other`."""
        return (
            self.x >= other.x
            and self.y >= other.y
            and self.x + self.w <= other.x + other.w
            and self.y + self.h <= other.y + other.h
        )

    @property
    def centre(self) -> tuple[float, float]:
        """Return the centre point."""
        return (self.x + self.w / 2, self.y + self.h / 2)


@dataclass(frozen=True)
class Box:
    """A check box: where (top-left, size) and what a mark in it means."""

    x: float
    y: float
    size: float
    group: str  # the Group it answers, e.g. "vote", "q12", "category"
    kind: str  # option, abstain, other, yes, no, point, rank, category, district, consent
    label: str  # the printed text next to it (for the entry screen)
    question: int | None = None
    option: int | None = None  # vote option, survey option, matrix row or ranked item
    value: int | str | None = None  # scale point, place, yes 1 / no 0, category or district

    @property
    def rect(self) -> Rect:
        """Return the box as a rectangle."""
        return Rect(self.x, self.y, self.size, self.size)


@dataclass(frozen=True)
class Field:
    """A write-in area (ruled lines or a frame): where, and which answer it holds."""

    x: float
    y: float
    w: float
    h: float
    group: str
    kind: str  # text, number, other, title, description, name
    label: str
    question: int | None = None
    lines: int = 1

    @property
    def rect(self) -> Rect:
        """Return the area as a rectangle."""
        return Rect(self.x, self.y, self.w, self.h)


@dataclass(frozen=True)
class Group:
    """One question (or the ballot, or a part of an idea card) in sheet order."""

    key: str
    kind: str  # the vote kind, the question type, or category/district/consent/title/…
    label: str
    page: int
    question: int | None = None
    number: int | None = None  # the question's printed number
    limit: int | None = None  # most marks allowed (None: no limit printed)


@dataclass(frozen=True)
class Page:
    """One printed page of a sheet: the QR code's square, the code text, boxes and fields."""

    number: int
    qr: Rect
    code_text: Rect
    boxes: list[Box] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)


@dataclass(frozen=True)
class Layout:
    """Where everything is on every page of a sheet of one batch (the same for all its codes)."""

    kind: str  # vote, survey, idea
    subject: int | None  # the vote's or survey's id
    variant: str
    locale: str
    width: float
    height: float
    marker_size: float
    markers: list[tuple[float, float]]  # centres: top-left, top-right, bottom-left, bottom-right
    box_size: float
    clear: float  # blank space kept around every box and marker
    grid_x: float
    grid_y: float
    pitch: float  # horizontal grid step
    step: float  # vertical grid step
    qr_size: float
    qr_quiet: float  # blank margin around the QR code
    pages: list[Page]
    groups: list[Group]
    version: int = VERSION

    def to_dict(self) -> dict:
        """Return the layout as JSON-safe data (rounded to 1/100 mm)."""
        return rounded(asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> Layout:
        """Return the layout stored as `to_dict()` wrote it."""
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        values["markers"] = [tuple(point) for point in data["markers"]]
        values["pages"] = [page_from_dict(page) for page in data["pages"]]
        values["groups"] = [Group(**group) for group in data["groups"]]
        return cls(**values)

    @property
    def page_rect(self) -> Rect:
        """Return the whole page."""
        return Rect(0, 0, self.width, self.height)

    def marker_rects(self) -> list[Rect]:
        """Return the four solid corner markers."""
        half = self.marker_size / 2
        size = self.marker_size
        return [Rect(x - half, y - half, size, size) for x, y in self.markers]

    def keep_clear(self, page: int) -> list[Rect]:
        """Return the zones of `page` where nothing but a marker or the QR code is printed."""
        zones = [marker.grown(self.clear) for marker in self.marker_rects()]
        return zones + [self.pages[page - 1].qr.grown(self.qr_quiet)]


def page_from_dict(data: dict) -> Page:
    """Return a page from its stored form."""
    return Page(
        number=data["number"],
        qr=Rect(**data["qr"]),
        code_text=Rect(**data["code_text"]),
        boxes=[Box(**box) for box in data["boxes"]],
        fields=[Field(**item) for item in data["fields"]],
    )


def rounded(value):
    """Return `value` with every float rounded to two decimals and tuples as lists."""
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(item) for item in value]
    return value


def qr_text(code: str, page: int = 1) -> str:
    """Return what the QR code on `page` of the sheet `code` encodes."""
    return code if page == 1 else f"{code}/{page}"


def read_qr(text: str) -> tuple[str, int]:
    """Return the sheet code and page number a QR code's text names."""
    code, _slash, page = text.strip().partition("/")
    return code, int(page) if page.isdigit() else 1


def boxes_for(layout: Layout, page: int | None = None) -> list[Box]:
    """Return the boxes of one page (or of every page), in sheet order."""
    pages = layout.pages if page is None else [layout.pages[page - 1]]
    return [box for each in pages for box in each.boxes]


def fields_for(layout: Layout, page: int | None = None) -> list[Field]:
    """Return the write-in areas of one page (or of every page), in sheet order."""
    pages = layout.pages if page is None else [layout.pages[page - 1]]
    return [item for each in pages for item in each.fields]


def marks_by_group(layout: Layout) -> list[tuple[Group, list[Box], list[Field]]]:
    """Return every group in sheet order with its boxes and write-in areas."""
    boxes, areas = boxes_for(layout), fields_for(layout)
    return [
        (
            group,
            [box for box in boxes if box.group == group.key],
            [area for area in areas if area.group == group.key],
        )
        for group in layout.groups
    ]


def page_of_box(layout: Layout, box: Box) -> int:
    """Return the page number a box is printed on."""
    for page in layout.pages:
        if box in page.boxes:
            return page.number
    raise ValueError("box not in layout")
