"""What a user asked for, checked in one place, and turned into the files that are uploaded."""

from __future__ import annotations

import enum
import hashlib
import io
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

from ideogram_studio.core.mask import EDIT_THRESHOLD
from ideogram_studio.core.maskfile import encode_upload_mask
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate

MAX_SEED = 2_147_483_647
MAX_IMAGES = 8
# The OpenAPI specification says 10 MB per file (the prose docs say 25 MB): trust the smaller.
MAX_UPLOAD_BYTES = 10 * 1000 * 1000


class Model(enum.StrEnum):
    V_2 = "V_2"
    V_2_TURBO = "V_2_TURBO"


class MagicPrompt(enum.StrEnum):
    AUTO = "AUTO"
    ON = "ON"
    OFF = "OFF"


class StyleType(enum.StrEnum):
    AUTO = "AUTO"
    GENERAL = "GENERAL"
    REALISTIC = "REALISTIC"
    DESIGN = "DESIGN"
    RENDER_3D = "RENDER_3D"
    ANIME = "ANIME"


class RequestError(StudioError):
    """The request cannot be sent as it is; nothing was sent."""


@dataclass(frozen=True)
class EditRequest:
    """One edit as the user set it up. `mask` is the engine's: 255 = edit, image-sized."""

    image: np.ndarray
    mask: np.ndarray
    prompt: str
    model: Model = Model.V_2
    magic_prompt: MagicPrompt | None = None
    style_type: StyleType | None = None
    seed: int | None = None
    num_images: int = 1

    def validate(self) -> None:
        """Raise RequestError with a sentence for the user if this cannot be sent."""
        if not self.prompt.strip():
            raise RequestError(
                translate("Request", "Write a prompt that describes the change before generating.")
            )
        if self.image.ndim != 3 or self.image.shape[2] not in (3, 4):
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
        if not np.any(self.mask >= EDIT_THRESHOLD):
            raise RequestError(
                translate(
                    "Request",
                    "The mask marks nothing to edit: paint over the part of the photo that "
                    "should change.",
                )
            )
        if not 1 <= self.num_images <= MAX_IMAGES:
            raise RequestError(
                translate("Request", "Ask for 1 to {max_images} images, not {num_images}.").format(
                    max_images=MAX_IMAGES, num_images=self.num_images
                )
            )
        if self.seed is not None and not 0 <= self.seed <= MAX_SEED:
            raise RequestError(
                translate(
                    "Request", "The seed must be a whole number from 0 to {max_seed:,}."
                ).format(max_seed=MAX_SEED)
            )
        if self.model not in tuple(Model):
            raise RequestError(
                translate(
                    "Request", "Ideogram edits only with V_2 or V_2_TURBO, not {model}."
                ).format(model=self.model)
            )

    def form_fields(self) -> dict[str, str]:
        """The text parts of the multipart body; options left unset are omitted, never empty."""
        fields = {"prompt": self.prompt.strip(), "model": str(self.model)}
        if self.magic_prompt is not None:
            fields["magic_prompt_option"] = str(self.magic_prompt)
        if self.seed is not None:
            fields["seed"] = str(self.seed)
        if self.style_type is not None:
            fields["style_type"] = str(self.style_type)
        if self.num_images != 1:
            fields["num_images"] = str(self.num_images)
        return fields

    def describe(self) -> dict[str, object]:
        """The request as JSON-ready data for provenance (no pixels, no key)."""
        height, width = self.image.shape[:2]
        return {
            "prompt": self.prompt,
            "model": str(self.model),
            "magic_prompt_option": None if self.magic_prompt is None else str(self.magic_prompt),
            "style_type": None if self.style_type is None else str(self.style_type),
            "seed": self.seed,
            "num_images": self.num_images,
            "image_size": [width, height],
        }

    def source_sha256(self) -> str:
        # Hash the array's own memory: no 70 MB copy, and hashlib lets other threads run.
        return hashlib.sha256(memoryview(np.ascontiguousarray(self.image))).hexdigest()


@dataclass(frozen=True)
class Upload:
    """The two files as they are sent, and what was done to fit them."""

    image_bytes: bytes
    image_name: str
    image_type: str
    mask_png: bytes
    size: tuple[int, int]  # width, height actually sent
    notes: list[str] = field(default_factory=list)


def prepare_upload(request: EditRequest, limit_bytes: int = MAX_UPLOAD_BYTES) -> Upload:
    """Validate, then encode image and mask; above the size limit re-encode, then scale both."""
    request.validate()
    image = _flatten(request.image)
    mask = request.mask
    notes: list[str] = []
    height, width = image.shape[:2]
    # A 24-megapixel photo takes most of a second to encode as PNG only to be too big: skip
    # that encode when a sample of its rows already shows it cannot fit.
    encoded = _png(image) if png_may_fit(image, limit_bytes) else b""
    name, kind = "image.png", "image/png"
    if not encoded or len(encoded) > limit_bytes:
        encoded, name, kind = _jpeg(image), "image.jpg", "image/jpeg"
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
        image = cv2.resize(request.image[:, :, :3], size, interpolation=cv2.INTER_AREA)
        image = _flatten(image)
        encoded = _jpeg(image)
    if scale < 1.0:
        sent_w, sent_h = image.shape[1], image.shape[0]
        # Same geometry for the mask: nearest-neighbour, then thresholded (the API's rule).
        mask = cv2.resize(mask, (sent_w, sent_h), interpolation=cv2.INTER_NEAREST)
        notes.append(
            translate(
                "Request",
                "The photo was scaled down from {width} × {height} to "
                "{sent_w} × {sent_h} pixels (with its mask) to fit "
                "Ideogram's {megabytes} MB limit.",
            ).format(
                width=width,
                height=height,
                sent_w=sent_w,
                sent_h=sent_h,
                megabytes=limit_bytes // 1_000_000,
            )
        )
    return Upload(
        encoded, name, kind, encode_upload_mask(mask), (image.shape[1], image.shape[0]), notes
    )


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
    """RGB for upload: transparent areas are laid over white."""
    if image.shape[2] == 3:
        return image
    alpha = image[:, :, 3:4].astype(np.uint16)
    rgb = image[:, :, :3].astype(np.uint16)
    return ((rgb * alpha + 255 * (255 - alpha) + 127) // 255).astype(np.uint8)


def _png(image: np.ndarray) -> bytes:
    ok, encoded = cv2.imencode(".png", cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
    assert ok
    return encoded.tobytes()


def _jpeg(image: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="JPEG", quality=95, subsampling=0)
    return buffer.getvalue()
