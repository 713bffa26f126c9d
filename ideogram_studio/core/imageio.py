"""Opening photos into numpy arrays, the way a designer's other tools show them.

Every failure becomes an ImageLoadError with one sentence for the user; nothing a broken or
hostile file does may hang, crash, or allocate more than the size limit allows.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import IO, TypeVar

import cv2
import numpy as np
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from ideogram_studio.core.colour import to_srgb8, usable_profile
from ideogram_studio.core.metadata import PhotoInfo, read_info
from ideogram_studio.errors import ImageLoadError
from ideogram_studio.i18n import translate

# 150 megapixels covers every camera on the market (the largest medium-format sensors are
# about 100 MP) while keeping one RGBA copy under 600 MB.
MAX_PIXELS = 150_000_000

ImageSource = str | os.PathLike[str] | bytes
T = TypeVar("T")

# How the formats Ideogram Studio reads begin: a file that starts so but cannot be
# identified is a damaged image, not some other kind of file.
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")
_ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}
_heif_registered: bool | None = None


def heif_supported() -> bool:
    """Register the HEIC/HEIF opener once if pillow-heif is installed."""
    global _heif_registered
    if _heif_registered is None:
        try:
            from pillow_heif import register_heif_opener
        except ImportError:
            _heif_registered = False
        else:
            register_heif_opener()
            _heif_registered = True
    return _heif_registered


def describe_source(source: ImageSource) -> str:
    if isinstance(source, bytes):
        return translate("Image", "The image")
    return translate("Image", "“{name}”").format(name=Path(source).name)


def load_image(source: ImageSource, *, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Decode a file (path or bytes) into an (height, width, 3 or 4) uint8 array in sRGB.

    EXIF orientation is applied, so the array is what the user sees; colour profiles are
    converted to sRGB; palette, CMYK, grayscale and 16-bit images become 8-bit RGB; alpha is
    kept (4 channels) only when the file has transparency. Animated files give their first frame.
    For masks, results and thumbnails; a photo to edit is opened with `decode_photo`.
    """
    # The photo's own reading, then the screen's conversion: a result saved in the photo's
    # terms (16 bits, a profile, transparency) is shown exactly as the photo itself is.
    pixels, info = _decode(source, max_pixels, _photo_pixels)
    return to_srgb8(pixels, info.icc_profile)


def decode_photo(
    source: ImageSource, *, max_pixels: int = MAX_PIXELS
) -> tuple[np.ndarray, PhotoInfo]:
    """A photo to edit: its pixels in its own colour space, upright, and what its file says.

    RGB and RGBA photos keep their values (8 or 16 bits) and their ICC profile: nothing is
    converted, so what is saved outside an edit is what was read. Other kinds (CMYK, palette,
    grayscale) become 8-bit RGB in sRGB, as `load_image` gives them, with no profile.
    """
    return _decode(source, max_pixels, _photo_pixels)


