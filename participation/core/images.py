"""Opening an uploaded picture safely: judged by its content (not its name), in an allowed
format, not larger than a pixel limit (a "decompression bomb" is refused before decoding),
fully decoded once. Callers word the refusal in their own terms."""

from __future__ import annotations

import io
from collections.abc import Collection

from PIL import Image, UnidentifiedImageError


class PictureProblem(Exception):
    """The bytes are no usable picture; `kind` is "format", "pixels" or "unreadable"."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def open_picture(data: bytes, formats: Collection[str], max_pixels: int) -> Image.Image:
    """Return the bytes decoded as a picture of one of `formats` (Pillow's names); raise
    PictureProblem otherwise."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in formats:
                raise PictureProblem("format")
            if probe.width * probe.height > max_pixels:
                raise PictureProblem("pixels")
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
        return image
    except Image.DecompressionBombError as error:
        raise PictureProblem("pixels") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise PictureProblem("unreadable") from error
