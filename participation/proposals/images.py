"""Proposal images: checked by content (not by name), re-encoded without metadata, stored."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps

from participation.core.images import PictureProblem, open_picture

FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
MAX_SIDE = 2000  # pixels; larger pictures are scaled down
MAX_PIXELS = 50_000_000  # refuse "decompression bombs" before decoding them


class ImageError(ValueError):
    """The upload is not an acceptable picture; the message is shown to the user."""


@dataclass(frozen=True)
class StoredImage:
    """A picture written to the upload folder."""

    filename: str
    content_type: str
    width: int
    height: int


def upload_folder() -> Path:
    """Return (and create) the folder for uploaded pictures."""
    folder = Path(
        current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def read_limited(stream) -> bytes:
    """Read the upload, refusing it as soon as it is larger than allowed."""
    limit = current_app.config["PROPOSAL_IMAGE_MAX_BYTES"]
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ImageError(
            _("Das Bild ist zu groß. Erlaubt sind höchstens %(mb)d MB.", mb=limit // 2**20)
        )
    if not data:
        raise ImageError(_("Die Datei ist leer."))
    return data


def open_checked(data: bytes) -> Image.Image:
    """Open the bytes as JPEG, PNG or WebP, whatever the file name or declared type says."""
    try:
        return open_picture(data, FORMATS, MAX_PIXELS)
    except PictureProblem as problem:
        raise ImageError(picture_problem(problem.kind)) from problem


def picture_problem(kind: str) -> str:
    """Return why the picture is refused, in the visitor's language."""
    if kind == "format":
        return _("Bitte laden Sie ein Bild im Format JPEG, PNG oder WebP hoch.")
    if kind == "pixels":
        return _("Das Bild hat zu viele Pixel.")
    return _("Diese Datei ist kein lesbares Bild (JPEG, PNG oder WebP).")


def reencode(image: Image.Image) -> tuple[bytes, str]:
    """Return the picture re-encoded in its own format, upright, scaled, without metadata."""
    fmt = image.format
    clean = ImageOps.exif_transpose(image)
    clean.thumbnail((MAX_SIDE, MAX_SIDE))
    if fmt == "JPEG" and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    out = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "WEBP": {"quality": 85}}.get(fmt, {})
    clean.save(out, format=fmt, **options)  # no exif=, no icc/xmp: metadata is dropped
    return out.getvalue(), fmt


def store_image(stream) -> StoredImage:
    """Check, clean and store one uploaded picture."""
    data, fmt = reencode(open_checked(read_limited(stream)))
    extension, content_type = FORMATS[fmt]
    filename = f"{uuid.uuid4().hex}.{extension}"
    (upload_folder() / filename).write_bytes(data)
    with Image.open(io.BytesIO(data)) as stored:
        return StoredImage(filename, content_type, stored.width, stored.height)


def delete_file(filename: str) -> None:
    """Remove a stored picture (ignored if it is already gone)."""
    (upload_folder() / filename).unlink(missing_ok=True)
