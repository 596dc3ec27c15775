"""From the scan to the layout's millimetres: the homography the markers define, and upright
images of the whole page or of one part of it at a fixed resolution."""

from __future__ import annotations

import lazy_loader as lazy

from participation.paper.layout import Rect
from participation.paper.omr import thresholds as limits
from participation.paper.omr.geometry import Frame

# Loaded on first use, so a web worker that never reads a scan stays small (issue 12).
cv2 = lazy.load("cv2")
np = lazy.load("numpy")


def homography(frame: Frame, points: np.ndarray) -> np.ndarray:
    """Return the 3×3 map from the layout's millimetres to the image's pixels that takes the
    frame's marker centres onto `points` (TL, TR, BL, BR)."""
    return cv2.getPerspectiveTransform(
        frame.marker_points.astype(np.float32), np.asarray(points, dtype=np.float32)
    ).astype(np.float64)


def region(
    image: np.ndarray, to_image: np.ndarray, rect: Rect, px_per_mm: float = limits.WARP_PX_PER_MM
) -> np.ndarray:
    """Return the part `rect` (mm) of the page, upright, at `px_per_mm` (paper white outside
    the scan)."""
    size = (max(1, round(rect.w * px_per_mm)), max(1, round(rect.h * px_per_mm)))
    half = 0.5 / px_per_mm  # pixel centres
    to_mm = np.array(
        [[1 / px_per_mm, 0, rect.x + half], [0, 1 / px_per_mm, rect.y + half], [0, 0, 1]]
    )
    return cv2.warpPerspective(
        image,
        to_image @ to_mm,
        size,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255,
    )


def page(
    image: np.ndarray, to_image: np.ndarray, width: float, height: float, px_per_mm: float
) -> np.ndarray:
    """Return the whole page, upright, at `px_per_mm`."""
    return region(image, to_image, Rect(0, 0, width, height), px_per_mm)
