"""Ideogram 3.0's reference images (style references, a character reference and its mask) as
the parts that are sent: read when the upload is prepared, on the worker thread.

JPEG, PNG and WebP go as they are (the API takes them; re-encoding would only lose quality);
any other format the studio opens (HEIC, TIFF, BMP…) is re-encoded to PNG in sRGB, or to JPEG
when the PNG would be over the per-file limit. Every file is decoded whole first, so that a
broken one is refused with a sentence naming it before anything is paid for.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from ideogram_studio.backends.options import (
    MAX_STYLE_REFERENCES_BYTES,
    MAX_UPLOAD_BYTES,
    EditOptions,
    RequestError,
)
from ideogram_studio.backends.request import FilePart
from ideogram_studio.core.encode import flatten_on_white
from ideogram_studio.core.imageio import encode_png, load_image
from ideogram_studio.errors import ImageLoadError
from ideogram_studio.i18n import translate

log = logging.getLogger(__name__)

STYLE_FIELD = "style_reference_images"
CHARACTER_FIELD = "character_reference_images"
CHARACTER_MASK_FIELD = "character_reference_images_mask"
# What Ideogram takes as it is, by Pillow's format name.
SENT_AS_IS = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",  # a camera's multi-picture JPEG: a JPEG to every decoder
    "PNG": "image/png",
    "WEBP": "image/webp",
}


@dataclass(frozen=True)
class Reference:
    """One reference file as it is sent, and its size in pixels as the server will read it."""

    name: str
    data: bytes
    content_type: str
    size: tuple[int, int]  # width, height

    @property
    def part(self) -> FilePart:
        return (self.name, self.data, self.content_type)


def read_reference(path: str, limit_bytes: int = MAX_UPLOAD_BYTES) -> Reference:
    """The file at `path` ready to send; RequestError with one sentence naming it otherwise."""
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        log.info("reference %s cannot be read: %r", name, error)
        raise RequestError(
            translate(
                "Request", "The reference image {name} cannot be read: it was moved or removed."
            ).format(name=name)
        ) from None
    try:
        pixels = load_image(data)  # every check a photo gets: damaged, absurdly large, no image
        with Image.open(io.BytesIO(data)) as image:
            kind, size = image.format, image.size
    except (ImageLoadError, OSError, ValueError) as error:
        log.info("reference %s is not a readable image: %s", name, error)
        raise RequestError(
            translate(
                "Request",
                "The reference image {name} is damaged or is not an image (JPEG, PNG, WebP, "
                "HEIC or TIFF).",
            ).format(name=name)
        ) from None
    if kind in SENT_AS_IS:
        reference = Reference(name, data, SENT_AS_IS[kind], size)
    else:
        # Upright and in sRGB, as the photo itself is sent.
        height, width = pixels.shape[:2]
        stem = Path(name).stem or "reference"
        reference = Reference(
            f"{stem}.png", encode_png(pixels, compress_level=6), "image/png", (width, height)
        )
        if len(reference.data) > limit_bytes:
            reference = Reference(f"{stem}.jpg", _jpeg(pixels), "image/jpeg", (width, height))
    if len(reference.data) > limit_bytes:
        raise RequestError(
            translate("Request", "{name} is over Ideogram's {limit} MB limit for one file.").format(
                name=name, limit=limit_bytes // 1_000_000
            )
        )
    return reference


def reference_parts(options: EditOptions) -> tuple[tuple[str, FilePart], ...]:
    """The reference files of a 3.0 edit as (field name, part) pairs, in the order sent:
    each style reference, then the character reference and its mask."""
    styles = [read_reference(path) for path in options.style_refs]
    total = sum(len(reference.data) for reference in styles)
    if total > MAX_STYLE_REFERENCES_BYTES:  # as sent: a re-encoded file may have grown
        raise RequestError(
            translate(
                "Request",
                "The style reference images come to {size} MB together; Ideogram takes "
                "{limit} MB in total: use fewer or smaller images.",
            ).format(size=f"{total / 1e6:.1f}", limit=MAX_STYLE_REFERENCES_BYTES // 1_000_000)
        )
    parts = [(STYLE_FIELD, reference.part) for reference in styles]
    if options.character_ref is not None:
        character = read_reference(options.character_ref)
        parts.append((CHARACTER_FIELD, character.part))
        if options.character_mask is not None:
            mask = read_reference(options.character_mask)
            if mask.size != character.size:
                raise RequestError(
                    translate(
                        "Request",
                        "The character mask {mask} is {mask_width} × {mask_height} pixels but "
                        "the character reference {name} is {width} × {height}: they must be "
                        "the same size.",
                    ).format(
                        mask=mask.name,
                        mask_width=mask.size[0],
                        mask_height=mask.size[1],
                        name=character.name,
                        width=character.size[0],
                        height=character.size[1],
                    )
                )
            parts.append((CHARACTER_MASK_FIELD, mask.part))
    return tuple(parts)


def recorded_files(options: object) -> dict[str, object]:
    """The reference images' paths, which the history keeps to restore a 3.0 job whole (the
    provenance in saved files names them only: a path would tell where the user keeps them).
    Options of an upscale, or of the legacy edit, have none."""
    if not isinstance(options, EditOptions) or not options.is_v3:
        return {}
    files = {
        "style_refs": list(options.style_refs),
        "character_ref": options.character_ref,
        "character_mask": options.character_mask,
    }
    return {"reference_files": files} if any(files.values()) else {}


def _jpeg(pixels: np.ndarray) -> bytes:
    """An sRGB RGB or RGBA array as a JPEG; transparency laid over white."""
    rgb = pixels if pixels.shape[2] == 3 else flatten_on_white(pixels)
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="JPEG", quality=95, subsampling=0)
    return buffer.getvalue()
