"""The sheet's QR code: found anywhere on a scan (for the code and which way up the page lies)
and read again where the layout puts it. Only a code that passes the check character counts."""

from __future__ import annotations

from dataclasses import dataclass

import lazy_loader as lazy

from participation.paper.codes import read_code
from participation.paper.layout import read_qr

# Loaded on first use, so a web worker that never reads a scan stays small (issue 12).
np = lazy.load("numpy")
zxingcpp = lazy.load("zxingcpp")


@dataclass(frozen=True)
class Found:
    """A sheet QR code on an image: the code it names, the page, and its four corners (pixels,
    in the code's own order: top-left, top-right, bottom-right, bottom-left)."""

    code: str
    page: int
    corners: np.ndarray


def parsed(text: str, prefix: str) -> tuple[str, int] | None:
    """Return the sheet code and page a QR text names, or None if it is no sheet code of ours
    (another town's, a mistyped one, anything else)."""
    code, page = read_qr(text)
    checked = read_code(code, prefix).code
    if checked is None or page < 1 or text.count("/") > 1:
        return None
    return checked, page


def decoded(image: np.ndarray, thorough: bool = False) -> list:
    """Return zxing's QR codes on `image` (`thorough`: also try scaled-down copies)."""
    return zxingcpp.read_barcodes(
        image,
        formats=zxingcpp.BarcodeFormat.QRCode,
        try_rotate=True,
        try_downscale=thorough,
        try_invert=False,
    )


def find(image: np.ndarray, prefix: str, thorough: bool = False) -> list[Found]:
    """Return every sheet QR code of ours on `image` (corners in the image's pixels)."""
    found = []
    for barcode in decoded(image, thorough):
        names = parsed(barcode.text, prefix) if barcode.valid else None
        if names is None:
            continue
        p = barcode.position
        corners = [p.top_left, p.top_right, p.bottom_right, p.bottom_left]
        found.append(Found(*names, np.array([(c.x, c.y) for c in corners], dtype=np.float64)))
    return found


def read_upright(image: np.ndarray, prefix: str) -> tuple[str, int] | None:
    """Return the code and page of the one sheet QR code on an upright crop, or None."""
    names = {(f.code, f.page) for f in find(image, prefix)}
    if len(names) != 1:
        return None
    return names.pop()
