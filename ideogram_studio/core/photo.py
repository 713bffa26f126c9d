"""The photo being edited, with what was read about it besides its pixels."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from ideogram_studio.core.imageio import load_image


@dataclass(frozen=True, eq=False)
class Photo:
    """Decoded pixels (read-only: jobs share them) and what the file said about itself.

    The pixels are as `load_image` gives them: upright (EXIF orientation applied) and in sRGB.
    `icc_profile` and `exif` are the file's own bytes, kept for saving results in its terms;
    they describe the file, not these pixels (its orientation tag, its colour space).
    Photos that come from no file (pasted, a result used as input) have neither.
    """

    pixels: np.ndarray
    name: str
    path: Path | None = None
    format: str | None = None  # Pillow's name: "JPEG", "PNG", "WEBP", "TIFF", "HEIF"…
    icc_profile: bytes | None = None
    exif: bytes | None = None

    def __post_init__(self) -> None:
        self.pixels.flags.writeable = False

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])


def read_photo(path: Path) -> Photo:
    """Open a photo file (ImageLoadError with one sentence when it cannot be read)."""
    pixels = load_image(path)
    format_name = icc = exif = None
    try:
        with Image.open(path) as image:  # the header only: the pixels are decoded above
            format_name = image.format
            icc = image.info.get("icc_profile") or None
            exif = image.info.get("exif") or None
    except Exception:  # load_image read it, so this is only about optional metadata
        pass
    return Photo(pixels, path.name, path, format_name, icc, exif)
