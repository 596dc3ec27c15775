"""Simulated pen and pencil on a rasterized page: crosses, fills, partial fills, circles,
arrows and notes, drawn in millimetres with anti-aliasing (4× supersampled) and laid over
the page as ink that darkens it. Every shape takes the random generator it varies with."""

from __future__ import annotations

import cv2
import numpy as np

from participation.paper.layout import Box, Rect

SUPERSAMPLE = 4
PEN = (0.62, 0.9)  # how dark a pen's ink is (0 paper … 1 black): blue to black ballpoint
PENCIL = (0.2, 0.42)  # a soft pencil, pressed lightly to firmly
PEN_WIDTH = (0.3, 0.7)  # mm: fine ballpoint to felt-tip
FILL_WIDTH = (0.6, 1.1)


class Patch:
    """Ink drawn on one part of a page (pixel-aligned), then laid over the page."""

    def __init__(self, image: np.ndarray, rect: Rect, px_per_mm: float):
        h, w = image.shape
        self.x0, self.y0 = max(0, int(rect.x * px_per_mm)), max(0, int(rect.y * px_per_mm))
        self.x1 = min(w, int((rect.x + rect.w) * px_per_mm) + 1)
        self.y1 = min(h, int((rect.y + rect.h) * px_per_mm) + 1)
        self.scale = px_per_mm * SUPERSAMPLE
        size = ((self.y1 - self.y0) * SUPERSAMPLE, (self.x1 - self.x0) * SUPERSAMPLE)
        self.ink = np.zeros(size, dtype=np.float32)
        self.image, self.px_per_mm = image, px_per_mm

    def points(self, mm) -> np.ndarray:
        """Return mm points as fixed-point pixel points of the supersampled patch."""
        mm = np.asarray(mm, dtype=np.float64).reshape(-1, 2)
        px = (mm * self.px_per_mm - (self.x0, self.y0)) * SUPERSAMPLE
        return np.round(px * 16).astype(np.int32)  # 4 bits of sub-pixel shift

    def stroke(self, mm, width: float) -> None:
        """Draw a polyline `width` mm wide through the mm points."""
        thickness = max(1, int(round(width * self.scale)))
        cv2.polylines(self.ink, [self.points(mm)], False, 1.0, thickness, cv2.LINE_AA, 4)

    def fill(self, mm) -> None:
        """Fill the polygon with corners at the mm points."""
        cv2.fillPoly(self.ink, [self.points(mm)], 1.0, cv2.LINE_AA, 4)

    def lay(self, darkness: float, grain: np.random.Generator | None = None) -> None:
        """Lay the ink over the page with `darkness` (pencil: `grain` makes it uneven)."""
        ink = np.clip(self.ink, 0, 1)
        if grain is not None:
            ink *= grain.uniform(0.55, 1.0, ink.shape).astype(np.float32)
        small = cv2.resize(
            ink, (self.x1 - self.x0, self.y1 - self.y0), interpolation=cv2.INTER_AREA
        )
        part = self.image[self.y0 : self.y1, self.x0 : self.x1].astype(np.float32)
        self.image[self.y0 : self.y1, self.x0 : self.x1] = np.clip(
            part * (1 - darkness * small), 0, 255
        ).astype(np.uint8)


def patch_for(image: np.ndarray, box: Box, px_per_mm: float, around: float = 14.0) -> Patch:
    """Return a patch covering `box` and `around` mm round it."""
    return Patch(image, box.rect.grown(around), px_per_mm)


