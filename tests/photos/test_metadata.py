"""What survives an upload: the picture, upright, and nothing else (domain/NOTES.md §c rule 3)."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageOps, IptcImagePlugin
from werkzeug.datastructures import FileStorage

from app.photos.services import store_photo
from tests.photos import images
from tests.photos.images import BLUE, GREEN, RED

METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "photoshop", "dpi"}

WITH_EVERYTHING = {
    "jpeg": (images.jpeg_with_everything, "image/jpeg"),
    "png": (images.png_with_everything, "image/png"),
    "webp": (images.webp_with_everything, "image/webp"),
}


def close_to(actual, expected, tolerance=24) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=False))


def open_stored(folder, name) -> tuple[bytes, Image.Image]:
    data = (folder / name).read_bytes()
    image = Image.open(io.BytesIO(data))
    image.load()
    return data, image


def assert_no_metadata(data: bytes, image: Image.Image) -> None:
    assert len(image.getexif()) == 0
    assert len(image.getexif().get_ifd(0x8825)) == 0  # no GPS
    assert not METADATA_KEYS & set(image.info), image.info.keys()
    assert IptcImagePlugin.getiptcinfo(image) is None
    assert getattr(image, "text", {}) == {}
    for secret in images.SECRETS:
        assert secret not in data
    # The containers themselves: nothing but the picture.
    if image.format == "JPEG":
        markers = [marker for marker, _ in images.jpeg_segments(data)]
        assert [m for m in markers if 0xE0 <= m <= 0xEF or m == 0xFE] == [0xE0]  # JFIF only
    elif image.format == "PNG":
        assert set(images.png_chunks(data)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    elif image.format == "WEBP":
        assert set(images.webp_chunks(data)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}


def test_the_test_pictures_really_carry_metadata():
    """Guard against a test picture that proves nothing."""
    jpeg = Image.open(io.BytesIO(images.jpeg_with_everything()))
    assert jpeg.getexif().get_ifd(0x8825)[2] == images.HOMS[0]
    assert {"exif", "xmp", "icc_profile", "comment", "photoshop"} <= set(jpeg.info)
    assert IptcImagePlugin.getiptcinfo(jpeg)
    png = Image.open(io.BytesIO(images.png_with_everything()))
    png.load()
    assert png.text and png.getexif().get_ifd(0x8825) and "icc_profile" in png.info
    webp = Image.open(io.BytesIO(images.webp_with_everything()))
    assert webp.getexif().get_ifd(0x8825) and {"xmp", "icc_profile"} <= set(webp.info)


@pytest.mark.parametrize("kind", WITH_EVERYTHING)
def test_no_metadata_survives_in_the_photo_or_its_thumbnail(make, photo_folder, kind):
    make_picture, mime_type = WITH_EVERYTHING[kind]
    photo = store_photo(io.BytesIO(make_picture()), dialogue=make.dialogue(), user=make.user())
    assert photo.mime_type == mime_type
    data, image = open_stored(photo_folder, photo.stored_name)
    assert image.get_format_mimetype() == mime_type
    assert_no_metadata(data, image)
    data, thumbnail = open_stored(photo_folder, photo.thumbnail_name)
    assert thumbnail.format == "JPEG"
    assert_no_metadata(data, thumbnail)


@pytest.mark.parametrize("kind", WITH_EVERYTHING)
def test_the_pixels_are_still_the_picture(make, photo_folder, kind):
    make_picture, _ = WITH_EVERYTHING[kind]
    photo = store_photo(make_picture(), dialogue=make.dialogue(), user=make.user())
    _, image = open_stored(photo_folder, photo.stored_name)
    assert (photo.width, photo.height) == image.size == (200, 100)
    assert photo.size_bytes == (photo_folder / photo.stored_name).stat().st_size
    rgb = image.convert("RGB")
    assert close_to(rgb.getpixel((40, 50)), RED)
    assert close_to(rgb.getpixel((160, 50)), BLUE)
    _, thumbnail = open_stored(photo_folder, photo.thumbnail_name)
    assert thumbnail.size == (200, 100)  # never enlarged
    assert close_to(thumbnail.convert("RGB").getpixel((160, 50)), BLUE)


# EXIF orientation -> which colour the stored (upright) picture shows at the top and its size
ORIENTATIONS = {
    1: (RED, (200, 100)),  # as stored: red on the left
    3: (BLUE, (200, 100)),  # upside down: blue comes to the left
    6: (RED, (100, 200)),  # turned a quarter clockwise: the left half goes to the top
    8: (BLUE, (100, 200)),  # turned a quarter anticlockwise: the right half goes to the top
}


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_the_exif_orientation_is_applied_before_the_exif_goes(make, photo_folder, orientation):
    first_colour, size = ORIENTATIONS[orientation]
    data = images.jpeg_with_everything(orientation=orientation)
    assert ImageOps.exif_transpose(Image.open(io.BytesIO(data))).size == size  # as viewers show it
    photo = store_photo(data, dialogue=make.dialogue(), user=make.user())
    _, image = open_stored(photo_folder, photo.stored_name)
    assert image.size == (photo.width, photo.height) == size
    assert image.getexif().get(0x0112) is None
    assert close_to(image.getpixel((20, 20)), first_colour)
    _, thumbnail = open_stored(photo_folder, photo.thumbnail_name)
    assert thumbnail.size == size
    assert close_to(thumbnail.getpixel((20, 20)), first_colour)


def test_a_large_photo_is_stored_at_2560_pixels_and_the_thumbnail_at_480(make, photo_folder):
    data = images.jpeg(images.two_colours((4000, 2000)))
    photo = store_photo(data, dialogue=make.dialogue(), user=make.user())
    assert (photo.width, photo.height) == (2560, 1280)
    assert open_stored(photo_folder, photo.stored_name)[1].size == (2560, 1280)
    assert open_stored(photo_folder, photo.thumbnail_name)[1].size == (480, 240)


def test_transparency_is_kept_in_a_png_and_flattened_onto_white_in_the_thumbnail(
    make, photo_folder
):
    picture = images.two_colours(mode="RGBA", left=(*GREEN, 255), right=(0, 0, 0, 0))
    photo = store_photo(images.png(picture), dialogue=make.dialogue(), user=make.user())
    _, image = open_stored(photo_folder, photo.stored_name)
    assert image.mode == "RGBA"
    assert image.getpixel((160, 50))[3] == 0
    assert close_to(image.getpixel((40, 50)), (*GREEN, 255), tolerance=0)
    _, thumbnail = open_stored(photo_folder, photo.thumbnail_name)
    assert close_to(thumbnail.getpixel((160, 50)), (255, 255, 255))


def test_the_hidden_second_picture_of_a_multi_picture_jpeg_is_dropped(make, photo_folder):
    photo = store_photo(images.mpo(), dialogue=make.dialogue(), user=make.user())
    data, image = open_stored(photo_folder, photo.stored_name)
    assert photo.mime_type == "image/jpeg" and image.format == "JPEG"
    assert getattr(image, "n_frames", 1) == 1
    assert data.count(b"\xff\xd8") == 1  # one picture in the file
    assert_no_metadata(data, image)


def test_a_broken_colour_profile_is_dropped_and_the_colours_kept(make, photo_folder):
    data = images.jpeg(icc_profile=b"ICC-SECRET, not a real colour profile" * 4)
    photo = store_photo(data, dialogue=make.dialogue(), user=make.user())
    stored, image = open_stored(photo_folder, photo.stored_name)
    assert_no_metadata(stored, image)
    assert close_to(image.getpixel((40, 50)), RED)


@pytest.mark.parametrize("mode", ["L", "P", "1", "I;16", "LA", "CMYK"])
def test_other_pixel_formats_are_stored_as_plain_grey_or_colour(make, photo_folder, mode):
    picture = Image.new(mode, (60, 40))
    data = images.jpeg(picture) if mode == "CMYK" else images.png(picture)
    photo = store_photo(data, dialogue=make.dialogue(), user=make.user())
    _, image = open_stored(photo_folder, photo.stored_name)
    assert image.mode in {"L", "LA", "RGB", "RGBA"} and image.size == (60, 40)


def test_stored_names_are_random_and_owe_nothing_to_the_upload(make):
    dialogue, user = make.dialogue(), make.user()
    data = images.jpeg()
    names = set()
    for _ in range(3):
        upload = FileStorage(io.BytesIO(data), filename="homs-safir-hotel-2025.jpg")
        photo = store_photo(upload, dialogue=dialogue, user=user)
        for name in (photo.stored_name, photo.thumbnail_name):
            assert re.fullmatch(r"[A-Za-z0-9_-]{32}\.(jpg|png|webp)", name)
            assert "homs" not in name and "safir" not in name
            names.add(name)
    assert len(names) == 6


@pytest.mark.parametrize(
    ("data", "filename", "content_type", "stored_as"),
    [
        (images.png(), "photo.jpg", "image/jpeg", "image/png"),
        (images.jpeg(), "photo.png", "image/gif", "image/jpeg"),
        (images.webp(), "photo", "application/octet-stream", "image/webp"),
    ],
)
def test_the_type_comes_from_the_content_not_the_name_or_the_browser(
    make, data, filename, content_type, stored_as
):
    upload = FileStorage(io.BytesIO(data), filename=filename, content_type=content_type)
    photo = store_photo(upload, dialogue=make.dialogue(), user=make.user())
    assert photo.mime_type == stored_as
