"""Where the fixed parts of a page are (markers, QR code) and the transforms between the
layout's millimetres and an image's pixels: similarity fits, homographies, rotations."""

from __future__ import annotations

from dataclasses import dataclass

import lazy_loader as lazy

from participation.paper.layout import Layout, Rect

# Loaded on first use, so a web worker that never reads a scan stays small (issue 12).
np = lazy.load("numpy")


@dataclass(frozen=True)
class Frame:
    """The parts every page of a sheet shares: page size, corner markers and QR code (mm)."""

    width: float
    height: float
    markers: tuple[tuple[float, float], ...]  # centres: top-left, top-right, bottom-left, -right
    marker_size: float
    qr: Rect
    qr_quiet: float

    @classmethod
    def of(cls, layout: Layout, page: int = 1) -> Frame:
        """Return the frame of `page` of a sheet printed with `layout`."""
        return cls(
            width=layout.width,
            height=layout.height,
            markers=tuple(tuple(point) for point in layout.markers),
            marker_size=layout.marker_size,
            qr=layout.pages[page - 1].qr,
            qr_quiet=layout.qr_quiet,
        )

    @property
    def marker_points(self) -> np.ndarray:
        """Return the marker centres as a 4×2 array (mm)."""
        return np.array(self.markers, dtype=np.float64)

    def qr_corners(self) -> np.ndarray:
        """Return the QR code's corners in zxing's order: top-left, -right, bottom-right, -left."""
        q = self.qr
        return np.array(
            [(q.x, q.y), (q.x + q.w, q.y), (q.x + q.w, q.y + q.h), (q.x, q.y + q.h)],
            dtype=np.float64,
        )


# What the generator prints on every page of every sheet (participation/paper/style.py, which
# cannot be imported here without the database models): used to find a sheet whose QR code
# cannot be read. A test checks it against a printed layout.
NOMINAL = Frame(
    width=210.0,
    height=297.0,
    markers=((16.0, 16.0), (194.0, 16.0), (16.0, 281.0), (194.0, 281.0)),
    marker_size=8.0,
    qr=Rect(166.0, 30.0, 24.0, 24.0),
    qr_quiet=4.0,
)


@dataclass(frozen=True)
class Similarity:
    """x' = scale · R(angle) · x + shift: a page laid on the scanner (no shear, no mirror)."""

    scale: float  # pixels per millimetre
    angle: float  # radians, image y downwards
    shift: tuple[float, float]

    @property
    def matrix(self) -> np.ndarray:
        """Return the 3×3 matrix of the transform."""
        c, s = np.cos(self.angle) * self.scale, np.sin(self.angle) * self.scale
        return np.array([[c, -s, self.shift[0]], [s, c, self.shift[1]], [0, 0, 1]])

    def apply(self, points: np.ndarray) -> np.ndarray:
        """Return `points` (N×2, mm) in pixels."""
        return apply(self.matrix, points)


def fit_similarity(source: np.ndarray, target: np.ndarray) -> Similarity:
    """Return the least-squares similarity taking `source` points onto `target` points."""
    a, b = source.mean(axis=0), target.mean(axis=0)
    s, t = source - a, target - b
    # complex least squares: t ≈ z · s with z = scale · e^(i·angle)
    zs, zt = s[:, 0] + 1j * s[:, 1], t[:, 0] + 1j * t[:, 1]
    z = np.vdot(zs, zt) / max(np.vdot(zs, zs).real, 1e-12)
    scale, angle = float(abs(z)), float(np.angle(z))
    shift = b - np.array([z.real * a[0] - z.imag * a[1], z.imag * a[0] + z.real * a[1]])
    return Similarity(scale, angle, (float(shift[0]), float(shift[1])))


def apply(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Return N×2 `points` mapped by a 3×3 projective `matrix`."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    mapped = np.hstack([points, np.ones((len(points), 1))]) @ matrix.T
    return mapped[:, :2] / mapped[:, 2:3]


def quarter_turns(angle: float) -> int:
    """Return the page's rotation in the image as quarter turns clockwise (0…3)."""
    return int(round(np.degrees(angle) / 90)) % 4
