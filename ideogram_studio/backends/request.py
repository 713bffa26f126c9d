"""What a user asked for, checked in one place, and turned into the files that are uploaded."""

from __future__ import annotations

import enum
import hashlib
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import cv2
import numpy as np
from PIL import Image

from ideogram_studio.core.colour import to_srgb8
from ideogram_studio.core.encode import flatten_on_white
from ideogram_studio.core.mask import marks_edit, scaled_edit_pixels
from ideogram_studio.core.maskfile import encode_upload_mask
from ideogram_studio.core.metadata import PhotoInfo
from ideogram_studio.core.region import DEFAULT_FEATHER, MAX_FEATHER, MAX_MARGIN, RegionOptions
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
class EditOptions:
    """Everything the user chose for an edit, as one value: from the panel (or the command
    line) through the document and the queue to the backend. None sends nothing."""

    prompt: str = ""
    model: Model = Model.V_2
    magic_prompt: MagicPrompt | None = None
    style_type: StyleType | None = None
    seed: int | None = None
    num_images: int = 1
    # A region edit sends only a crop around the mask; margin and blend are kept while it is off.
    edit_region: bool = False
    margin: int | None = None  # pixels of context around the mask; None: a quarter of its box
    feather: int = DEFAULT_FEATHER  # width of the blend outside the mask, in pixels

    @property
    def region(self) -> RegionOptions | None:
        """The region edit asked for, or None when the whole photo is sent."""
        return RegionOptions(self.margin, self.feather) if self.edit_region else None

    def validate(self) -> None:
        """Raise RequestError with a sentence for the user if these options cannot be sent."""
        options = self
        if not options.prompt.strip():
            raise RequestError(
                translate("Request", "Write a prompt that describes the change before generating.")
            )
        if not 1 <= options.num_images <= MAX_IMAGES:
            raise RequestError(
                translate("Request", "Ask for 1 to {max_images} images, not {num_images}.").format(
                    max_images=MAX_IMAGES, num_images=options.num_images
                )
            )
        if options.seed is not None and not 0 <= options.seed <= MAX_SEED:
            raise RequestError(
                translate(
                    "Request", "The seed must be a whole number from 0 to {max_seed:,}."
                ).format(max_seed=MAX_SEED)
            )
        if options.model not in tuple(Model):
            raise RequestError(
                translate(
                    "Request", "Ideogram edits only with V_2 or V_2_TURBO, not {model}."
                ).format(model=options.model)
            )

    def to_names(self) -> dict[str, object]:
        """JSON-ready, by name (enum values, never list positions): for the session and the
        preferences, which must survive a model or style being added or removed."""
        return {
            "prompt": self.prompt,
            "model": str(self.model),
            "magic_prompt": _text(self.magic_prompt),
            "style_type": _text(self.style_type),
            "seed": self.seed,
            "num_images": self.num_images,
            "edit_region": self.edit_region,
            "margin": self.margin,
            "feather": self.feather,
        }

    @classmethod
    def from_names(
        cls, values: Mapping[str, object], base: EditOptions | None = None
    ) -> EditOptions:
        """Options stored by `to_names`; a missing, unknown or damaged value keeps `base`'s."""
        base = base or cls()
        return cls(
            prompt=_choose(values.get("prompt"), str, base.prompt),
            model=_choose(values.get("model"), Model, base.model),
            magic_prompt=_optional(values, "magic_prompt", MagicPrompt, base.magic_prompt),
            style_type=_optional(values, "style_type", StyleType, base.style_type),
            seed=_seed(values, base.seed),
            num_images=_choose(values.get("num_images"), _count, base.num_images),
            edit_region=_choose(values.get("edit_region"), _flag, base.edit_region),
            margin=_optional(values, "margin", _margin, base.margin),
            feather=_choose(values.get("feather"), _feather, base.feather),
        )

    @classmethod
    def from_parameters(
        cls,
        prompt: str,
        parameters: Mapping[str, object],
        seed: int | None = None,
        base: EditOptions | None = None,
    ) -> EditOptions:
        """The options of a past job as `EditRequest.describe()` and the history recorded them,
        with the seed of the chosen result when given. A job recorded without a region keeps
        `base`'s region settings (the photo's default, the user's margin and blend)."""
        region = parameters.get("region")
        names: dict[str, object] = {
            "prompt": prompt,
            "model": parameters.get("model") or str(Model.V_2),
            "magic_prompt": parameters.get("magic_prompt_option"),
            "style_type": parameters.get("style_type"),
            "seed": seed if seed is not None else parameters.get("seed"),
            "num_images": parameters.get("num_images") or 1,
        }
        if isinstance(region, dict):
            names["edit_region"] = True
            names["margin"] = region.get("margin") or None
            names["feather"] = region.get("feather") or 0
        restored = cls.from_names(names, base)
        if names["seed"] is None:  # a job that ran with a random seed: stay random
            restored = replace(restored, seed=None)
        return restored


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

    def shown(self) -> np.ndarray:
        """The photo as the screen shows it: 8-bit sRGB."""
        if self.display is not None:
            return self.display
        return to_srgb8(self.image, self.info.icc_profile)

    def validate(self) -> None:
        """Raise RequestError with a sentence for the user if this cannot be sent."""
        self.options.validate()
        if (
            self.image.ndim != 3
            or self.image.shape[2] not in (3, 4)
            or self.image.dtype not in (np.uint8, np.uint16)
        ):
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
        """The request as JSON-ready data for provenance (no pixels, no key)."""
        height, width = self.image.shape[:2]
        options = self.options
        return {
            "prompt": options.prompt,
            "model": str(options.model),
            "magic_prompt_option": _text(options.magic_prompt),
            "style_type": _text(options.style_type),
            "seed": options.seed,
            "num_images": options.num_images,
            "image_size": [width, height],
        }

    def source_sha256(self) -> str:
        """The photo's identity for the history: its pixels and what its file said (the same
        pixels with another profile, or without their GPS, are another photo, kept apart)."""
        # Hash the array's own memory: no 70 MB copy, and hashlib lets other threads run.
        digest = hashlib.sha256(memoryview(np.ascontiguousarray(self.image)))
        info = self.info
        described = (self.image.dtype.str, self.image.shape, info.format, info.jpeg_subsampling)
        digest.update(repr((described, info.webp_lossless)).encode())
        for block in (info.icc_profile, info.exif, info.xmp):
            digest.update(len(block or b"").to_bytes(8, "big") + (block or b""))
        return digest.hexdigest()


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
        # Same geometry for the mask: two-valued, every painted pixel still covered.
        mask = scaled_edit_pixels(mask, (sent_w, sent_h))
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


