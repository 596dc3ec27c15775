"""One box, measured and judged. The measures come from an upright crop of the box and the
blank space round it (the layout keeps `clear` mm round every box free of print). The box's
printed outline is found in the crop first (within OUTLINE_SEARCH_MM of where the layout
puts it), so a page that is a little stretched or skewed is still measured inside its boxes.

- `outline`: how many of the box's four sides were found printed (a box not where the layout
  says, or covered, finds fewer);
- `tone`: how dark the marks inside are where they are darkest (pen ≈ 0.7, pencil ≈ 0.25);
- `ink`: share of the inside (the box less its outline) covered by ink at least half as dark
  as `tone` (so a light pen and a blurred scan measure the same);
- `faint`: share of the inside darker than paper at all (pencil counts here);
- `rim`: share of the strip between the outline and the inside with a mark on it (a mark in
  a corner of the box);
- `solid`: share of the inside covered by ink wider than any pen line (a fill, not a cross);
- `ring`: share of a band just outside the box with anything on it (circles, arrows, notes);
- `quadrants`: how many quarters of the inside hold ink, and `centre`: the ink in the middle
  (a cross runs through all four quarters and the middle).

The printed rule: a cross counts; a box filled completely does not (a correction). So a box
is EMPTY, CROSSED, FILLED (= cancelled) or UNCLEAR: a faint mark, ink round the box, or a
mark that is neither a cross nor a full fill. Every limit is in thresholds.py."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cache

import lazy_loader as lazy

from participation.paper.layout import Box, Rect
from participation.paper.omr import thresholds as limits
from participation.paper.omr.image import darkness

# Loaded on first use, so a web worker that never reads a scan stays small (issue 12).
cv2 = lazy.load("cv2")
np = lazy.load("numpy")


class BoxState(enum.StrEnum):
    """What a box reads as."""

    EMPTY = "empty"
    CROSSED = "crossed"
    FILLED = "filled"  # filled in completely: cancelled under the printed rule
    UNCLEAR = "unclear"


@dataclass(frozen=True)
class Measures:
    """The ink measures of one box (shares 0…1; see the module docstring)."""

    outline: int
    tone: float
    ink: float
    faint: float
    rim: float
    solid: float
    cover: float
    near: float
    ring: float
    quadrants: int
    centre: float
    spread: float = 1.0  # readings stored before it was measured count as spread out

    def as_dict(self) -> dict:
        """Return the measures rounded, for storing with a reading."""
        return {name: round(float(value), 3) for name, value in vars(self).items()}


@dataclass(frozen=True)
class Edges:
    """Where the box's outline runs on the crop (pixels: the middle of each printed side)
    and how many sides were found."""

    left: float
    top: float
    right: float
    bottom: float
    found: int


def crop_rect(box: Box) -> Rect:
    """Return the part of the page measured for `box`: the box and the band round it."""
    return box.rect.grown(limits.CROP_MARGIN_MM)


def measure(crop: np.ndarray, box: Box, px_per_mm: float = limits.WARP_PX_PER_MM) -> Measures:
    """Return the measures of `box` on `crop` (the upright `crop_rect(box)` at `px_per_mm`)."""
    white = max(float(np.percentile(crop, limits.LOCAL_PAPER_PERCENTILE)), limits.PAPER_MIN)
    raw = darkness(crop, white)
    dark = cv2.GaussianBlur(raw, (3, 3), 0)
    calm = cv2.GaussianBlur(raw, (5, 5), 0)  # scanner noise and JPEG speckles evened out
    edges = outline(dark, box.size, px_per_mm)
    inner = inside(edges, limits.OUTLINE_CLEAR_MM, px_per_mm)
    wide = inside(edges, limits.COVER_CLEAR_MM, px_per_mm)
    marked = calm[inner] >= limits.FAINT_DARKNESS
    tone = float(np.percentile(raw[inner][marked], limits.TONE_PERCENTILE)) if marked.any() else 0.0
    level = max(limits.INK_MIN, tone * limits.INK_SHARE)
    ink = dark[inner] >= level
    return Measures(
        outline=edges.found,
        tone=tone,
        ink=float(ink.mean()) if ink.size else 0.0,
        faint=float(marked.mean()) if marked.size else 0.0,
        rim=rim(dark, edges, px_per_mm),
        solid=solid(ink, px_per_mm),
        cover=cover(dark[wide] >= level),
        near=ring(calm, edges, px_per_mm, limits.NEAR_INNER_MM, limits.RING_INNER_MM),
        ring=ring(calm, edges, px_per_mm, limits.RING_INNER_MM, limits.RING_OUTER_MM),
        quadrants=quadrants(ink),
        centre=centre(ink),
        spread=spread(ink),
    )


def inside(edges: Edges, clear: float, px_per_mm: float) -> tuple[slice, slice]:
    """Return the rows and columns inside the box's outline, `clear` mm from its middle."""
    gap = clear * px_per_mm
    return (
        slice(round(edges.top + gap), round(edges.bottom - gap)),
        slice(round(edges.left + gap), round(edges.right - gap)),
    )


