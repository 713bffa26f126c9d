"""What a user asked for, checked in one place, and turned into the files that are uploaded."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

# The options live in options.py; many callers still reach their names here.
from ideogram_studio.backends.options import (
    MAX_IMAGES,
    MAX_SEED,
    MAX_UPLOAD_BYTES,
    STYLES_FOR,
    EditApiId,
    EditOptions,
    MagicPrompt,
    Model,
    Palette,
    RenderingSpeed,
    RequestError,
    StyleType,
    Swatch,
)
from ideogram_studio.core.colour import to_srgb8
from ideogram_studio.core.encode import flatten_on_white
from ideogram_studio.core.mask import marks_edit, scaled_edit_pixels
from ideogram_studio.core.maskfile import encode_upload_mask
from ideogram_studio.core.metadata import PhotoInfo
from ideogram_studio.i18n import translate

__all__ = [
    "MAX_IMAGES",
    "MAX_SEED",
    "MAX_UPLOAD_BYTES",
    "STYLES_FOR",
    "EditApiId",
    "EditOptions",
    "EditRequest",
    "EncodedImage",
    "FilePart",
    "MagicPrompt",
    "Model",
    "Palette",
    "RenderingSpeed",
    "RequestError",
    "StyleType",
    "Swatch",
    "Upload",
    "encode_image",
    "png_may_fit",
    "prepare_upload",
    "source_digest",
]


def is_photo_array(image: np.ndarray) -> bool:
    """Whether `image` is what a request can send: RGB or RGBA, 8 or 16 bits."""
    return image.ndim == 3 and image.shape[2] in (3, 4) and image.dtype in (np.uint8, np.uint16)


def srgb_view(image: np.ndarray, info: PhotoInfo, display: np.ndarray | None) -> np.ndarray:
    """`image` as the screen shows it (8-bit sRGB): `display` when the caller has it already."""
    return display if display is not None else to_srgb8(image, info.icc_profile)


@dataclass(frozen=True)
class EditRequest:
    """One edit: the photo, its mask (the engine's: 255 = edit, image-sized) and the options.

    `image` is the photo's own pixels (uint8 or uint16, RGB or RGBA) in the colour space of
    `info.icc_profile`: results are composited into them and saved in the photo's terms. What
    is sent is converted to 8-bit sRGB on the way out (`prepare_sending`).
    """

    image: np.ndarray
    mask: np.ndarray
    options: EditOptions = field(default_factory=EditOptions)
    info: PhotoInfo = field(default_factory=PhotoInfo)
    # The photo's sRGB view when the caller has it already (the window shows it): no recompute.
    display: np.ndarray | None = field(default=None, repr=False, compare=False)
    # The file `image` was read from, unchanged (a batch's photo): the history keeps a copy of
    # its bytes rather than encoding the pixels again (a second or more for 12 MP as PNG).
    origin: Path | None = field(default=None, repr=False, compare=False)

    def shown(self) -> np.ndarray:
        """The photo as the screen shows it: 8-bit sRGB."""
        return srgb_view(self.image, self.info, self.display)

    def validate(self) -> None:
        """Raise RequestError with a sentence for the user if this cannot be sent."""
        self.options.validate()
        if not is_photo_array(self.image):
            raise RequestError(translate("Request", "The image must be an RGB or RGBA photo."))
        height, width = self.image.shape[:2]
        if self.mask.shape != (height, width):
            raise RequestError(
                translate(
                    "Request",
                    "The mask is {mask_width} × {mask_height} pixels but the "
                    "image is {width} × {height}: they must be the same size.",
                ).format(
                    mask_width=self.mask.shape[1],
                    mask_height=self.mask.shape[0],
                    width=width,
                    height=height,
                )
            )
        if not marks_edit(self.mask):
            raise RequestError(
                translate(
                    "Request",
                    "The mask marks nothing to edit: paint over the part of the photo that "
                    "should change.",
                )
            )

    def describe(self) -> dict[str, object]:
        """The request as JSON-ready data for provenance (no pixels, no key): the chosen
        API's fields as it names them, and the photo's size."""
        height, width = self.image.shape[:2]
        return self.options.sent() | {"image_size": [width, height]}

    def source_sha256(self) -> str:
        return source_digest(self.image, self.info)


def source_digest(image: np.ndarray, info: PhotoInfo) -> str:
    """A photo's identity for the history: its pixels and what its file said (the same
    pixels with another profile, or without their GPS, are another photo, kept apart)."""
    # Hash the array's own memory: no 70 MB copy, and hashlib lets other threads run.
    digest = hashlib.sha256(memoryview(np.ascontiguousarray(image)))
    described = (image.dtype.str, image.shape, info.format, info.jpeg_subsampling)
    digest.update(repr((described, info.webp_lossless)).encode())
    for block in (info.icc_profile, info.exif, info.xmp):
        digest.update(len(block or b"").to_bytes(8, "big") + (block or b""))
    return digest.hexdigest()


# A file part as it is sent: (file name, bytes, content type).
FilePart = tuple[str, bytes, str]


@dataclass(frozen=True)
class Upload:
    """The files as they are sent, and what was done to fit them: the photo and its mask,
    and the API's other files (3.0's references) as (field name, part) pairs, in order."""

    image_bytes: bytes
    image_name: str
    image_type: str
    mask_png: bytes
    size: tuple[int, int]  # width, height actually sent
    notes: list[str] = field(default_factory=list)
    extra_files: tuple[tuple[str, FilePart], ...] = ()


def prepare_upload(request: EditRequest, limit_bytes: int = MAX_UPLOAD_BYTES) -> Upload:
    """Validate, then encode image and mask; above the size limit re-encode, then scale both."""
    request.validate()
    encoded = encode_image(request.image, limit_bytes)
    mask = request.mask
    if encoded.size != (request.image.shape[1], request.image.shape[0]):
        # Same geometry for the mask: two-valued, every painted pixel still covered.
        mask = scaled_edit_pixels(mask, encoded.size)
    return Upload(
        encoded.data,
        encoded.name,
        encoded.kind,
        encode_upload_mask(mask),
        encoded.size,
        list(encoded.notes),
    )


@dataclass(frozen=True)
class EncodedImage:
    """One image as it is uploaded, and what was done to fit it under the limit."""

    data: bytes
    name: str
    kind: str  # its content type
    size: tuple[int, int]  # width, height actually sent
    notes: tuple[str, ...] = ()


def encode_image(
    image: np.ndarray, limit_bytes: int = MAX_UPLOAD_BYTES, *, with_mask: bool = True
) -> EncodedImage:
    """8-bit pixels as PNG, or as a high-quality JPEG above the limit, scaled down until the
    JPEG fits: every API's image file (an edit's photo, the image to upscale or describe;
    `with_mask`: the note says its mask was scaled with it)."""
    flat = _flatten(image)
    notes: list[str] = []
    height, width = flat.shape[:2]
    # A 24-megapixel photo takes most of a second to encode as PNG only to be too big: skip
    # that encode when a sample of its rows already shows it cannot fit.
    encoded = _png(flat) if png_may_fit(flat, limit_bytes) else b""
    name, kind = "image.png", "image/png"
    if not encoded or len(encoded) > limit_bytes:
        encoded, name, kind = _jpeg(flat), "image.jpg", "image/jpeg"
        notes.append(
            translate(
                "Request",
                "The photo was sent as a high-quality JPEG: as PNG it is "
                "over Ideogram's {megabytes} MB limit.",
            ).format(megabytes=limit_bytes // 1_000_000)
        )
    scale = 1.0
    while len(encoded) > limit_bytes:
        scale *= 0.8
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        flat = cv2.resize(image[:, :, :3], size, interpolation=cv2.INTER_AREA)
        flat = _flatten(flat)
        encoded = _jpeg(flat)
    if scale < 1.0:
        scaled = (
            translate(
                "Request",
                "The photo was scaled down from {width} × {height} to "
                "{sent_w} × {sent_h} pixels (with its mask) to fit "
                "Ideogram's {megabytes} MB limit.",
            )
            if with_mask
            else translate(
                "Request",
                "The image was scaled down from {width} × {height} to "
                "{sent_w} × {sent_h} pixels to fit Ideogram's {megabytes} MB limit.",
            )
        )
        notes.append(
            scaled.format(
                width=width,
                height=height,
                sent_w=flat.shape[1],
                sent_h=flat.shape[0],
                megabytes=limit_bytes // 1_000_000,
            )
        )
    return EncodedImage(encoded, name, kind, (flat.shape[1], flat.shape[0]), tuple(notes))


def png_may_fit(image: np.ndarray, limit_bytes: int, *, band: int = 16, every: int = 8) -> bool:
    """False when bands of rows (1/`every` of the image) predict a PNG well over the limit."""
    if image.nbytes <= limit_bytes or image.shape[0] < band * every * 4:
        return True  # small enough to just try
    sample = np.concatenate(
        [image[top : top + band] for top in range(0, image.shape[0], band * every)]
    )
    estimate = len(_png(sample)) * image.shape[0] / sample.shape[0]
    return estimate <= limit_bytes * 1.3


def _flatten(image: np.ndarray) -> np.ndarray:
    """RGB for upload: transparent areas are laid over white (as a JPEG result is)."""
    return image if image.shape[2] == 3 else flatten_on_white(image)


def _png(image: np.ndarray) -> bytes:
    ok, encoded = cv2.imencode(".png", cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
    assert ok
    return encoded.tobytes()


def _jpeg(image: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="JPEG", quality=95, subsampling=0)
    return buffer.getvalue()
