"""Decoding and re-encoding an uploaded photo, without the database or the file system.

Only the pixels survive. The upload is decoded, turned upright by its EXIF orientation, brought
into sRGB, copied into a fresh image and encoded anew, so EXIF (GPS, dates, serial numbers, maker
notes, embedded thumbnails), XMP, IPTC, ICC profiles, comments and PNG text chunks are lost by
construction rather than deleted tag by tag (domain/NOTES.md §c rule 3).
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from typing import IO, Any

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

try:
    from PIL import ImageCms
except ImportError:  # Pillow built without littlecms: colours stay as decoded
    ImageCms = None

log = logging.getLogger("hiwar.photos")

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # checked on the header, before a single pixel is decoded
# PNG and WebP cannot be decoded at a reduced scale as JPEG can (draft): every pixel is decoded
# at 4 bytes (RGBA), so they get a lower cap. 16 million pixels, 64 MB decoded, bounds what one
# upload can take (README: about 150 MB at the peak, measured; a 40 MP JPEG far less).
MAX_PIXELS_DECODED_IN_FULL = 12_000_000
MAX_SIDE = 2560  # the long side of the stored photo
THUMBNAIL_SIDE = 480  # the long side of the thumbnail
THUMBNAIL_MIME_TYPE = "image/jpeg"
THUMBNAIL_EXTENSION = "jpg"
_READ_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Encoding:
    pillow_format: str
    mime_type: str
    extension: str
    options: dict[str, Any]


# Pillow's name of what we decoded -> how we store it. MPO is the multi-picture JPEG some
# cameras write: the first picture is an ordinary JPEG.
ENCODINGS = {
    "JPEG": Encoding("JPEG", "image/jpeg", "jpg", {"quality": 85, "optimize": True}),
    # zlib's default level: optimize=True saved 4% on a 2560 px photo and took 4-5 times longer
    # (10 s instead of 2 s), too long for a request on a modest server.
    "PNG": Encoding("PNG", "image/png", "png", {"compress_level": 6}),
    "WEBP": Encoding("WEBP", "image/webp", "webp", {"quality": 85}),
}
DECODED_AS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
OPENERS = ["JPEG", "PNG", "WEBP"]  # Pillow tries no other format: a GIF or a TIFF is not ours
EXTENSIONS = {encoding.mime_type: encoding.extension for encoding in ENCODINGS.values()}

EMPTY = _l("The file is empty. Please choose a photo.")
TOO_LARGE = _l(
    "This photo is larger than %(megabytes)d MB. Please choose a smaller file.",
    megabytes=MAX_BYTES // (1024 * 1024),
)
NOT_AN_IMAGE = _l("This file is not a JPEG, PNG or WebP image.")
TOO_MANY_PIXELS = _l(
    "This image has too many pixels (at most %(megapixels)d million). "
    "Please reduce its size and try again.",
    megapixels=MAX_PIXELS // 1_000_000,
)
TOO_MANY_PIXELS_LOSSLESS = _l(
    "This PNG or WebP image has too many pixels (at most %(megapixels)d million). "
    "Please reduce its size, or send it as a JPEG, and try again.",
    megapixels=MAX_PIXELS_DECODED_IN_FULL // 1_000_000,
)
DAMAGED = _l("This image file is damaged or incomplete and cannot be read.")


class PhotoError(ValueError):
    """An upload we refuse. str(error) is the message for the user, in their language."""

    def __init__(self, message: Any) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo re-encoded and ready to store: the bytes of the photo and of its thumbnail."""

    data: bytes
    thumbnail: bytes
    mime_type: str
    extension: str
    width: int
    height: int


Upload = FileStorage | IO[bytes] | bytes  # what a form posts, any binary stream, or the bytes


