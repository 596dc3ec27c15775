"""Photos of implementation updates: JPEG and PNG only, judged by content; decoded and encoded
again so no EXIF, GPS position or text chunk survives; turned upright; refused clearly when
empty, too large, too many pixels, damaged or of another format; stored names only ours."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from participation.results import implementation_photos as photos
from tests.results import implementation_fixtures as fx

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture()
def ctx(app):
    """A request context (messages in the visitor's language, the app's settings)."""
    with app.test_request_context():
        yield


def cleaned(data: bytes) -> photos.CleanPhoto:
    """Return the upload cleaned."""
    return photos.cleaned(io.BytesIO(data))


def refusal(data: bytes) -> str:
    """Return why the upload is refused."""
    with pytest.raises(photos.PhotoRefused) as refused:
        cleaned(data)
    return str(refused.value.message)


@pytest.mark.parametrize("fmt, extension", [("JPEG", "jpg"), ("PNG", "png")])
def test_metadata_is_stripped(ctx, fmt, extension):
    original = fx.picture(fmt)
    assert b"Geheime Kamera" in original  # the test picture does carry it
    photo = cleaned(original)
    assert photo.extension == extension
    assert b"Geheime" not in photo.data and b"GPS" not in photo.data
    with Image.open(io.BytesIO(photo.data)) as stored:
        assert stored.format == fmt
        assert not stored.getexif() and "Comment" not in stored.info and "exif" not in stored.info


def test_a_sideways_photo_is_turned_upright(ctx):
    image = Image.new("RGB", (80, 40), (10, 10, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90° clockwise to view
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    with Image.open(io.BytesIO(cleaned(out.getvalue()).data)) as stored:
        assert stored.size == (40, 80)


def test_a_large_photo_is_scaled_down(ctx):
    photo = cleaned(fx.picture("PNG", size=(4000, 1000), secrets=False))
    with Image.open(io.BytesIO(photo.data)) as stored:
        assert stored.size == (2000, 500)


def test_other_formats_and_damaged_files_are_refused(ctx):
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    assert "JPEG oder PNG" in refusal(gif.getvalue())
    assert "kein lesbares Foto" in refusal(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert "kein lesbares Foto" in refusal(fx.picture("JPEG")[:200])  # cut off
    assert "leer" in refusal(b"")


def test_too_large_and_too_many_pixels_are_refused(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "IMPLEMENTATION_PHOTO_MAX_MB", 1)
    assert "höchstens 1 MB" in refusal(b"\xff\xd8\xff" + b"0" * (1024 * 1024))
    bomb = io.BytesIO()
    Image.new("1", (10_000, 6_000)).save(bomb, format="PNG")  # tiny file, 60 million pixels
    assert len(bomb.getvalue()) < 1024 * 1024
    assert "zu viele Pixel" in refusal(bomb.getvalue())


def test_only_our_names_are_served(ctx):
    name = photos.store(cleaned(fx.picture("PNG")))
    assert photos.path_of(name).is_file()
    assert photos.content_type_of(name) == "image/png"
    for bad in ("../secret_key", "x.jpg", name.upper(), f"{name}/..", "", None):
        assert photos.path_of(bad) is None
    photos.delete(name)
    assert photos.path_of(name) is None
