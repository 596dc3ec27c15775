"""Reading one scanned page: `read_page` and what it returns (`PageReading`), and the images
the review screen shows (`page_image`, `box_image`)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field, fields

import lazy_loader as lazy

from participation.paper.layout import Box, Layout, Rect
from participation.paper.omr import locate, qr
from participation.paper.omr import thresholds as limits
from participation.paper.omr.boxes import BoxState, Measures, crop_rect, judged, measure
from participation.paper.omr.geometry import NOMINAL, Frame, quarter_turns
from participation.paper.omr.groups import GroupReading, read_groups
from participation.paper.omr.image import as_gray, paper_white, shrunk, work_factor
from participation.paper.omr.markers import Markers
from participation.paper.omr.warp import page, region

# Loaded on first use, so a web worker that never reads a scan stays small (issue 12).
np = lazy.load("numpy")

LayoutFor = Callable[[str], Layout | None]


class Status(enum.StrEnum):
    """What became of a page."""

    READ = "read"  # code and every mark certain
    REVIEW = "review"  # a sheet, but something needs a person: a box, a group, or the code
    UNREADABLE = "unreadable"  # the code is known, but the page cannot be measured
    UNKNOWN_CODE = "unknown_code"  # a valid sheet code (or page) that no batch printed
    NOT_A_SHEET = "not_a_sheet"  # blank, a photo, another form, another paper size


@dataclass(frozen=True)
class BoxReading:
    """One box: what it reads as, why it is unclear (or None), and its ink measures."""

    box: Box
    state: BoxState
    reason: str | None
    measures: Measures


@dataclass(frozen=True)
class PageReading:
    """What was read on one scanned page (see the package docstring)."""

    status: Status
    code: str | None = None
    page: int | None = None
    problem: str | None = None
    degraded: bool = False  # read with three corner markers, the fourth inferred
    turns: int = 0  # quarter turns clockwise the page lay on the scan
    boxes: tuple[BoxReading, ...] = ()
    groups: tuple[GroupReading, ...] = ()
    to_image: tuple[float, ...] | None = field(default=None, repr=False)  # 3×3, mm → px

    @property
    def matrix(self) -> np.ndarray | None:
        """Return the map from the layout's millimetres to the scan's pixels (or None)."""
        return None if self.to_image is None else np.array(self.to_image).reshape(3, 3)

    @property
    def unclear_boxes(self) -> list[BoxReading]:
        """Return the boxes that need a person, also those of an over-voted group."""
        keys = {group.key for group in self.groups if group.unclear}
        return [r for r in self.boxes if r.state is BoxState.UNCLEAR or r.box.group in keys]

    @classmethod
    def from_dict(cls, data: dict, layout: Layout | None) -> PageReading:
        """Return a reading stored with `as_dict` again (its boxes need the sheet's layout;
        the groups are judged again from the boxes)."""
        number = data.get("page")
        printed = (
            layout.pages[number - 1].boxes
            if layout and number and number <= len(layout.pages)
            else []
        )
        names = [
            item.name for item in fields(Measures) if item.name in (data.get("boxes") or [{}])[0]
        ]
        boxes = tuple(
            BoxReading(
                box,
                BoxState(item["state"]),
                item.get("reason"),
                Measures(**{n: item[n] for n in names}),
            )
            for box, item in zip(printed, data.get("boxes") or [], strict=False)
        )
        matrix = data.get("to_image")
        return cls(
            Status(data["status"]),
            data.get("code"),
            number,
            data.get("problem"),
            bool(data.get("degraded")),
            int(data.get("turns") or 0),
            boxes,
            tuple(read_groups(layout.groups, boxes)) if boxes else (),
            tuple(float(v) for v in matrix) if matrix else None,
        )

    def as_dict(self) -> dict:
        """Return the reading as JSON-safe data (boxes in the layout's order of the page)."""
        index = {reading.box: i for i, reading in enumerate(self.boxes)}
        return {
            "status": self.status.value,
            "code": self.code,
            "page": self.page,
            "problem": self.problem,
            "degraded": self.degraded,
            "turns": self.turns,
            "boxes": [
                {"state": r.state.value, "reason": r.reason, **r.measures.as_dict()}
                for r in self.boxes
            ],
            "groups": [group.as_dict(index) for group in self.groups],
            "to_image": None if self.to_image is None else [round(v, 6) for v in self.to_image],
        }


def read_page(
    image: np.ndarray,
    layout_for: LayoutFor,
    prefix: str,
    known: tuple[str, int] | None = None,
) -> PageReading:
    """Return what one scanned page says (see the package docstring)."""
    scan = prepared(as_gray(image))
    if scan is None:
        return PageReading(Status.NOT_A_SHEET, problem="blank")
    hits = locate.codes_on(scan, prefix)
    names = {(hit.code, hit.page) for hit in hits}
    if len(names) == 1:
        return read_coded(scan, hits[0], layout_for, prefix)
    problem = "several_codes" if names else "no_code"
    return read_uncoded(scan, layout_for, prefix, known, problem)


def prepared(gray: np.ndarray) -> locate.Scan | None:
    """Return the scan ready for finding things, or None for a blank or tiny image."""
    if min(gray.shape) < limits.MIN_SIDE_PX:
        return None
    factor = work_factor(gray, NOMINAL.height)
    work = shrunk(gray, factor)
    white = paper_white(work)
    if (work < white * (1 - limits.INK_DARKNESS)).mean() < limits.BLANK_INK:
        return None
    return locate.Scan(gray, work, factor, white)


def read_coded(scan: locate.Scan, hit: qr.Found, layout_for: LayoutFor, prefix: str):
    """Return the reading of a page whose QR code was found."""
    layout = layout_for(hit.code)
    if layout is None or hit.page > len(layout.pages):
        return PageReading(Status.UNKNOWN_CODE, hit.code, hit.page, problem="unknown_code")
    frame = Frame.of(layout, hit.page)
    fit = locate.markers_from_code(scan, frame, hit)
    if fit is None:
        return PageReading(Status.UNREADABLE, hit.code, hit.page, problem="markers")
    to_image = locate.to_image(scan, frame, fit)
    if read_in_place(scan, frame, to_image, prefix) != (hit.code, hit.page):
        return located(Status.REVIEW, fit, to_image, problem="code_position")
    return marks(scan, layout, hit.code, hit.page, fit, to_image)


def read_uncoded(scan, layout_for, prefix, known, problem) -> PageReading:
    """Return the reading of a page with no one sheet code found anywhere: if its markers are
    there, try the QR code at its place; else use the code staff typed (`known`)."""
    typed = layout_for(known[0]) if known else None
    boxes = typed.pages[known[1] - 1].boxes if typed and known[1] <= len(typed.pages) else ()
    fit = locate.upright(scan, NOMINAL, locate.markers_from_corners(scan, NOMINAL), boxes)
    if fit is None:
        status = Status.UNREADABLE if known else Status.NOT_A_SHEET
        return PageReading(status, *(known or (None, None)), problem="markers")
    to_image = locate.to_image(scan, NOMINAL, fit)
    names = read_in_place(scan, NOMINAL, to_image, prefix) if problem == "no_code" else None
    if names is None and known is None:
        return located(Status.REVIEW, fit, to_image, problem=problem)
    code, number = names or known
    layout = layout_for(code)
    if layout is None or number > len(layout.pages):
        return PageReading(Status.UNKNOWN_CODE, code, number, problem="unknown_code")
    return marks(scan, layout, code, number, fit, to_image)


def read_in_place(scan, frame: Frame, to_image: np.ndarray, prefix: str):
    """Return the code and page of the QR code where the layout prints it (or None)."""
    crop = region(scan.gray, to_image, frame.qr.grown(frame.qr_quiet))
    return qr.read_upright(crop, prefix)


def located(status: Status, fit: Markers, to_image: np.ndarray, problem: str) -> PageReading:
    """Return the reading of a sheet whose code is not known (for review: the page can be
    shown upright, and read again once staff type its code)."""
    return PageReading(
        status,
        problem=problem,
        degraded=fit.degraded,
        turns=quarter_turns(fit.fit.angle),
        to_image=tuple(float(v) for v in to_image.ravel()),
    )


def marks(scan, layout: Layout, code: str, number: int, fit: Markers, to_image) -> PageReading:
    """Return the reading of every box and group on page `number` of the sheet `code`."""
    boxes = tuple(box_reading(scan.gray, to_image, box) for box in layout.pages[number - 1].boxes)
    groups = tuple(read_groups(layout.groups, boxes))
    review = any(group.unclear for group in groups)
    return PageReading(
        Status.REVIEW if review else Status.READ,
        code,
        number,
        problem="marks" if review else None,
        degraded=fit.degraded,
        turns=quarter_turns(fit.fit.angle),
        boxes=boxes,
        groups=groups,
        to_image=tuple(float(v) for v in to_image.ravel()),
    )


def box_reading(gray: np.ndarray, to_image: np.ndarray, box: Box) -> BoxReading:
    """Return what one box reads as."""
    measures = measure(region(gray, to_image, crop_rect(box)), box)
    state, reason = judged(measures)
    return BoxReading(box, state, reason, measures)


def page_image(
    image: np.ndarray, reading: PageReading, px_per_mm: float = limits.WARP_PX_PER_MM
) -> np.ndarray | None:
    """Return the scanned page upright and straightened (A4 at `px_per_mm`), or None if the
    page could not be located."""
    if reading.matrix is None:
        return None
    return page(as_gray(image), reading.matrix, NOMINAL.width, NOMINAL.height, px_per_mm)


def box_image(
    image: np.ndarray,
    reading: PageReading,
    box: Box,
    around: float = limits.REVIEW_AROUND_MM,
    px_per_mm: float = limits.REVIEW_PX_PER_MM,
    beside: float = 0.0,
) -> np.ndarray | None:
    """Return an enlarged, upright crop of `box` with `around` mm of its surroundings (and
    `beside` mm more to its right, where its printed label is)."""
    if reading.matrix is None:
        return None
    rect = Rect(box.x, box.y, box.size + beside, box.size).grown(around)
    return region(as_gray(image), reading.matrix, rect, px_per_mm)