def _decode(
    source: ImageSource, max_pixels: int, convert: Callable[[Image.Image, IO[bytes]], T]
) -> T:
    heif_supported()
    name = describe_source(source)
    stream = _open_stream(source, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                width, height = image.size
                if width <= 0 or height <= 0:
                    raise ImageLoadError(
                        translate("Image", "{name} has no pixels ({width} × {height}).").format(
                            name=name, width=width, height=height
                        )
                    )
                if width * height > max_pixels:
                    raise ImageLoadError(
                        translate(
                            "Image",
                            "{name} is {width} × {height} pixels, too large to edit: "
                            "Ideogram Studio opens images up to {limit} megapixels.",
                        ).format(
                            name=name,
                            width=f"{width:,}",
                            height=f"{height:,}",
                            limit=max_pixels // 1_000_000,
                        )
                    )
                return convert(image, stream)
    except ImageLoadError:
        raise
    except Image.DecompressionBombError as error:
        # Pillow refuses absurd headers inside open(); its message carries the pixel count.
        found = re.search(r"\((\d+) pixels\)", str(error))
        megapixels = f"{int(found.group(1)) // 1_000_000:,}" if found else "?"
        raise ImageLoadError(
            translate(
                "Image",
                "{name} is {megapixels} megapixels, too large to edit: Ideogram Studio opens "
                "images up to {limit} megapixels.",
            ).format(name=name, megapixels=megapixels, limit=max_pixels // 1_000_000)
        ) from error
    except UnidentifiedImageError as error:
        if _has_image_signature(source):
            raise ImageLoadError(_damaged(name)) from error
        raise ImageLoadError(
            translate(
                "Image", "{name} is not an image Ideogram Studio can read (it reads {formats})."
            ).format(name=name, formats=supported_formats_text())
        ) from error
    except MemoryError as error:
        raise ImageLoadError(
            translate("Image", "{name} needs more memory than this computer has free.").format(
                name=name
            )
        ) from error
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as error:
        raise ImageLoadError(_damaged(name)) from error
    finally:
        stream.close()


def _photo_pixels(image: Image.Image, stream: IO[bytes]) -> tuple[np.ndarray, PhotoInfo]:
    info = read_info(image)
    deep = _is_16_bit_rgb(image)  # before anything loads the image: that clears its tiles
    orientation = _orientation(image)
    if deep:
        # Pillow holds 16-bit colour as 8 bits; OpenCV decodes PNG and TIFF at full depth.
        stream.seek(0)
        decoded = cv2.imdecode(np.frombuffer(stream.read(), np.uint8), cv2.IMREAD_UNCHANGED)
        if decoded is not None and decoded.dtype == np.uint16 and decoded.ndim == 3:
            code = cv2.COLOR_BGRA2RGBA if decoded.shape[2] == 4 else cv2.COLOR_BGR2RGB
            pixels = _orient(cv2.cvtColor(decoded, code), orientation)
            return pixels, replace(info, icc_profile=usable_profile(info.icc_profile))
    image.load()
    if image.mode in {"RGB", "RGBA"} or (image.mode in {"P", "L", "LA"} and _keeps_values(image)):
        upright = _upright(image)
        mode = "RGBA" if _has_alpha(upright) else "RGB"
        pixels = np.array(upright if upright.mode == mode else upright.convert(mode), np.uint8)
        return pixels, replace(info, icc_profile=usable_profile(info.icc_profile))
    return _to_array(_upright(image)), replace(info, icc_profile=None)


def _keeps_values(image: Image.Image) -> bool:
    """Palette and grayscale images keep their values as RGB when they carry no profile of
    their own kind (a grey profile cannot describe RGB pixels)."""
    return not image.info.get("icc_profile") or image.mode == "P"


def _is_16_bit_rgb(image: Image.Image) -> bool:
    if image.mode not in {"RGB", "RGBA"} or image.format not in {"PNG", "TIFF"} or not image.tile:
        return False
    args = image.tile[0][3]
    rawmode = args if isinstance(args, str) else (args[0] if args else "")
    return isinstance(rawmode, str) and ";16" in rawmode


def _orientation(image: Image.Image) -> int:
    try:
        value = int(image.getexif().get(0x0112, 1))
    except Exception:  # noqa: BLE001 - corrupt EXIF is common and harmless to ignore
        return 1
    return value if 1 <= value <= 8 else 1


def _orient(pixels: np.ndarray, orientation: int) -> np.ndarray:
    """Turn pixels upright as EXIF orientation `orientation` says (as exif_transpose does)."""
    steps = {
        2: lambda a: a[:, ::-1],
        3: lambda a: a[::-1, ::-1],
        4: lambda a: a[::-1],
        5: lambda a: a.transpose(1, 0, 2),
        6: lambda a: a.transpose(1, 0, 2)[:, ::-1],
        7: lambda a: a.transpose(1, 0, 2)[::-1, ::-1],
        8: lambda a: a.transpose(1, 0, 2)[::-1],
    }
    step = steps.get(orientation)
    return pixels if step is None else np.ascontiguousarray(step(pixels))


def _damaged(name: str) -> str:
    return translate(
        "Image",
        "{name} is damaged or incomplete (the file may be cut off); "
        "try exporting it again from the program that made it.",
    ).format(name=name)


def supported_formats_text() -> str:
    if heif_supported():
        return translate("Image", "JPEG, PNG, WebP, BMP, TIFF, GIF and HEIC")
    return "JPEG, PNG, WebP, BMP, TIFF, GIF"


def encode_png(pixels: np.ndarray, *, compress_level: int = 1) -> bytes:
    """PNG bytes of an (h, w), (h, w, 3) or (h, w, 4) uint8 array (OpenCV: fast at photo size)."""
    if pixels.ndim == 3:
        code = cv2.COLOR_RGBA2BGRA if pixels.shape[2] == 4 else cv2.COLOR_RGB2BGR
        pixels = cv2.cvtColor(np.ascontiguousarray(pixels), code)
    else:
        pixels = np.ascontiguousarray(pixels)
    ok, encoded = cv2.imencode(".png", pixels, [cv2.IMWRITE_PNG_COMPRESSION, compress_level])
    if not ok:  # pragma: no cover - OpenCV cannot fail on a valid uint8 array
        raise RuntimeError("PNG encoding failed")
    return encoded.tobytes()


def _open_stream(source: ImageSource, name: str) -> io.BufferedIOBase:
    if isinstance(source, bytes):
        if not source:
            raise ImageLoadError(translate("Image", "{name} is empty (0 bytes).").format(name=name))
        return io.BytesIO(source)
    path = Path(source)
    try:
        if path.is_dir():
            raise ImageLoadError(
                translate("Image", "{name} is a folder, not an image file.").format(name=name)
            )
        if path.stat().st_size == 0:
            raise ImageLoadError(
                translate("Image", "{name} is empty (0 bytes): the file holds no image.").format(
                    name=name
                )
            )
        return open(path, "rb")  # noqa: SIM115 - closed by load_image
    except FileNotFoundError as error:
        raise ImageLoadError(
            translate("Image", "{name} does not exist (it may have been moved or deleted).").format(
                name=name
            )
        ) from error
    except PermissionError as error:
        raise ImageLoadError(
            translate("Image", "{name} cannot be read: permission denied.").format(name=name)
        ) from error
    except OSError as error:
        raise ImageLoadError(
            translate("Image", "{name} cannot be read ({reason}).").format(
                name=name, reason=error.strerror or error
            )
        ) from error


def _has_image_signature(source: ImageSource) -> bool:
    if isinstance(source, bytes):
        head = source[:8]
    else:
        try:
            with open(source, "rb") as file:
                head = file.read(8)
        except OSError:
            return False
    return head.startswith(_SIGNATURES) or head[4:8] == b"ftyp"  # ftyp: HEIC


def _upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation; a broken EXIF block must not stop the photo opening."""
    try:
        return ImageOps.exif_transpose(image) or image
    except Exception:  # noqa: BLE001 - corrupt EXIF is common and harmless to ignore
        return image


def _has_alpha(image: Image.Image) -> bool:
    if image.mode in _ALPHA_MODES:
        return True
    return image.mode in {"P", "L", "RGB"} and "transparency" in image.info


def _to_srgb(image: Image.Image, mode: str) -> Image.Image | None:
    """Convert through the embedded ICC profile (CMYK, Adobe RGB, Display P3) when there is one."""
    icc = image.info.get("icc_profile")
    if not icc:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if image.mode == "RGB" and "srgb" in ImageCms.getProfileDescription(profile).lower():
            return None
        return ImageCms.profileToProfile(
            image, profile, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None


def _to_array(image: Image.Image) -> np.ndarray:
    if image.mode in {"I", "I;16", "I;16B", "I;16L", "I;16N", "F"}:
        gray = _high_bit_depth_gray_to_8bit(np.asarray(image))
        return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))
    if _has_alpha(image):
        converted = image.convert("RGBA")
        return np.array(converted, dtype=np.uint8)
    if image.mode in {"RGB", "CMYK"}:
        managed = _to_srgb(image, "RGB")
        if managed is not None:
            image = managed
    converted = image if image.mode == "RGB" else image.convert("RGB")
    return np.array(converted, dtype=np.uint8)


def _high_bit_depth_gray_to_8bit(values: np.ndarray) -> np.ndarray:
    if values.dtype.kind == "f":
        scale = 255.0 if float(np.nanmax(values, initial=0.0)) <= 1.0 else 1.0
        return np.clip(np.nan_to_num(values) * scale + 0.5, 0, 255).astype(np.uint8)
    # 16-bit samples: keep the high byte, with rounding (65535 -> 255, 32768 -> 128).
    wide = values.astype(np.uint32)
    return np.clip((wide * 255 + 32767) // 65535, 0, 255).astype(np.uint8)


def thumbnail(pixels: np.ndarray, side: int = 192) -> np.ndarray:
    """A copy whose longer side is at most `side` (area-averaged), contiguous: for thumbnails."""
    height, width = pixels.shape[:2]
    scale = min(1.0, side / max(height, width))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA) if scale < 1 else pixels
    return np.ascontiguousarray(small).copy()
