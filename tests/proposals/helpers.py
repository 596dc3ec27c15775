"""Pictures for upload tests, made with Pillow."""

from __future__ import annotations

import io

from PIL import Image


def picture(fmt: str = "JPEG", size=(64, 48), exif_gps: bool = False) -> bytes:
    """Return an encoded picture; with `exif_gps`, it carries a camera model and GPS data."""
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    options = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x0110] = "Geheime Kamera"  # Model
        exif[0x8825] = {1: "N", 2: (50.0, 41.0, 0.0)}  # GPSInfo
        options["exif"] = exif
    image.save(out, format=fmt, **options)
    return out.getvalue()
