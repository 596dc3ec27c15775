"""Photos of implementation updates: JPEG or PNG judged by their content (never the name or the
declared type), at most IMPLEMENTATION_PHOTO_MAX_MB, decoded and re-encoded with Pillow so no
metadata survives (EXIF with the camera and GPS position, text chunks, ICC profiles), turned
upright and scaled to at most MAX_SIDE pixels. Kept in the results folder's `photos/` under a
random name; served with the content type of their format."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import LazyString, format_decimal
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps

from participation.core.images import PictureProblem, open_picture
from participation.paper.batches import write_atomically

MIB = 1024 * 1024
CHUNK = 1024 * 1024
MAX_SIDE = 2000  # pixels; larger photos are scaled down
MAX_PIXELS = 50_000_000  # refuse "decompression bombs" before decoding them
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png")}
CONTENT_TYPES = {extension: content_type for extension, content_type in FORMATS.values()}
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png)")
UNREADABLE = _l("Diese Datei ist kein lesbares Foto. Bitte wählen Sie ein JPEG- oder PNG-Bild.")
PICTURE_PROBLEMS = {
    "format": _l("Bitte wählen Sie ein Foto im Format JPEG oder PNG."),
    "pixels": _l("Das Foto hat zu viele Pixel."),
    "unreadable": UNREADABLE,
}


class PhotoRefused(Exception):
    """The upload is not an acceptable photo; `message` says why (in the visitor's language)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class CleanPhoto:
    """A photo decoded and encoded again, ready to store: its bytes and file extension."""

    data: bytes
    extension: str

    @property
    def digest(self) -> str:
        """Return the SHA-256 of the clean bytes (the same upload gives the same digest)."""
        return hashlib.sha256(self.data).hexdigest()


def max_bytes() -> int:
    """Return the largest photo allowed (IMPLEMENTATION_PHOTO_MAX_MB)."""
    return int(current_app.config.get("IMPLEMENTATION_PHOTO_MAX_MB", 10)) * MIB


def photos_folder() -> Path:
    """Return the folder of the photos (RESULTS_FOLDER/photos, else instance/results/photos)."""
    configured = current_app.config.get("RESULTS_FOLDER")
    base = Path(configured) if configured else Path(current_app.instance_path) / "results"
    return base / "photos"


def too_large():
    """Return the refusal of a photo above the limit."""
    size = LazyString(format_decimal, max_bytes() // MIB)
    return _l("Das Foto ist zu groß. Erlaubt sind höchstens %(size)s MB.", size=size)


def read_limited(stream: BinaryIO) -> bytes:
    """Return the upload's bytes; refuse an empty file or one above the limit."""
    limit, chunks, size = max_bytes(), [], 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise PhotoRefused(too_large())
        chunks.append(chunk)
    if not size:
        raise PhotoRefused(_l("Die Datei ist leer. Bitte wählen Sie ein Foto (JPEG oder PNG)."))
    return b"".join(chunks)


def decoded(data: bytes) -> Image.Image:
    """Return the bytes decoded as a JPEG or PNG picture, whatever the file name says."""
    try:
        return open_picture(data, FORMATS, MAX_PIXELS)
    except PictureProblem as problem:
        raise PhotoRefused(PICTURE_PROBLEMS[problem.kind]) from problem


def reencoded(image: Image.Image) -> CleanPhoto:
    """Return the picture upright, scaled and encoded again in its format, with no metadata."""
    fmt = image.format
    clean = ImageOps.exif_transpose(image)
    clean.thumbnail((MAX_SIDE, MAX_SIDE))
    if fmt == "JPEG" and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    clean.info = {}  # nothing of the original's metadata goes along
    out = io.BytesIO()
    options = {"quality": 85, "optimize": True} if fmt == "JPEG" else {"optimize": True}
    clean.save(out, format=fmt, **options)
    return CleanPhoto(out.getvalue(), FORMATS[fmt][0])


def cleaned(stream: BinaryIO) -> CleanPhoto:
    """Read, check and re-encode one uploaded photo (nothing is stored yet)."""
    image = decoded(read_limited(stream))
    try:
        return reencoded(image)
    except (OSError, SyntaxError, ValueError) as error:  # e.g. a broken orientation tag
        raise PhotoRefused(UNREADABLE) from error


def store(photo: CleanPhoto) -> str:
    """Write the photo under a new random name; return the name."""
    name = f"{uuid.uuid4().hex}.{photo.extension}"
    write_atomically(photos_folder() / name, photo.data)
    return name


def path_of(name: str | None) -> Path | None:
    """Return the file of a stored photo, or None when the name is not one of ours or the file
    is gone."""
    if not name or not STORED_NAME.fullmatch(name):
        return None
    path = photos_folder() / name
    return path if path.is_file() else None


def content_type_of(name: str) -> str:
    """Return the content type of a stored photo, from the extension we gave it."""
    return CONTENT_TYPES[name.rsplit(".", 1)[1]]


def same_photo(name: str | None, photo: CleanPhoto | None) -> bool:
    """Whether the stored photo `name` has exactly the bytes of `photo` (both None: True)."""
    if photo is None or name is None:
        return photo is None and name is None
    path = path_of(name)
    return path is not None and hashlib.sha256(path.read_bytes()).hexdigest() == photo.digest


def delete(name: str | None) -> None:
    """Remove a stored photo (ignored when it is already gone)."""
    path = path_of(name)
    if path is not None:
        path.unlink(missing_ok=True)