def outline(dark: np.ndarray, size: float, px_per_mm: float) -> Edges:
    """Return where the box's printed sides are: the darkest line along each side within
    OUTLINE_SEARCH_MM of where the layout puts it (the layout's place if none is found)."""
    start = limits.CROP_MARGIN_MM * px_per_mm
    end = start + size * px_per_mm
    inset = limits.OUTLINE_INSET_MM * px_per_mm  # the outline's middle, inside the box
    along = slice(round(start + px_per_mm), round(end - px_per_mm))
    columns, rows = dark[along, :].mean(axis=0), dark[:, along].mean(axis=1)
    found = [
        peak(columns, start + inset, px_per_mm),
        peak(rows, start + inset, px_per_mm),
        peak(columns, end - inset, px_per_mm),
        peak(rows, end - inset, px_per_mm),
    ]
    guess = [start + inset, start + inset, end - inset, end - inset]
    places = [
        spot if spot is not None else default for spot, default in zip(found, guess, strict=True)
    ]
    return Edges(*places, found=sum(spot is not None for spot in found))


def peak(profile: np.ndarray, expected: float, px_per_mm: float) -> float | None:
    """Return the position of the darkest line near `expected` on a profile (of equally dark
    ones, as in a filled box, the nearest), or None if no printed line is there."""
    reach = limits.OUTLINE_SEARCH_MM * px_per_mm
    a, b = max(0, round(expected - reach)), min(len(profile), round(expected + reach) + 1)
    if b <= a or profile[a:b].max() < limits.OUTLINE_MIN:
        return None
    darkest = a + np.nonzero(profile[a:b] >= profile[a:b].max() * 0.9)[0]
    return float(darkest[np.argmin(np.abs(darkest - expected))])


def ring(dark: np.ndarray, edges: Edges, px_per_mm: float, inner: float, outer: float) -> float:
    """Return the share of the band `inner`…`outer` mm outside the box's outline with anything
    on it."""
    gap = outside(dark.shape, edges.left, edges.top, edges.right, edges.bottom) / px_per_mm
    band = (gap >= inner) & (gap < outer)
    return float((dark[band] >= limits.RING_DARKNESS).mean()) if band.any() else 0.0


def outside(shape, left: float, top: float, right: float, bottom: float) -> np.ndarray:
    """Return, per pixel, how far (pixels) it lies outside the rectangle (≤ 0 inside)."""
    ys, xs = grid(shape)
    return np.maximum(np.maximum(left - xs, xs - right), np.maximum(top - ys, ys - bottom))


