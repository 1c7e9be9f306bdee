"""Files we refuse, each with a message that says what is wrong, and nothing left behind."""

from __future__ import annotations

import functools
import io

import pytest
from flask_babel import force_locale
from PIL import ImageFile
from werkzeug.datastructures import FileStorage

from app.photos import processing
from app.photos.services import PhotoError, store_photo
from tests.photos import images

TOO_LARGE = "larger than 10 MB"
NOT_AN_IMAGE = "not a JPEG, PNG or WebP image"
TOO_MANY_PIXELS = "too many pixels (at most 40 million)"
# PNG and WebP are decoded in full: a lower cap (issue 13, bounded memory per upload).
TOO_MANY_PIXELS_PNG = "too many pixels (at most 12 million)"
DAMAGED = "damaged or incomplete"


def english(error: PhotoError) -> str:
    with force_locale("en"):
        return str(error)


def truncated(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def corrupted_png() -> bytes:
    data = bytearray(images.png(images.two_colours((64, 64))))
    data[data.index(b"IDAT") + 20] ^= 0xFF  # the checksum no longer matches
    return bytes(data)


@functools.cache
def padded_jpeg(size: int) -> bytes:
    """A valid JPEG padded to `size` bytes (decoders ignore what follows the picture)."""
    data = images.jpeg()
    return data + b"\0" * (size - len(data))


REFUSED = {
    "gif": (images.gif, NOT_AN_IMAGE),
    "tiff": (images.tiff, NOT_AN_IMAGE),
    "text renamed .jpg": (lambda: b"Minutes of the meeting, not a photo.\n" * 50, NOT_AN_IMAGE),
    "svg with a script": (
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        NOT_AN_IMAGE,
    ),
    "html": (lambda: b"<!doctype html><script>alert(1)</script>", NOT_AN_IMAGE),
    "truncated jpeg": (lambda: truncated(images.jpeg_with_everything()), DAMAGED),
    "truncated png": (lambda: truncated(images.png()), DAMAGED),
    "truncated webp": (lambda: truncated(images.webp()), DAMAGED),
    "png with a bad checksum": (corrupted_png, DAMAGED),
    "49 megapixel png": (lambda: images.png_bomb(7000, 7000), TOO_MANY_PIXELS_PNG),
    "100 megapixel png (Pillow warns)": (lambda: images.png_bomb(10_000, 10_000), TOO_MANY_PIXELS),
    "png claiming 10 gigapixels": (lambda: images.png_claiming(100_000, 100_000), TOO_MANY_PIXELS),
    "jpeg claiming 3.6 gigapixels": (lambda: images.jpeg_claiming(60_000, 60_000), TOO_MANY_PIXELS),
    "jpeg of 11 MB": (lambda: padded_jpeg(11 * 1024 * 1024), TOO_LARGE),
    "jpeg of 10 MB and one byte": (lambda: padded_jpeg(10 * 1024 * 1024 + 1), TOO_LARGE),
    "empty file": (lambda: b"", "The file is empty"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_refused_file_says_why_and_leaves_nothing(make, nothing_stored, case):
    make_data, message = REFUSED[case]
    dialogue, user = make.dialogue(), make.user()
    upload = FileStorage(io.BytesIO(make_data()), filename="photo.jpg", content_type="image/jpeg")
    with pytest.raises(PhotoError) as refusal:
        store_photo(upload, dialogue=dialogue, user=user)
    assert message in english(refusal.value)
    assert isinstance(refusal.value, ValueError)
    nothing_stored()


def test_refusals_are_in_arabic_for_arabic_users(make):
    with pytest.raises(PhotoError) as refusal:
        store_photo(images.gif(), dialogue=make.dialogue(), user=make.user())
    with force_locale("ar"):
        message = str(refusal.value)
    assert "JPEG" in message and "صورة" in message


@pytest.mark.parametrize(
    "make_data",
    [
        lambda: images.png_bomb(10_000, 10_000),
        lambda: images.png_claiming(100_000, 100_000),
        lambda: images.jpeg_claiming(60_000, 60_000),
    ],
)
def test_a_decompression_bomb_is_refused_before_a_single_pixel_is_decoded(
    make, monkeypatch, make_data
):
    def no_decoding(self):
        raise AssertionError("a decompression bomb was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(PhotoError) as refusal:
        store_photo(make_data(), dialogue=make.dialogue(), user=make.user())
    assert TOO_MANY_PIXELS in english(refusal.value)


def test_exactly_10_mb_is_accepted(make):
    photo = store_photo(padded_jpeg(10 * 1024 * 1024), dialogue=make.dialogue(), user=make.user())
    assert photo.mime_type == "image/jpeg"


class EndlessStream(io.RawIOBase):
    """A stream that cannot seek and never ends, counting what is read from it."""

    def __init__(self) -> None:
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = b"\xff" * len(buffer)
        self.consumed += len(buffer)
        return len(buffer)


def test_an_endless_upload_is_refused_after_reading_just_over_10_mb(make, nothing_stored):
    stream = EndlessStream()
    with pytest.raises(PhotoError) as refusal:
        store_photo(FileStorage(stream), dialogue=make.dialogue(), user=make.user())
    assert TOO_LARGE in english(refusal.value)
    assert stream.consumed == processing.MAX_BYTES + 1
    nothing_stored()


def test_a_seekable_oversized_upload_is_refused_without_reading_it(make):
    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("the size was checked by reading")

    stream = Unreadable(b"\0" * (processing.MAX_BYTES + 1))
    with pytest.raises(PhotoError) as refusal:
        store_photo(stream, dialogue=make.dialogue(), user=make.user())
    assert TOO_LARGE in english(refusal.value)