def wobbly(rng, start, end, parts: int = 6, wobble: float = 0.12) -> np.ndarray:
    """Return a hand-drawn line from `start` to `end` (mm): slightly bent, never straight."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    t = np.linspace(0, 1, parts + 1)[:, None]
    line = start + (end - start) * t
    normal = np.array([-(end - start)[1], (end - start)[0]]) / max(
        np.linalg.norm(end - start), 1e-6
    )
    bend = rng.uniform(-wobble, wobble) * np.sin(np.pi * t)
    return line + normal * bend


def cross(patch: Patch, rng, box: Box, width: float) -> None:
    """Draw a cross: two strokes of varying length and angle, a little off centre."""
    cx, cy = box.rect.centre
    cx += rng.uniform(-0.1, 0.1) * box.size
    cy += rng.uniform(-0.1, 0.1) * box.size
    for base in (45, 135):
        angle = np.radians(base + rng.uniform(-12, 12))
        half = box.size * rng.uniform(0.3, 0.58)
        direction = np.array([np.cos(angle), np.sin(angle)])
        a = (cx, cy) - direction * half * rng.uniform(0.8, 1.0)
        b = (cx, cy) + direction * half * rng.uniform(0.8, 1.0)
        patch.stroke(wobbly(rng, a, b), width)


def hatch(patch: Patch, rng, area: Rect, width: float) -> None:
    """Fill `area` by going back and forth with the pen, lines closer than the pen is wide."""
    gap = width * rng.uniform(0.45, 0.65)
    horizontal = rng.random() < 0.5
    steps = int((area.h if horizontal else area.w) / gap) + 2
    points = []
    for i in range(steps):
        along = (area.y if horizontal else area.x) + i * gap
        lo, hi = (area.x, area.x + area.w) if horizontal else (area.y, area.y + area.h)
        ends = [lo + rng.uniform(-0.2, 0.2), hi + rng.uniform(-0.2, 0.2)][:: 1 if i % 2 else -1]
        points += [(e, along) if horizontal else (along, e) for e in ends]
    patch.stroke(points, width)


def filled(patch: Patch, rng, box: Box, width: float) -> None:
    """Fill the box completely (the printed correction): hatched over its whole area."""
    margin = rng.uniform(-0.3, 0.1)  # a little over the outline, or just inside it
    hatch(patch, rng, box.rect.grown(margin), width)


def partial(patch: Patch, rng, box: Box, width: float) -> None:
    """Fill part of the box only: a half, a corner, a band across it or a blob in the middle."""
    r, part = box.rect, rng.integers(4)
    share = rng.uniform(0.3, 0.6)
    if part == 0:  # a half
        hatch(patch, rng, Rect(r.x, r.y, r.w * share, r.h), width)
    elif part == 1:  # a corner triangle
        corner = [(r.x, r.y), (r.x + r.w * share * 1.4, r.y), (r.x, r.y + r.h * share * 1.4)]
        patch.fill(corner)
    elif part == 2:  # a band along a diagonal
        t = share * r.w / 2
        patch.fill(
            [
                (r.x, r.y),
                (r.x + t, r.y),
                (r.x + r.w, r.y + r.h - t),
                (r.x + r.w, r.y + r.h),
                (r.x + r.w - t, r.y + r.h),
                (r.x, r.y + t),
            ]
        )
    else:  # a blob in the middle
        side = r.w * share * 0.6
        cx, cy = r.centre
        hatch(patch, rng, Rect(cx - side / 2, cy - side / 2, side, side), width)


def circle(patch: Patch, rng, box: Box, width: float) -> None:
    """Draw a loop round the box, not quite closed, not quite round."""
    cx, cy = box.rect.centre
    radius = box.size / 2 * np.sqrt(2) * rng.uniform(1.02, 1.2)
    start = rng.uniform(0, 2 * np.pi)
    t = np.linspace(start, start + 2 * np.pi * rng.uniform(0.9, 1.05), 48)
    squash = rng.uniform(0.9, 1.1)
    loop = np.stack([cx + radius * np.cos(t) * squash, cy + radius * np.sin(t) / squash], axis=1)
    patch.stroke(loop, width)


def arrow(patch: Patch, rng, box: Box, width: float, direction: float) -> None:
    """Draw an arrow pointing at the box from `direction` (radians, image y down)."""
    cx, cy = box.rect.centre
    unit = np.array([np.cos(direction), np.sin(direction)])
    reach = box.size / 2 / max(abs(unit[0]), abs(unit[1]))  # centre to the box's edge
    tip = np.array([cx, cy]) + unit * (reach + rng.uniform(1.2, 2.0))
    tail = tip + unit * rng.uniform(6, 9)
    patch.stroke(wobbly(rng, tail, tip), width)
    for side in (-1, 1):
        barb = np.radians(25) * side
        rot = np.array([[np.cos(barb), -np.sin(barb)], [np.sin(barb), np.cos(barb)]])
        patch.stroke([tip, tip + rot @ unit * 1.8], width)


def note(patch: Patch, rng, box: Box, width: float, direction: float) -> None:
    """Scribble a short word just beside the box, on the side `direction` points to (one of
    left, right, up, down), its near edge 1.2–2 mm from the box."""
    r, gap = box.rect, rng.uniform(1.2, 2.0)
    letters = int(rng.integers(2, 4))
    w, h = letters * 1.6, 1.8
    side = int(round(direction / (np.pi / 2))) % 4  # 0 right, 1 down, 2 left, 3 up
    cx, cy = r.centre
    left = {0: r.x + r.w + gap, 2: r.x - gap - w}.get(side, cx - w / 2)
    top = {1: r.y + r.h + gap, 3: r.y - gap - h}.get(side, cy - h / 2)
    xs = np.linspace(left, left + w, letters * 3)
    ys = top + h * rng.uniform(0.0, 1.0, len(xs))
    patch.stroke(np.stack([xs, ys], axis=1), width)