def read_upload(upload: Upload) -> bytes:
    """The upload's bytes, refusing more than MAX_BYTES without reading past MAX_BYTES + 1."""
    if isinstance(upload, bytes | bytearray | memoryview):
        data = bytes(upload)
    else:
        stream = getattr(upload, "stream", upload)
        remaining = _remaining_size(stream)
        if remaining is not None and remaining > MAX_BYTES:
            raise PhotoError(TOO_LARGE)
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_BYTES:
            chunk = stream.read(min(_READ_CHUNK, MAX_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        data = b"".join(chunks)
    if len(data) > MAX_BYTES:
        raise PhotoError(TOO_LARGE)
    if not data:
        raise PhotoError(EMPTY)
    return data


def _remaining_size(stream: Any) -> int | None:
    """Bytes left in a seekable stream, found by seeking rather than reading; None if unknown."""
    try:
        if not stream.seekable():
            return None
        position = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(position)
    except (AttributeError, OSError, ValueError):
        return None
    return end - position


def prepare_photo(upload: Upload) -> PreparedPhoto:
    """Decode, check and re-encode an upload. Raises PhotoError with a message for the user."""
    data = read_upload(upload)
    image, decoded_as = _decode(data)
    encoding = ENCODINGS[DECODED_AS[decoded_as]]
    try:
        ImageOps.exif_transpose(image, in_place=True)  # in place: no second full-size copy
    except Exception as error:  # noqa: BLE001 - metadata we cannot parse: refuse the file
        log.info("photo refused: unreadable EXIF (%s)", type(error).__name__)
        raise PhotoError(DAMAGED) from error
    image = _reduced(image)
    pixels = _plain_pixels(image, keep_alpha=encoding.pillow_format != "JPEG")
    pixels.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    clean = _fresh_copy(pixels)
    thumbnail = clean.copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return PreparedPhoto(
        data=_encode(clean, encoding.pillow_format, encoding.options),
        thumbnail=_encode(_without_alpha(thumbnail), "JPEG", {"quality": 80, "optimize": True}),
        mime_type=encoding.mime_type,
        extension=encoding.extension,
        width=clean.width,
        height=clean.height,
    )


def _decode(data: bytes) -> tuple[Image.Image, str]:
    """Open, size-check, verify and fully decode; any failure becomes a PhotoError."""
    with warnings.catch_warnings():
        # Pillow warns (rather than refuses) between MAX_IMAGE_PIXELS and twice that.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data), formats=OPENERS)
            _check_pixels(probe)
            probe.verify()  # PNG: every chunk's checksum; nothing is decoded yet
            image = Image.open(io.BytesIO(data), formats=OPENERS)
            decoded_as = image.format or ""
            if decoded_as in ("JPEG", "MPO"):
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode a huge JPEG at 1/2, 1/4, 1/8
            image.load()
        except PhotoError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            log.info("photo refused: decompression bomb")
            raise PhotoError(TOO_MANY_PIXELS) from error
        except UnidentifiedImageError as error:
            raise PhotoError(NOT_AN_IMAGE) from error
        except Exception as error:  # noqa: BLE001 - whatever the decoder says, the file is bad
            log.info("photo refused: cannot decode (%s: %s)", type(error).__name__, error)
            raise PhotoError(DAMAGED) from error
    if decoded_as not in DECODED_AS:
        raise PhotoError(NOT_AN_IMAGE)
    return image, decoded_as


def _check_pixels(image: Image.Image) -> None:
    in_full = image.format not in ("JPEG", "MPO")
    cap = MAX_PIXELS_DECODED_IN_FULL if in_full else MAX_PIXELS
    if image.width * image.height > cap:
        log.info("photo refused: %d x %d pixels (%s)", image.width, image.height, image.format)
        raise PhotoError(TOO_MANY_PIXELS_LOSSLESS if in_full else TOO_MANY_PIXELS)


def _reduced(image: Image.Image) -> Image.Image:
    """Shrink a large image by a whole factor (box averaging) before any conversion, so that
    converting colours or modes works on a copy a fraction of the size; the decoded original
    is released at once. Palette images are left to _plain_pixels (averaging indices is wrong)."""
    factor = max(image.width, image.height) // (2 * MAX_SIDE)
    if factor < 2 or image.mode not in ("L", "LA", "RGB", "RGBA"):
        return image
    reduced = image.reduce(factor)
    reduced.info = dict(image.info)  # the colour profile still applies
    image.close()
    return reduced


def _plain_pixels(image: Image.Image, *, keep_alpha: bool) -> Image.Image:
    """The pixels in L, LA, RGB or RGBA (sRGB), transparency kept only where it can be stored."""
    icc_profile = image.info.get("icc_profile")
    if image.mode in ("P", "PA"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    elif image.mode == "1":
        image = image.convert("L")
    elif image.mode.startswith("I"):  # 16-bit greyscale PNG
        image = image.convert("I").point(lambda value: value / 257).convert("L")
    elif image.mode in ("L", "RGB") and "transparency" in image.info:
        image = image.convert(image.mode + "A" if image.mode == "L" else "RGBA")
    if icc_profile and image.mode in ("RGB", "RGBA", "CMYK"):
        image = _to_srgb(image, icc_profile)
    if image.mode not in ("L", "LA", "RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    return image if keep_alpha else _without_alpha(image)


def _to_srgb(image: Image.Image, icc_profile: bytes) -> Image.Image:
    """Convert from the embedded colour profile, so that dropping the profile keeps the colours."""
    if ImageCms is None:
        return image
    output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        target = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(image, source, target, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        log.info("photo: unusable colour profile dropped without conversion")
        return image


def _without_alpha(image: Image.Image) -> Image.Image:
    """Flatten transparency onto white (JPEG has no alpha channel)."""
    if image.mode not in ("LA", "RGBA"):
        return image
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image.convert("RGBA"), mask=image.getchannel("A"))
    return background


def _fresh_copy(image: Image.Image) -> Image.Image:
    """A new image made from the raw pixels alone: it carries no .info, no EXIF, no profile."""
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _encode(image: Image.Image, pillow_format: str, options: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, **options)  # no exif=, icc_profile=, xmp= or pnginfo=
    return buffer.getvalue()