@cache
def grid(shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Return the row and column index of every pixel of an image of `shape`."""
    ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]]
    return ys.astype(np.float32), xs.astype(np.float32)


def rim(dark: np.ndarray, edges: Edges, px_per_mm: float) -> float:
    """Return the share of the strip just inside the outline (RIM_CLEAR_MM to
    OUTLINE_CLEAR_MM from its middle, left out of the inside) with a mark on it: a mark in a
    corner of the box."""
    strip = np.zeros(dark.shape, dtype=bool)
    strip[inside(edges, limits.RIM_CLEAR_MM, px_per_mm)] = True
    strip[inside(edges, limits.OUTLINE_CLEAR_MM, px_per_mm)] = False
    return float((dark[strip] >= limits.RIM_DARKNESS).mean()) if strip.any() else 0.0


def solid(ink: np.ndarray, px_per_mm: float) -> float:
    """Return the share of the inside covered by ink wider than any pen line (what is left
    after opening the ink with a disc SOLID_MM across)."""
    if not ink.size:
        return 0.0
    size = max(3, int(round(limits.SOLID_MM * px_per_mm)) | 1)
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    return float(cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_OPEN, disc).mean())


def cover(ink: np.ndarray) -> float:
    """Return the ink share of the least inked of nine cells (3 × 3) of the box, measured up
    to COVER_CLEAR_MM from the outline: a box filled completely is inked everywhere, a
    partial fill leaves a cell white."""
    h, w = ink.shape
    if h < 3 or w < 3:
        return 0.0
    rows, cols = np.array_split(np.arange(h), 3), np.array_split(np.arange(w), 3)
    return float(min(ink[r[0] : r[-1] + 1, c[0] : c[-1] + 1].mean() for r in rows for c in cols))


def quadrants(ink: np.ndarray) -> int:
    """Return how many quarters of the inside hold at least QUADRANT_INK of ink."""
    h, w = ink.shape
    parts = [ink[: h // 2, : w // 2], ink[: h // 2, w // 2 :], ink[h // 2 :, : w // 2]]
    parts.append(ink[h // 2 :, w // 2 :])
    return int(sum(part.mean() >= limits.QUADRANT_INK for part in parts if part.size))


def centre(ink: np.ndarray) -> float:
    """Return the ink share of the middle of the inside (CENTRE_SHARE of its width)."""
    h, w = ink.shape
    a, b = int(h * (1 - limits.CENTRE_SHARE) / 2), int(w * (1 - limits.CENTRE_SHARE) / 2)
    middle = ink[a : h - a, b : w - b]
    return float(middle.mean()) if middle.size else 0.0


def spread(ink: np.ndarray) -> float:
    """Return how evenly the ink spreads in every direction: the smaller over the larger
    variance of its pixels' positions along their main axes (one line or band: near 0; two
    crossing lines, an X or a +: near 1)."""
    ys, xs = np.nonzero(ink)
    if len(xs) < 3:
        return 0.0
    small, large = np.linalg.eigvalsh(np.cov(np.vstack([xs, ys]).astype(np.float64)))
    return float(small / large) if large > 0 else 0.0


def judged(m: Measures) -> tuple[BoxState, str | None]:
    """Return what a box with measures `m` reads as, and why it is unclear (or None)."""
    full = is_filled(m)
    if m.outline < limits.OUTLINE_SIDES_MIN and not full:
        return BoxState.UNCLEAR, "outline"  # no printed box here: torn, covered, misplaced
    if m.ring > limits.RING_MAX or (m.near > limits.NEAR_MAX and not full):
        return BoxState.UNCLEAR, "around"  # circled, an arrow, a note (a fill may spill over)
    if m.faint <= limits.EMPTY_MAX and m.rim <= limits.EMPTY_MAX:
        return BoxState.EMPTY, None
    if m.tone < limits.TONE_MIN:
        return BoxState.UNCLEAR, "faint"  # pencil, or a pen nearly dry
    if full:
        return BoxState.FILLED, None
    if is_cross(m):
        return BoxState.CROSSED, None
    return BoxState.UNCLEAR, "partial"  # neither a cross nor filled completely


def is_filled(m: Measures) -> bool:
    """Whether the box is filled in completely: inked all over, every part of it."""
    return m.ink >= limits.FILLED_MIN and m.cover >= limits.FILLED_COVER_MIN


def is_cross(m: Measures) -> bool:
    """Whether the ink looks like a cross: enough, not too much, mostly thin lines (where two
    lines cross, the ink is wider), across the box, through its middle, and spread in two
    directions (two lines, not one)."""
    return (
        limits.CROSS_MIN <= m.ink <= limits.CROSS_MAX
        and m.solid <= m.ink * limits.CROSS_SOLID_SHARE
        and m.quadrants == 4
        and m.centre >= limits.CENTRE_MIN
        and m.spread >= limits.CROSS_SPREAD_MIN
    )
