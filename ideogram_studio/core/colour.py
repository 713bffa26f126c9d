"""Colour spaces: a photo keeps its own; only what is shown on screen and what is sent to the
API is converted to sRGB, and each result is converted back into the photo's space.

A profile is the ICC profile's bytes; None means sRGB (what untagged files are). LittleCMS
(Pillow's ImageCms) does the conversions, in bands of rows on every core: it lets other
threads run, so a 24-megapixel photo converts in a fraction of what one thread takes.
"""

from __future__ import annotations

import functools
import io
import os
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np
from PIL import Image, ImageCms

# Below this many pixels one band is quicker than handing work to threads.
_PARALLEL_PIXELS = 1_000_000
_executor: ThreadPoolExecutor | None = None


def is_srgb(profile: bytes | None) -> bool:
    """True for no profile and for sRGB profiles: their pixels are used as they are, so an
    sRGB photo's values go to the API and come back into the file without any rounding."""
    if not profile:
        return True
    return _is_srgb_profile(profile)


@functools.lru_cache(maxsize=16)
def _is_srgb_profile(profile: bytes) -> bool:
    try:
        description = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile)))
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return True  # a profile LittleCMS cannot read is ignored, as viewers ignore it
    return "srgb" in description.lower()


def usable_profile(profile: bytes | None) -> bytes | None:
    """The profile if LittleCMS can convert RGB pixels with it, else None (treat as sRGB)."""
    if not profile or is_srgb(profile):
        return profile or None
    try:
        _transform(profile, True)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    return profile


def to_8bit(pixels: np.ndarray) -> np.ndarray:
    """uint8 pixels as they are; uint16 reduced with rounding (65535 -> 255)."""
    if pixels.dtype == np.uint8:
        return pixels
    return cv2.convertScaleAbs(pixels, alpha=1 / 257)


def to_depth(pixels: np.ndarray, dtype: np.dtype | type) -> np.ndarray:
    """uint8 pixels scaled to `dtype` (uint16: x 257, so 255 -> 65535)."""
    if np.dtype(dtype) == np.uint8:
        return to_8bit(pixels)
    if pixels.dtype == np.uint16:
        return pixels
    return pixels.astype(np.uint16) * np.uint16(257)


def to_srgb8(pixels: np.ndarray, profile: bytes | None) -> np.ndarray:
    """8-bit sRGB pixels (3 or 4 channels, alpha kept) for the screen and the API."""
    pixels = to_8bit(pixels)
    if is_srgb(profile):
        return pixels
    return _convert(pixels, profile, to_srgb=True)


def from_srgb8(pixels: np.ndarray, profile: bytes | None, dtype: np.dtype | type = np.uint8):
    """8-bit sRGB pixels (a result) in the photo's colour space and bit depth."""
    if not is_srgb(profile):
        pixels = _convert(to_8bit(pixels), profile, to_srgb=False)
    return to_depth(pixels, dtype)


@functools.lru_cache(maxsize=8)
def _transform(profile: bytes, to_srgb: bool) -> ImageCms.ImageCmsTransform:
    photo = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    srgb = ImageCms.createProfile("sRGB")
    source, target = (photo, srgb) if to_srgb else (srgb, photo)
    # RGBA on both sides: LittleCMS then works in place on a numpy buffer Pillow shares, with
    # no copy in or out (alpha passes through untouched).
    return ImageCms.buildTransform(
        source,
        target,
        "RGBA",
        "RGBA",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


def _convert(pixels: np.ndarray, profile: bytes | None, *, to_srgb: bool) -> np.ndarray:
    assert profile is not None
    transform = _transform(profile, to_srgb)
    has_alpha = pixels.shape[2] == 4
    work = pixels.copy() if has_alpha else cv2.cvtColor(pixels, cv2.COLOR_RGB2RGBA)
    height, width = work.shape[:2]

    def band(rows: slice) -> None:
        part = work[rows]
        shared = Image.frombuffer("RGBA", (width, part.shape[0]), part, "raw", "RGBA", 0, 1)
        transform.apply_in_place(shared)

    workers = os.cpu_count() or 1
    if workers == 1 or height * width < _PARALLEL_PIXELS:
        band(slice(0, height))
    else:
        step = -(-height // (2 * workers))  # two bands per core even out uneven cores
        list(_pool().map(band, [slice(top, top + step) for top in range(0, height, step)]))
    return work if has_alpha else cv2.cvtColor(work, cv2.COLOR_RGBA2RGB)


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(os.cpu_count() or 1, thread_name_prefix="colour")
    return _executor
