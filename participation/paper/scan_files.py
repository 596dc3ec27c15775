"""The files of the scan import: what an uploaded file is (by its content, never its name),
how many pages it has, its pages as grey pixels, and the images kept as evidence.

Everything lies in the paper folder's `scans/` folder (PAPER_FOLDER/scans/): the uploaded file
under its SHA-256 (the same file uploaded twice is kept once), and every page read as a PNG
(lossless, so what staff see is what was read).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import BinaryIO

import lazy_loader as lazy
from PIL import Image, ImageSequence

from participation.paper.batches import paper_folder, write_atomically

# Loaded on first use, so a web worker that never reads a scan stays small (issue 12).
cv2 = lazy.load("cv2")
np = lazy.load("numpy")
pypdfium2 = lazy.load("pypdfium2")

DPI = 200  # PDF pages are rendered at this resolution
MAX_SIDE_PX = 4000  # a page larger than this (beyond A4 at 300 dpi) is rendered smaller
CHUNK = 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)
PIL_FORMATS = {"png": "PNG", "jpeg": "JPEG", "tiff": "TIFF"}


class FileProblem(Exception):
    """The file cannot be read: `reason` is "empty", "type", "size" or "damaged"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def scans_folder() -> Path:
    """Return the folder of uploaded scans and page images."""
    return paper_folder() / "scans"


def file_type(head: bytes) -> str | None:
    """Return "pdf", "png", "jpeg" or "tiff" from a file's first bytes (None: none of them)."""
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def received(stream: BinaryIO, max_bytes: int) -> tuple[Path, str, int]:
    """Copy an uploaded stream into a temporary file of the scans folder while hashing it;
    return the file, its SHA-256 and its size. Raise FileProblem("size") beyond `max_bytes`,
    FileProblem("empty") for nothing."""
    folder = scans_folder()
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".upload.", dir=folder)
    digest, size = hashlib.sha256(), 0
    try:
        with os.fdopen(handle, "wb") as file:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise FileProblem("size")
                digest.update(chunk)
                file.write(chunk)
        if size == 0:
            raise FileProblem("empty")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary), digest.hexdigest(), size


def kept(temporary: Path, sha256: str, kind: str) -> str:
    """Move a received file to its lasting name (by content); return that name."""
    name = f"{sha256}.{kind}"
    os.replace(temporary, scans_folder() / name)
    return name


def sniffed(path: Path) -> str:
    """Return the file's type by its first bytes; raise FileProblem("type") for another."""
    with path.open("rb") as file:
        kind = file_type(file.read(16))
    if kind is None:
        raise FileProblem("type")
    return kind


def page_count(path: Path, kind: str) -> int:
    """Return how many pages the file has (PDF pages, image frames); raise
    FileProblem("damaged") for a file that cannot be opened, "empty" for none."""
    try:
        count = pdf_pages(path) if kind == "pdf" else image_frames(path, kind)
    except FileProblem:
        raise
    except Exception as error:  # pdfium and Pillow raise many kinds for a broken file
        raise FileProblem("damaged") from error
    if count < 1:
        raise FileProblem("empty")
    return count


def pdf_pages(path: Path) -> int:
    """Return the number of pages of a PDF (refused when it is encrypted or broken)."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def image_frames(path: Path, kind: str) -> int:
    """Return the number of frames of an image, after decoding its first one."""
    with Image.open(path, formats=[PIL_FORMATS[kind]]) as image:
        image.load()
        return getattr(image, "n_frames", 1)


def pages(path: Path, kind: str, skip: Collection[int] = ()) -> Iterator[tuple[int, object]]:
    """Yield (index, grey pixels) of every page not in `skip`; a page that cannot be
    decoded is yielded as a FileProblem("damaged") instead of pixels."""
    yield from (pdf_images if kind == "pdf" else frame_images)(path, kind, skip)


def pdf_images(path: Path, _kind: str, skip: Collection[int]):
    """Yield the pages of a PDF rendered in grey at DPI (or smaller for huge pages)."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            if index not in skip:
                yield index, guarded(lambda i=index: rendered(document[i]))
    finally:
        document.close()


def rendered(page) -> np.ndarray:
    """Return one PDF page as grey pixels."""
    width, height = page.get_size()
    scale = min(DPI / 72, MAX_SIDE_PX / max(width, height, 1))
    bitmap = page.render(scale=scale, grayscale=True)
    return np.array(bitmap.to_pil().convert("L"))


def frame_images(path: Path, kind: str, skip: Collection[int]):
    """Yield the frames of an image file (a multi-page TIFF has several) in grey."""
    with Image.open(path, formats=[PIL_FORMATS[kind]]) as image:
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index not in skip:
                yield index, guarded(lambda f=frame: grey(f))


def grey(frame: Image.Image) -> np.ndarray:
    """Return an image frame as grey pixels, no larger than MAX_SIDE_PX."""
    picture = frame.convert("L")
    if max(picture.size) > MAX_SIDE_PX:
        picture.thumbnail((MAX_SIDE_PX, MAX_SIDE_PX))
    return np.array(picture)


def guarded(make):
    """Return what `make()` returns, or FileProblem("damaged") if the page cannot be made."""
    try:
        return make()
    except Exception:  # a broken page of an otherwise readable file
        return FileProblem("damaged")


def store_image(name: str, image: np.ndarray) -> str:
    """Keep a page's image as PNG in the scans folder; return its name."""
    ok, data = cv2.imencode(".png", image)
    if not ok:
        raise ValueError("could not encode the page image")
    write_atomically(scans_folder() / name, data.tobytes())
    return name


def image_path(name: str | None) -> Path | None:
    """Return where a stored image lies (None when it has none or it is gone)."""
    if not name:
        return None
    path = scans_folder() / name
    return path if path.is_file() else None
