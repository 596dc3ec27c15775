"""Finding the page on a scan: the QR code anywhere (its code, and which way up the page
lies), then the corner markers where the QR code says they are (or, with no QR code, at the
corners of the image), giving the map from the layout's millimetres to the scan's pixels."""

from __future__ import annotations

from dataclasses import dataclass

import lazy_loader as lazy

from participation.paper.omr import markers as corner
from participation.paper.omr import qr
from participation.paper.omr import thresholds as limits
from participation.paper.omr.geometry import Frame, apply, fit_similarity
from participation.paper.omr.image import darkness
from participation.paper.omr.markers import Markers
from participation.paper.omr.warp import homography, region

# Loaded on first use, so a web worker that never reads a scan stays small (issue 12).
np = lazy.load("numpy")


@dataclass(frozen=True)
class Scan:
    """A scan prepared for finding things: the grey page, its small copy and paper white."""

    gray: np.ndarray
    work: np.ndarray
    factor: float  # work pixels per scan pixel
    white: float

    def to_scan(self, points: np.ndarray) -> np.ndarray:
        """Return points on the small copy as points on the scan (pixel centres kept)."""
        return (np.asarray(points) + 0.5) / self.factor - 0.5

    def to_work(self, points: np.ndarray) -> np.ndarray:
        """Return points on the scan as points on the small copy."""
        return (np.asarray(points) + 0.5) * self.factor - 0.5


def codes_on(scan: Scan, prefix: str) -> list[qr.Found]:
    """Return the sheet QR codes on the scan (corners in scan pixels): looked for on the small
    copy first, then, if none is there, on the full scan."""
    found = [
        qr.Found(hit.code, hit.page, scan.to_scan(hit.corners))
        for hit in qr.find(scan.work, prefix)
    ]
    if not found and scan.factor < 1:
        found = qr.find(scan.gray, prefix, thorough=True)
    return found


def markers_from_code(scan: Scan, frame: Frame, hit: qr.Found) -> Markers | None:
    """Return the markers found where the QR code's position says they are."""
    guess = fit_similarity(frame.qr_corners(), scan.to_work(hit.corners))
    found = corner.blobs(scan.work, scan.white, corner.side_range(guess.scale, frame))
    radius = limits.MARKER_SEARCH_MM * guess.scale
    picked = corner.near_expected(found, guess.apply(frame.marker_points), radius)
    return corner.fitted(frame, picked, guess.scale)


def markers_from_corners(scan: Scan, frame: Frame) -> list[Markers]:
    """Return the marker fits found at the image's corners, for each way the page may lie
    (a fit and its half-turned twin both fit the symmetric markers: see `upright`)."""
    scale = max(scan.work.shape) / frame.height  # if the page fills the scan
    sides = corner.side_range(scale, frame, spread=limits.PAGE_SCALE_SPREAD)
    found = corner.blobs(scan.work, scan.white, sides)
    fits = []
    for turns in range(4):
        fit = corner.fitted(frame, corner.near_corners(found, scan.work.shape, turns), None)
        if fit is not None:
            fits.append(fit)
    return fits


def upright(scan: Scan, frame: Frame, fits: list[Markers], boxes=()) -> Markers | None:
    """Return the fit that puts the page the right way up: the one with the most ink where
    the QR code and (if the layout is known) the boxes' outlines are printed."""
    if not fits:
        return None
    return max(
        fits, key=lambda fit: qr_ink(scan, frame, fit) + outline_ink(scan, frame, fit, boxes)
    )


def qr_ink(scan: Scan, frame: Frame, fit: Markers) -> float:
    """Return the share of ink in the QR code's square if the page lies as `fit` says."""
    square = region(scan.work, homography(frame, fit.points), frame.qr, limits.WORK_PX_PER_MM)
    return float((darkness(square, scan.white) >= limits.INK_DARKNESS).mean())


def outline_ink(scan: Scan, frame: Frame, fit: Markers, boxes) -> float:
    """Return how dark the scan is along the boxes' outlines if the page lies as `fit` says."""
    if not boxes:
        return 0.0
    t = np.linspace(0.1, 0.9, 5)
    points = np.concatenate(
        [
            np.stack([x + box.size * t, np.full_like(t, y)], axis=1)
            for box in boxes
            for x, y in ((box.x, box.y), (box.x, box.y + box.size))
        ]
        + [
            np.stack([np.full_like(t, x), box.y + box.size * t], axis=1)
            for box in boxes
            for x in (box.x, box.x + box.size)
        ]
    )
    pixels = np.round(apply(homography(frame, fit.points), points)).astype(int)
    h, w = scan.work.shape
    inside = (pixels[:, 0] >= 0) & (pixels[:, 0] < w) & (pixels[:, 1] >= 0) & (pixels[:, 1] < h)
    values = scan.work[pixels[inside, 1], pixels[inside, 0]]
    return float(darkness(values, scan.white).sum() / len(points))


def to_image(scan: Scan, frame: Frame, fit: Markers) -> np.ndarray:
    """Return the map from the layout's millimetres to the scan's pixels."""
    return homography(frame, scan.to_scan(fit.points))
