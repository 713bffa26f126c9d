"""What a photo's file says about itself besides its pixels, kept to save results in its terms."""

from __future__ import annotations

from dataclasses import dataclass


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
