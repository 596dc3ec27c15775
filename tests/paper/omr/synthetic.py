"""Synthetic scans for measuring the scan reader: sheets printed by the real generator
(pdf.render_batch), rasterized with pypdfium2, marked with simulated pen and pencil, and put
through a simulated scanner (turned, skewed, shifted, blurred, noisy, JPEG-compressed). Each
page knows the truth: what every box says and which groups a person must look at.

Mark styles (what the person filling in did):
- "pen": dark pen crosses within the rules, some questions left out, now and then a
  correction (a box filled in completely, the cross put elsewhere);
- "corrections": as "pen", but a correction in most questions;
- "pencil": as "pen", with some crosses in pencil (faint: must go to review);
- "around": as "pen", with circles round boxes, arrows and notes next to them (review);
- "partial": as "pen", with partly filled boxes and a question crossed too often (review).
Everything is drawn from a seeded generator: the same seed gives the same scans."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2

from participation.core.codes import ALPHABET, check_character, grouped
from participation.paper.layout import Box, Group, Layout, Rect
from participation.paper.omr.boxes import BoxState
from tests.paper.omr import ink

STYLES = ("pen", "corrections", "pencil", "around", "partial")
TRUTH = {
    "empty": BoxState.EMPTY,
    "cross": BoxState.CROSSED,
    "fill": BoxState.FILLED,
    "corrected": BoxState.FILLED,  # crossed first, then filled in
    "pencil": BoxState.UNCLEAR,
    "circle": BoxState.UNCLEAR,
    "circled_cross": BoxState.UNCLEAR,
    "arrow": BoxState.UNCLEAR,
    "note": BoxState.UNCLEAR,
    "partial": BoxState.UNCLEAR,
}


@dataclass(frozen=True)
class Scanner:
    """How a page goes through the scanner (upper limits; each page draws its own values)."""

    name: str
    turns: tuple[int, ...] = (0,)  # quarter turns clockwise, one drawn per page
    angle: float = 0.0  # degrees of skew, drawn from ±[min(1, angle), angle]
    shift: float = 0.0  # mm
    blur: float = 0.4  # Gaussian sigma in pixels at 150 dpi
    noise: float = 2.0  # standard deviation in grey levels
    jpeg: tuple[int, int] | None = None  # JPEG quality range


SCANNERS = {
    "clean": Scanner("clean"),
    "skewed": Scanner("skewed", angle=5.0, shift=5.0, blur=0.7, noise=3.0),
    "turned": Scanner("turned", turns=(1, 2, 3), angle=2.0, shift=3.0, blur=0.7, noise=3.0),
    "rough": Scanner("rough", angle=2.0, shift=3.0, blur=1.3, noise=8.0, jpeg=(45, 70)),
}


@dataclass(frozen=True)
class Printed:
    """A printed batch: its PDF, its layout, and the codes in order."""

    data: bytes
    layout: Layout
    codes: list[str]


@dataclass
class Scan:
    """One synthetic scanned page and the truth about it."""

    image: np.ndarray
    code: str
    page: int
    layout: Layout
    marks: list[str]  # per box of the page, in order: a key of TRUTH
    unclear_groups: set[str]  # groups a person must look at
    dpi: int
    scanner: str
    style: str

    @property
    def truth(self) -> list[BoxState]:
        """Return what every box of the page says, in order."""
        return [TRUTH[mark] for mark in self.marks]


def sheet_codes(rng: np.random.Generator, count: int, prefix: str = "PN") -> list[str]:
    """Return `count` valid sheet codes drawn from `rng`."""
    made = []
    for _ in range(count):
        body = "".join(ALPHABET[i] for i in rng.integers(0, len(ALPHABET), 8))
        made.append(f"{prefix}-{grouped(body)}-{check_character(body)}")
    return made


def rasterized(data: bytes, dpi: int) -> list[np.ndarray]:
    """Return every page of a PDF as grey pixels at `dpi`."""
    document = pypdfium2.PdfDocument(data)
    try:
        return [
            np.array(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            for page in document
        ]
    finally:
        document.close()


def scans(
    printed: Printed,
    dpi: int,
    scanner: Scanner,
    style: str,
    rng: np.random.Generator,
    sheets: list[int] | None = None,
    pages: list[np.ndarray] | None = None,
) -> Iterator[Scan]:
    """Yield every page of the sheets (indexes; default all) of a printed batch, marked in
    `style` and scanned (`pages`: the batch already rasterized at `dpi`)."""
    pages = pages if pages is not None else rasterized(printed.data, dpi)
    per_sheet = len(printed.layout.pages)
    for index in sheets if sheets is not None else range(len(printed.codes)):
        for number in range(1, per_sheet + 1):
            image = pages[index * per_sheet + number - 1].copy()
            marks, unclear = planned(printed.layout, number, style, rng)
            drawn(image, printed.layout, number, marks, dpi, rng)
            image = scanned(image, dpi, scanner, rng)
            code = printed.codes[index]
            yield Scan(
                image, code, number, printed.layout, marks, unclear, dpi, scanner.name, style
            )


# What the person does -------------------------------------------------------------------


def page_groups(layout: Layout, number: int) -> list[tuple[Group, list[int]]]:
    """Return the groups with boxes on page `number` and the indexes of their boxes."""
    boxes = layout.pages[number - 1].boxes
    return [
        (group, [i for i, box in enumerate(boxes) if box.group == group.key])
        for group in layout.groups
        if any(box.group == group.key for box in boxes)
    ]


def planned(layout: Layout, number: int, style: str, rng) -> tuple[list[str], set[str]]:
    """Return the marks for every box of a page (a key of TRUTH each) and the groups a person
    must look at."""
    boxes = layout.pages[number - 1].boxes
    marks = ["empty"] * len(boxes)
    groups = page_groups(layout, number)
    correcting = {"corrections": 0.7}.get(style, 0.12)
    for group, members in groups:
        for i in crosses_for(group, members, boxes, rng):
            marks[i] = "cross"
        free = [i for i in members if marks[i] == "empty"]
        if free and rng.random() < correcting:
            marks[int(rng.choice(free))] = "fill" if rng.random() < 0.5 else "corrected"
    unclear: set[str] = set()
    if style in ("pencil", "around", "partial"):
        unclear |= spoiled(layout, number, marks, style, rng)
    if style == "partial":
        unclear |= over_voted(groups, boxes, marks, rng)
    return marks, unclear


def crosses_for(group: Group, members: list[int], boxes: list[Box], rng) -> list[int]:
    """Return the boxes a careful person crosses in a group: within its rule, or none."""
    if rng.random() < 0.12:
        return []
    if group.kind == "matrix":
        rows: dict = {}
        for i in members:
            rows.setdefault(boxes[i].option, []).append(i)
        return [int(rng.choice(row)) for row in rows.values() if rng.random() < 0.85]
    if group.kind == "ranking":
        items = sorted({boxes[i].option for i in members})
        places = sorted({boxes[i].value for i in members})
        count = int(rng.integers(1, min(len(items), len(places)) + 1))
        chosen = rng.permutation(items)[:count]
        by_key = {(boxes[i].option, boxes[i].value): i for i in members}
        return [by_key[(item, place)] for item, place in zip(chosen, places, strict=False)]
    abstain = [i for i in members if boxes[i].kind == "abstain"]
    answers = [i for i in members if boxes[i].kind != "abstain"]
    if abstain and rng.random() < 0.1:
        return abstain
    limit = min(group.limit or len(answers), len(answers))
    count = int(rng.integers(1, limit + 1))
    return [int(i) for i in rng.permutation(answers)[:count]]


def spoiled(layout: Layout, number: int, marks: list[str], style: str, rng) -> set[str]:
    """Change one to three boxes to what a person must look at; return their groups."""
    boxes = layout.pages[number - 1].boxes
    if not boxes:
        return set()
    count = min(len(boxes), int(rng.integers(1, 4)))
    touched = set()
    for i in rng.permutation(len(boxes))[:count]:
        kind = spoil_kind(style, marks[i], rng)
        if (
            kind in ("arrow", "note")
            and free_direction(layout, number, boxes[i], kind, rng) is None
        ):
            kind = "circled_cross" if marks[i] == "cross" else "circle"
        marks[i] = kind
        touched.add(boxes[i].group)
    return touched


def spoil_kind(style: str, mark: str, rng) -> str:
    """Return how a box is spoiled in `style`."""
    if style == "pencil":
        return "pencil"
    if style == "partial":
        return "partial"
    kind = str(rng.choice(["circle", "arrow", "note"]))
    return "circled_cross" if kind == "circle" and mark == "cross" else kind


def over_voted(groups, boxes: list[Box], marks: list[str], rng) -> set[str]:
    """Cross one more box than allowed in one group that has a limit; return its key."""
    for index in rng.permutation(len(groups)):
        group, members = groups[index]
        crossed = [i for i in members if marks[i] == "cross"]
        free = [i for i in members if marks[i] == "empty" and boxes[i].kind != "abstain"]
        if group.limit is None or group.kind in ("matrix", "ranking") or not free:
            continue
        while len(crossed) <= group.limit and free:
            pick = free.pop(int(rng.integers(len(free))))
            marks[pick] = "cross"
            crossed.append(pick)
        if len(crossed) > group.limit:
            return {group.key}
    return set()


def free_direction(layout: Layout, number: int, box: Box, kind: str, rng) -> float | None:
    """Return a direction (radians) an arrow or a note can come from without touching
    another box, a marker or the QR code (None if there is none)."""
    page = layout.pages[number - 1]
    others = [b.rect.grown(0.8) for b in page.boxes if b != box]
    fixed = [m.grown(2) for m in layout.marker_rects()] + [page.qr.grown(2)]
    steps = 4 if kind == "note" else 8
    for k in rng.permutation(steps):
        direction = 2 * np.pi * k / steps
        reach = Rect(*swept(box, direction, 12.0 if kind == "arrow" else 7.5))
        if not any(reach.overlaps(o) for o in others + fixed) and reach.inside(layout.page_rect):
            return direction
    return None


def swept(box: Box, direction: float, length: float) -> tuple[float, float, float, float]:
    """Return the rectangle an arrow or a note from `direction` can cover beside the box."""
    cx, cy = box.rect.centre
    unit = np.array([np.cos(direction), np.sin(direction)])
    a = np.array([cx, cy]) + unit * (box.size / 2 + 0.8)
    b = np.array([cx, cy]) + unit * (box.size / 2 + length)
    side = np.array([-unit[1], unit[0]]) * 3.0
    corners = np.array([a + side, a - side, b + side, b - side])
    (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
    return float(x0), float(y0), float(x1 - x0), float(y1 - y0)


def drawn(image: np.ndarray, layout: Layout, number: int, marks: list[str], dpi: int, rng):
    """Draw the marks of a page onto its image."""
    px_per_mm = dpi / 25.4
    for box, mark in zip(layout.pages[number - 1].boxes, marks, strict=True):
        if mark != "empty":
            draw_mark(image, layout, number, box, mark, px_per_mm, rng)


def draw_mark(image, layout: Layout, number: int, box: Box, mark: str, px_per_mm: float, rng):
    """Draw one mark on one box."""
    dark, width = rng.uniform(*ink.PEN), rng.uniform(*ink.PEN_WIDTH)
    around = {"arrow": 13.0, "note": 9.0, "circle": 4.0, "circled_cross": 4.0}.get(mark, 1.5)
    patch = ink.patch_for(image, box, px_per_mm, around)
    if mark in ("cross", "corrected", "circled_cross"):
        ink.cross(patch, rng, box, width)
    if mark in ("fill", "corrected"):
        ink.filled(patch, rng, box, rng.uniform(*ink.FILL_WIDTH))
    elif mark == "pencil":
        ink.cross(patch, rng, box, width)
        patch.lay(rng.uniform(*ink.PENCIL), grain=rng)
        return
    elif mark == "partial":
        ink.partial(patch, rng, box, rng.uniform(*ink.FILL_WIDTH))
    elif mark in ("circle", "circled_cross"):
        ink.circle(patch, rng, box, width)
    elif mark in ("arrow", "note"):
        direction = free_direction(layout, number, box, mark, rng)
        (ink.arrow if mark == "arrow" else ink.note)(patch, rng, box, width, direction)
    patch.lay(dark)


# What the scanner does ------------------------------------------------------------------


def scanned(image: np.ndarray, dpi: int, scanner: Scanner, rng) -> np.ndarray:
    """Return the page as `scanner` delivers it."""
    paper, black = rng.uniform(226, 250), rng.uniform(12, 40)
    tones = np.clip(black + np.arange(256) * ((paper - black) / 255), 0, 255).astype(np.uint8)
    image = cv2.LUT(image, tones)
    image = np.ascontiguousarray(np.rot90(image, -int(rng.choice(scanner.turns))))
    image = skewed(image, dpi, scanner, paper, rng)
    if scanner.blur:
        sigma = rng.uniform(0.3, scanner.blur) * dpi / 150
        image = cv2.GaussianBlur(image, (0, 0), sigma)
    image = noisy(image, scanner.noise, rng)
    if scanner.jpeg:
        quality = int(rng.integers(*scanner.jpeg))
        _, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
        image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    return image


def noisy(image: np.ndarray, sigma: float, rng) -> np.ndarray:
    """Return the image with Gaussian sensor noise (OpenCV's generator, seeded from `rng`)."""
    noise = np.empty(image.shape, np.int16)
    cv2.setRNGSeed(int(rng.integers(2**31)))
    cv2.randn(noise, 0, sigma)
    return np.clip(image.astype(np.int16) + noise, 0, 255).astype(np.uint8)


def skewed(image: np.ndarray, dpi: int, scanner: Scanner, paper: float, rng) -> np.ndarray:
    """Return the page turned by a few degrees and shifted on the glass."""
    if not scanner.angle and not scanner.shift:
        return image
    low = min(1.0, scanner.angle)
    angle = rng.uniform(low, scanner.angle) * rng.choice([-1, 1])
    h, w = image.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), float(angle), 1.0)
    matrix[:, 2] += rng.uniform(-scanner.shift, scanner.shift, 2) * dpi / 25.4
    return cv2.warpAffine(
        image,
        matrix,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=float(paper),
    )
