"""The photo being edited: its own pixels, what its file said, and the sRGB view of it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import numpy as np
from PIL import Image

from ideogram_studio.core import encode
from ideogram_studio.core.colour import to_srgb8
from ideogram_studio.core.imageio import decode_photo
from ideogram_studio.core.metadata import PhotoInfo


@dataclass(frozen=True, eq=False)
class Photo:
    """Decoded pixels (read-only: jobs share them) and what the file said about itself.

    `pixels` are the file's own values, upright (EXIF orientation applied), in the colour space
    of `info.icc_profile` (None: sRGB), uint8 or uint16, RGB or RGBA. They are what results are
    composited into and saved from. `display` is the 8-bit sRGB view: what the screen shows,
    what tools that look at colours see, and what is sent to the API.
    Photos that come from no file (pasted, a result used as input) are sRGB with no metadata.
    """

    pixels: np.ndarray
    name: str
    path: Path | None = None
    info: PhotoInfo = field(default_factory=PhotoInfo)

    def __post_init__(self) -> None:
        self.pixels.flags.writeable = False

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    @property
    def format(self) -> str | None:
        return self.info.format

    @cached_property
    def display(self) -> np.ndarray:
        view = to_srgb8(self.pixels, self.info.icc_profile)
        if view is not self.pixels:
            view.flags.writeable = False
        return view


def read_photo(path: Path) -> Photo:
    """Open a photo file (ImageLoadError with one sentence when it cannot be read)."""
    pixels, info = decode_photo(path)
    return Photo(pixels, path.name, path, info)


# The text chunk of a photo copy that says what the copy cannot: the source's own format.
_SOURCE_KEY = "ideogram_studio_source"


def encode_copy(pixels: np.ndarray, info: PhotoInfo) -> bytes:
    """A lossless PNG copy of a photo (the session's, the history's) that `read_copy` turns
    back into the same pixels, at the same depth, with the same profile and metadata."""
    source = {
        "format": info.format,
        "jpeg_subsampling": info.jpeg_subsampling,
        "webp_lossless": info.webp_lossless,
    }
    return encode.encode_copy(pixels, info, texts={_SOURCE_KEY: json.dumps(source)})


def read_copy(path: Path, name: str) -> Photo:
    """A photo written by `encode_copy`, as it was (ImageLoadError when it cannot be read)."""
    pixels, info = decode_photo(path)
    try:
        with Image.open(path) as image:
            if image.format != "PNG":  # the photo's own file, copied as it was (a batch's)
                return Photo(pixels, name, None, info)
            source = json.loads(image.info.get(_SOURCE_KEY) or "{}")
        subsampling = source.get("jpeg_subsampling")
        info = replace(
            info,
            format=str(source["format"]) if source.get("format") else None,
            jpeg_subsampling=int(subsampling) if subsampling is not None else None,
            webp_lossless=bool(source.get("webp_lossless")),
        )
    except (OSError, ValueError, TypeError, AttributeError):
        info = replace(info, format=None)  # a copy from an earlier version: plain sRGB PNG
    return Photo(pixels, name, None, info)
