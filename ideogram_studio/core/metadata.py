"""What a photo's file says about itself besides its pixels, kept to save results in its terms."""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PIL import Image, ImageCms, JpegImagePlugin

_T = TypeVar("_T")


@dataclass(frozen=True)
class PhotoInfo:
    """The source file's format, colour profile and metadata.

    `icc_profile` is the colour space the photo's pixels are in (None: sRGB, as for untagged
    files). `exif` and `xmp` are the file's own blocks; `exif` is a TIFF structure as Pillow's
    `Image.Exif.load` accepts it (with or without the "Exif\\0\\0" prefix).
    """

    format: str | None = None  # Pillow's name: "JPEG", "PNG", "WEBP", "TIFF", "HEIF"…
    icc_profile: bytes | None = None
    exif: bytes | None = None
    xmp: bytes | None = None
    jpeg_subsampling: int | None = None  # Pillow's codes: 0 = 4:4:4, 1 = 4:2:2, 2 = 4:2:0
    webp_lossless: bool = False


# IFD0 tags that describe the photo (camera, dates, author), not a TIFF file's pixel layout:
# from a TIFF source only these are carried into the result's EXIF.
_DESCRIPTIVE_IFD0_TAGS = frozenset(
    {
        0x010E,  # ImageDescription
        0x010F,  # Make
        0x0110,  # Model
        0x0112,  # Orientation
        0x011A,  # XResolution
        0x011B,  # YResolution
        0x0128,  # ResolutionUnit
        0x0131,  # Software
        0x0132,  # DateTime
        0x013B,  # Artist
        0x4746,  # Rating
        0x4749,  # RatingPercent
        0x8298,  # Copyright
        0x9C9B,  # XPTitle
        0x9C9C,  # XPComment
        0x9C9D,  # XPAuthor
        0x9C9E,  # XPKeywords
        0x9C9F,  # XPSubject
    }
)
EXIF_IFD = 0x8769
GPS_IFD = 0x8825
_XMP_TAG = 700


def read_info(image: Image.Image) -> PhotoInfo:
    """What `image` (opened, loaded or not) says about itself; broken metadata is dropped."""
    fmt = image.format
    return PhotoInfo(
        format=fmt,
        icc_profile=_rgb_profile(image.info.get("icc_profile")),
        exif=_guarded(_tiff_exif if fmt == "TIFF" else _plain_exif, image),
        xmp=_guarded(_xmp, image),
        jpeg_subsampling=_guarded(_subsampling, image) if fmt in ("JPEG", "MPO") else None,
        webp_lossless=bool(_guarded(_webp_lossless, image)) if fmt == "WEBP" else False,
    )


def _guarded(read: Callable[[Image.Image], _T | None], image: Image.Image) -> _T | None:
    try:
        return read(image)
    except Exception:  # noqa: BLE001 - a file's broken metadata must never stop it opening
        return None


def _rgb_profile(icc: object) -> bytes | None:
    """The profile when LittleCMS reads it as an RGB one (the only kind our pixels can be in)."""
    if not isinstance(icc, bytes) or not icc:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except Exception:  # noqa: BLE001 - PyCMSError, OSError… from a damaged profile
        return None
    return icc if profile.profile.xcolor_space.strip() == "RGB" else None


def _plain_exif(image: Image.Image) -> bytes | None:
    data = image.info.get("exif")
    if not isinstance(data, bytes) or not data:
        return None
    Image.Exif().load(data)  # raises on what cannot be parsed: dropped by _guarded
    return data


def _tiff_exif(image: Image.Image) -> bytes | None:
    """A TIFF's IFD0 holds its pixel layout too: keep only the descriptive tags, with the Exif
    and GPS sub-IFDs, as a stand-alone EXIF block."""
    source = image.getexif()
    exif = Image.Exif()
    for tag, value in source.items():
        if tag in _DESCRIPTIVE_IFD0_TAGS:
            exif[tag] = value
    for tag in (EXIF_IFD, GPS_IFD):
        if tag in source:
            sub = source.get_ifd(tag)
            if sub:
                exif[tag] = dict(sub)
    if not len(exif):
        return None
    return exif.tobytes()


def _xmp(image: Image.Image) -> bytes | None:
    data = image.info.get("xmp")
    if data is None and image.format == "TIFF":
        data = getattr(image, "tag_v2", {}).get(_XMP_TAG)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if isinstance(data, tuple):  # some TIFF writers store XMP as a tuple of BYTE values
        data = bytes(data)
    return data if isinstance(data, bytes) and data.strip() else None


def _subsampling(image: Image.Image) -> int | None:
    sampling = JpegImagePlugin.get_sampling(image)
    return sampling if sampling in (0, 1, 2) else None


def _webp_lossless(image: Image.Image) -> bool:
    """Whether the first frame's bitstream is VP8L (lossless), from the RIFF chunks."""
    stream = getattr(image, "fp", None) or getattr(image, "_fp", None)
    if stream is None or not hasattr(stream, "seek"):
        return False
    position = stream.tell()
    try:
        stream.seek(0)
        header = stream.read(12)
        if header[:4] != b"RIFF" or header[8:12] != b"WEBP":
            return False
        for _ in range(64):  # the bitstream chunk comes after a few metadata chunks at most
            chunk = stream.read(8)
            if len(chunk) < 8:
                return False
            kind, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if kind in (b"VP8L", b"VP8 "):
                return kind == b"VP8L"
            if kind == b"ANMF":  # an animation: its first frame's sub-chunks follow a header
                stream.seek(16, os.SEEK_CUR)
                continue
            stream.seek(size + (size & 1), os.SEEK_CUR)
        return False
    finally:
        stream.seek(position)
