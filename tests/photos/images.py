"""Test pictures made in memory, and readers for the metadata containers of JPEG, PNG and WebP."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageCms, PngImagePlugin

RED = (220, 30, 30)
BLUE = (30, 30, 220)
GREEN = (40, 180, 60)

# Every piece of metadata a test picture carries contains one of these; none may be stored.
SECRETS = [
    b"CAMERA-MAKE-SECRET",
    b"BODY-SERIAL-SECRET",
    b"MAKERNOTE-SECRET",
    b"XMP-SECRET",
    b"COMMENT-SECRET",
    b"IPTC-SECRET",
    b"PNG-TEXT-SECRET",
    b"ICC-SECRET",
]
HOMS = ((34.0, 43.0, 52.0), (36.0, 42.0, 49.0))  # degrees, minutes, seconds: a venue in Homs


def two_colours(size=(200, 100), left=RED, right=BLUE, mode="RGB") -> Image.Image:
    """Left half one colour, right half another: enough to tell which way up a picture is."""
    image = Image.new(mode, size, left)
    image.paste(right, (size[0] // 2, 0, size[0], size[1]))
    return image


def exif_with_gps(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "CAMERA-MAKE-SECRET"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x0132] = "2025:03:14 10:20:30"  # DateTime
    if orientation:
        exif[0x0112] = orientation
    details = exif.get_ifd(0x8769)  # the Exif IFD
    details[0xA431] = "BODY-SERIAL-SECRET"  # BodySerialNumber
    details[0x927C] = b"MAKERNOTE-SECRET with a device id"  # MakerNote
    details[0x9003] = "2025:03:14 10:20:30"  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)  # the GPS IFD
    gps[1], gps[2], gps[3], gps[4] = "N", HOMS[0], "E", HOMS[1]
    return exif


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description exif:GPSLatitude="34,43.8N" photoshop:Credit="XMP-SECRET"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def jpeg(image: Image.Image | None = None, **options) -> bytes:
    buffer = io.BytesIO()
    (image or two_colours()).save(buffer, "JPEG", quality=95, **options)
    return buffer.getvalue()


def jpeg_with_everything(image: Image.Image | None = None, orientation: int | None = None) -> bytes:
    """EXIF with GPS, serial and maker note; XMP; an ICC profile; a comment; IPTC."""
    data = jpeg(
        image,
        exif=exif_with_gps(orientation),
        icc_profile=srgb_profile(),
        comment=b"COMMENT-SECRET",
        xmp=XMP,
    )
    return with_iptc(data, b"IPTC-SECRET: photographed at the Safir hotel")


def with_iptc(data: bytes, caption: bytes) -> bytes:
    """Splice a Photoshop APP13 segment holding an IPTC caption (2:120) after SOI."""
    record = b"\x1c\x02\x78" + struct.pack(">H", len(caption)) + caption
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    resource += b"\x00" * (len(record) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    return data[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + data[2:]


def png(image: Image.Image | None = None, **options) -> bytes:
    buffer = io.BytesIO()
    (image or two_colours()).save(buffer, "PNG", **options)
    return buffer.getvalue()


def png_with_everything(image: Image.Image | None = None) -> bytes:
    """tEXt, zTXt and iTXt (XMP) chunks, eXIf with GPS, an ICC profile."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "PNG-TEXT-SECRET")
    info.add_text("Location", "PNG-TEXT-SECRET near the clock tower", zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    return png(image, pnginfo=info, exif=exif_with_gps(), icc_profile=srgb_profile())


def webp(image: Image.Image | None = None, **options) -> bytes:
    buffer = io.BytesIO()
    (image or two_colours()).save(buffer, "WEBP", quality=95, **options)
    return buffer.getvalue()


def webp_with_everything(image: Image.Image | None = None) -> bytes:
    return webp(image, exif=exif_with_gps(), xmp=XMP, icc_profile=srgb_profile())


def gif() -> bytes:
    buffer = io.BytesIO()
    two_colours().convert("P").save(buffer, "GIF")
    return buffer.getvalue()


def tiff() -> bytes:
    buffer = io.BytesIO()
    two_colours().save(buffer, "TIFF")
    return buffer.getvalue()


def mpo() -> bytes:
    """A multi-picture JPEG: a second, hidden picture rides along after the first."""
    buffer = io.BytesIO()
    two_colours().save(
        buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (64, 32), GREEN)]
    )
    return buffer.getvalue()


def png_bomb(width: int, height: int) -> bytes:
    """A real PNG of width x height blank pixels: a few kilobytes on disk."""
    return png(Image.new("1", (width, height)), optimize=False)


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims width x height (with a valid checksum)."""
    data = bytearray(png(Image.new("L", (8, 8))))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = header[4:]
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header (SOF0) claims width x height."""
    data = bytearray(jpeg(Image.new("RGB", (16, 16), GREEN)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """The (marker, payload) of each segment before the image data."""
    assert data[:2] == b"\xff\xd8"
    segments, position = [], 2
    while True:
        assert data[position] == 0xFF
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the pixels follow
            return segments
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        segments.append((marker, data[position + 4 : position + 2 + length]))
        position += 2 + length


def png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunks.append(data[position + 4 : position + 8])
        position += 12 + length
    return chunks


def webp_chunks(data: bytes) -> list[bytes]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    chunks, position = [], 12
    while position < len(data):
        (length,) = struct.unpack("<I", data[position + 4 : position + 8])
        chunks.append(data[position : position + 4])
        position += 8 + length + length % 2
    return chunks
