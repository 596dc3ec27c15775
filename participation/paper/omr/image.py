"""Pixels in: any scanner image as grey levels, a small copy for finding things, paper white."""

from __future__ import annotations

import lazy_loader as lazy

from participation.paper.omr import thresholds as limits

# Loaded on first use, so a web worker that never reads a scan stays small (issue 12).
cv2 = lazy.load("cv2")
np = lazy.load("numpy")


def as_gray(image: np.ndarray) -> np.ndarray:
    """Return `image` (grey, BGR or BGRA; any integer or float type) as grey uint8."""
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim == 3:
        code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
        image = cv2.cvtColor(to_uint8(image), code)
    if image.ndim != 2:
        raise ValueError("expected a grey or colour image")
    return np.ascontiguousarray(to_uint8(image))


def to_uint8(image: np.ndarray) -> np.ndarray:
    """Return `image` as uint8 (16-bit scans scaled down, floats taken as 0…1)."""
    if image.dtype == np.uint8:
        return image
    if image.dtype == np.uint16:
        return (image >> 8).astype(np.uint8)
    if np.issubdtype(image.dtype, np.floating):
        return (np.clip(image, 0, 1) * 255 + 0.5).astype(np.uint8)
    return np.clip(image, 0, 255).astype(np.uint8)


def work_factor(image: np.ndarray, page_height_mm: float) -> float:
    """Return the factor that shrinks a scan of a whole page to about WORK_PX_PER_MM."""
    longest = max(image.shape[:2])
    return min(1.0, limits.WORK_PX_PER_MM * page_height_mm / longest)


def shrunk(image: np.ndarray, factor: float) -> np.ndarray:
    """Return `image` scaled by `factor` (≤ 1), averaging the pixels it merges."""
    if factor >= 1.0:
        return image
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def paper_white(image: np.ndarray) -> float:
    """Return the grey level of the paper (most of a page is paper; never below a mid grey)."""
    sample = image[:: max(1, image.shape[0] // 200), :: max(1, image.shape[1] // 200)]
    return max(float(np.percentile(sample, limits.PAPER_PERCENTILE)), limits.PAPER_MIN)


def darkness(image: np.ndarray, white: float) -> np.ndarray:
    """Return how dark every pixel is against the paper: 0 paper … 1 black (float32)."""
    return np.clip((white - image.astype(np.float32)) / white, 0.0, 1.0)
