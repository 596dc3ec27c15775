"""The four solid corner markers: dark square blobs of the marker's size, matched to where
the QR code says they must be (or, without a QR code, to the corners of the image), and
checked against the layout's geometry. Three markers are enough (the fourth is inferred and
the page is flagged degraded); fewer, or markers that do not form the layout's rectangle,
mean the page cannot be measured."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import lazy_loader as lazy

from participation.paper.omr import thresholds as limits
from participation.paper.omr.geometry import Frame, Similarity, apply, fit_similarity

# Loaded on first use, so a web worker that never reads a scan stays small (issue 12).
cv2 = lazy.load("cv2")
np = lazy.load("numpy")

# The markers in clockwise order round the page (the layout lists TL, TR, BL, BR).
CLOCKWISE = (0, 1, 3, 2)


@dataclass(frozen=True)
class Blob:
    """A solid, square, dark blob: centre and side (pixels)."""

    x: float
    y: float
    side: float


@dataclass(frozen=True)
class Markers:
    """The four marker centres on the image (TL, TR, BL, BR; pixels), which were seen (an
    inferred one is not), and the similarity that fits them."""

    points: np.ndarray
    seen: tuple[bool, bool, bool, bool]
    fit: Similarity
    error_mm: float

    @property
    def degraded(self) -> bool:
        """Whether a marker was missing and had to be inferred from the other three."""
        return not all(self.seen)


def blobs(image: np.ndarray, white: float, sides: tuple[float, float]) -> list[Blob]:
    """Return the solid dark squares on `image` whose side (pixels) lies within `sides`."""
    ink = (image < white * (1 - limits.MARKER_DARKNESS)).astype(np.uint8)
    count, labels, stats, centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
    low, high = sides
    areas = stats[:, cv2.CC_STAT_AREA]
    found = []
    for label in np.nonzero((areas >= low * low) & (areas <= high * high))[0]:
        if label == 0:
            continue
        blob = square(labels, stats[label], int(label), float(areas[label]))
        if blob is not None:
            found.append(Blob(float(centres[label][0]), float(centres[label][1]), blob))
        if len(found) > limits.MARKER_MAX_BLOBS:
            break  # a photo or noise, not a printed page
    return found


def square(labels: np.ndarray, stat: np.ndarray, label: int, area: float) -> float | None:
    """Return the side of a component if it is a filled square (at any angle), else None."""
    x, y, w, h = (int(v) for v in stat[:4])
    mask = (labels[y : y + h, x : x + w] == label).astype(np.uint8)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    (_, _), (rw, rh), _ = cv2.minAreaRect(max(contours, key=cv2.contourArea))
    rw, rh = rw + 1, rh + 1  # pixel centres to pixel edges
    if (
        area / (rw * rh) < limits.MARKER_FILL_MIN
        or max(rw, rh) / min(rw, rh) > limits.MARKER_ASPECT_MAX
    ):
        return None
    return float(np.sqrt(area))


def side_range(scale: float, frame: Frame, spread: float = 1.0) -> tuple[float, float]:
    """Return the smallest and largest marker side (pixels) at `scale` px/mm (× `spread`)."""
    side, tolerance = frame.marker_size * scale, limits.MARKER_SIZE_TOLERANCE
    return side * (1 - tolerance) / spread, side * (1 + tolerance) * spread


def near_expected(found: list[Blob], expected: np.ndarray, radius: float) -> list[Blob | None]:
    """Return, for every expected centre, the blob nearest to it within `radius` (or None)."""
    picked = []
    for point in expected:
        best = min(found, key=lambda b: np.hypot(b.x - point[0], b.y - point[1]), default=None)
        ok = best is not None and np.hypot(best.x - point[0], best.y - point[1]) <= radius
        picked.append(best if ok else None)
    return picked


def near_corners(found: list[Blob], shape: tuple[int, int], turns: int) -> list[Blob | None]:
    """Return, per marker (TL, TR, BL, BR), the blob nearest to the image corner where that
    marker lies when the page is turned `turns` quarter turns clockwise."""
    h, w = shape
    corners = [(0, 0), (w, 0), (w, h), (0, h)]  # clockwise from top-left
    picked: list[Blob | None] = [None] * 4
    for step, marker in enumerate(CLOCKWISE):
        cx, cy = corners[(step + turns) % 4]
        best = min(found, key=lambda b: np.hypot(b.x - cx, b.y - cy), default=None)
        picked[marker] = best
    return picked


def fitted(frame: Frame, picked: list[Blob | None], scale: float | None) -> Markers | None:
    """Return the markers if at least three of the picked blobs form the frame's rectangle
    (one outlier may be dropped), else None."""
    seen = [i for i, blob in enumerate(picked) if blob is not None]
    if len(set(id(picked[i]) for i in seen)) < len(seen):
        return None  # one blob picked for two corners
    tries = [seen] + [list(c) for c in combinations(seen, 3)] if len(seen) == 4 else [seen]
    for subset in tries:
        if len(subset) < 3:
            continue
        result = checked(frame, picked, subset, scale)
        if result is not None:
            return result
    return None


def checked(frame: Frame, picked, subset: list[int], scale: float | None) -> Markers | None:
    """Return the markers fitted from the blobs in `subset` if their geometry is the frame's."""
    source = frame.marker_points[subset]
    target = np.array([(picked[i].x, picked[i].y) for i in subset])
    fit = fit_similarity(source, target)
    if fit.scale <= 0:
        return None
    error = float(np.linalg.norm(fit.apply(source) - target, axis=1).max()) / fit.scale
    sides = np.array([picked[i].side for i in subset]) / fit.scale
    if error > limits.MARKER_FIT_MM or not size_ok(sides, frame):
        return None
    if scale is not None and abs(fit.scale / scale - 1) > limits.SCALE_TOLERANCE:
        return None
    points = completed(frame, picked, subset)
    seen = tuple(i in subset for i in range(4))
    return Markers(points, seen, fit, error)


def size_ok(sides_mm: np.ndarray, frame: Frame) -> bool:
    """Whether the blobs have the marker's size (mm)."""
    return bool(np.all(np.abs(sides_mm / frame.marker_size - 1) <= limits.MARKER_SIZE_TOLERANCE))


def completed(frame: Frame, picked, subset: list[int]) -> np.ndarray:
    """Return all four centres: the seen ones, and a missing one inferred by the affine map
    the other three define."""
    points = np.array([(b.x, b.y) if b is not None else (np.nan, np.nan) for b in picked])
    if len(subset) == 4:
        return points
    source = frame.marker_points[subset].astype(np.float32)
    affine = cv2.getAffineTransform(source, points[subset].astype(np.float32))
    matrix = np.vstack([affine, [0, 0, 1]])
    missing = [i for i in range(4) if i not in subset][0]
    points[missing] = apply(matrix, frame.marker_points[missing : missing + 1])[0]
    return points