def _text(value: enum.StrEnum | None) -> str | None:
    return None if value is None else str(value)


T = TypeVar("T")


def _choose(value: object, convert: Callable[[Any], T], fallback: T) -> T:
    if value is None:
        return fallback
    try:
        return convert(value)
    except (TypeError, ValueError):
        return fallback  # a hand-edited file, or a model that no longer exists


def _optional(values: Mapping[str, object], key: str, convert: Callable[[Any], T], fallback: T):
    """None (or empty) stored means "Default": sends nothing."""
    if key not in values:
        return fallback
    value = values[key]
    return None if value in (None, "") else _choose(value, convert, fallback)


def _seed(values: Mapping[str, object], fallback: int | None) -> int | None:
    def convert(value: object) -> int:
        seed = int(value)  # type: ignore[call-overload]
        if not 0 <= seed <= MAX_SEED:
            raise ValueError(seed)
        return seed

    return _optional(values, "seed", convert, fallback)


def _count(value: object) -> int:
    count = int(value)  # type: ignore[call-overload]
    if not 1 <= count <= MAX_IMAGES:
        raise ValueError(count)
    return count


def _pixels(value: object, limit: int) -> int:
    pixels = int(value)  # type: ignore[call-overload]
    if pixels < 0:
        raise ValueError(pixels)
    return min(pixels, limit)  # what the panel can show is what is sent


def _margin(value: object) -> int:
    return _pixels(value, MAX_MARGIN)


def _feather(value: object) -> int:
    return _pixels(value, MAX_FEATHER)


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "1"):
        return True
    if str(value).lower() in ("false", "0"):
        return False
    raise ValueError(value)


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
