"""Ideogram's Upscale (`POST /upscale`, a relay's `/ideogram/upscale`) as one API module: it
uploads one image (`image_file`, 8-bit sRGB under 10 MB) and a text part `image_request`
holding JSON (resemblance and detail from 1 to 100, an optional prompt, magic prompt, count
and seed). It answers as the edit does (`data[]` of URLs to larger images; unsafe ones
withheld, still billed), so legacy_edit's backend reads the answer; only what is sent and
what is said while sending differ.

An upscale is a job like an edit and runs through the same path (service.run_edit): its
request is an `UpscaleRequest`, the image in its own colour space and depth with what its
file said, so the upscaled images are saved in the photo's terms, and the history links the
job to the result it started from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import requests

from ideogram_studio.backends.http import Multipart
from ideogram_studio.backends.legacy_edit import LegacyEditBackend
from ideogram_studio.backends.options import MAX_IMAGES, MAX_SEED, MagicPrompt, RequestError
from ideogram_studio.backends.outcome import Backend, CancelToken, EditError, Progress
from ideogram_studio.backends.providers import UPSCALE, Provider, host_of
from ideogram_studio.backends.request import (
    Upload,
    encode_image,
    is_photo_array,
    source_digest,
    srgb_view,
)
from ideogram_studio.backends.tool_answers import in_tool_terms, upscale_name
from ideogram_studio.core.metadata import PhotoInfo
from ideogram_studio.i18n import translate

ID = UPSCALE
MIN_LEVEL, MAX_LEVEL = 1, 100
DEFAULT_LEVEL = 50  # Ideogram's default for both resemblance and detail
# The fields `image_request` may hold: anything else is not sent.
REQUEST_FIELDS = ("resemblance", "detail", "prompt", "magic_prompt_option", "num_images", "seed")


@dataclass(frozen=True, kw_only=True)
class UpscaleOptions:
    """What the user chose for an upscale, as one value (the dialog's, or the command line's)."""

    resemblance: int = DEFAULT_LEVEL  # how closely the result keeps to the image
    detail: int = DEFAULT_LEVEL  # how much detail it adds
    prompt: str = ""  # optional: what the image shows, to guide the new detail
    magic_prompt: MagicPrompt | None = None
    num_images: int = 1
    seed: int | None = None

    # Code that shows any job (cards, compare, the history) reads these of an edit's options.
    @property
    def api(self) -> str:
        return ID

    @property
    def region(self) -> None:
        """An upscale takes the whole image: no region."""
        return None

    def validate(self) -> None:
        """Raise RequestError with a sentence if these options cannot be sent."""
        for value in (self.resemblance, self.detail):
            if not MIN_LEVEL <= value <= MAX_LEVEL:
                raise RequestError(
                    translate(
                        "Upscale", "Resemblance and detail go from 1 to 100, not {value}."
                    ).format(value=value)
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

    def image_request(self) -> dict[str, object]:
        """The `image_request` JSON as Ideogram takes it: options left unset are omitted."""
        sent: dict[str, object] = {"resemblance": self.resemblance, "detail": self.detail}
        if self.prompt.strip():
            sent["prompt"] = self.prompt.strip()
        if self.magic_prompt is not None:
            sent["magic_prompt_option"] = str(self.magic_prompt)
        if self.num_images != 1:
            sent["num_images"] = self.num_images
        if self.seed is not None:
            sent["seed"] = self.seed
        return sent

    def sent(self) -> dict[str, object]:
        """For provenance and the history, by the API's own field names."""
        return {
            "api": ID,
            "prompt": self.prompt,
            "resemblance": self.resemblance,
            "detail": self.detail,
            "magic_prompt_option": None if self.magic_prompt is None else str(self.magic_prompt),
            "seed": self.seed,
            "num_images": self.num_images,
        }

    @classmethod
    def from_parameters(cls, prompt: str, parameters: Mapping[str, object]) -> UpscaleOptions:
        """The options of a past upscale as the history recorded them (`sent()`)."""

        def level(name: str) -> int:
            value = parameters.get(name)
            return (
                value
                if isinstance(value, int) and MIN_LEVEL <= value <= MAX_LEVEL
                else DEFAULT_LEVEL
            )

        magic = parameters.get("magic_prompt_option")
        seed, count = parameters.get("seed"), parameters.get("num_images")
        return cls(
            resemblance=level("resemblance"),
            detail=level("detail"),
            prompt=prompt,
            magic_prompt=MagicPrompt(magic) if magic in tuple(MagicPrompt) else None,
            num_images=count if isinstance(count, int) and 1 <= count <= MAX_IMAGES else 1,
            seed=seed if isinstance(seed, int) and 0 <= seed <= MAX_SEED else None,
        )


@dataclass(frozen=True)
class Parent:
    """The saved result an upscale starts from, as the history knows it (all None for an
    image that is no result in the history: only its file name is known)."""

    job: int | None = None  # the history's job number: "job 12"
    index: int | None = None  # the image's index in that job, from 0
    result_id: int | None = None  # the history's result row (`jobs.parent_result`)
    file: str | None = None  # the file's name

    def describe(self) -> dict[str, object]:
        image = None if self.index is None else self.index + 1
        return {"job": self.job, "image": image, "result": self.result_id, "file": self.file}


@dataclass(frozen=True)
class UpscaleRequest:
    """One upscale: the image's own pixels (uint8 or uint16, RGB or RGBA) in the colour space
    of `info.icc_profile`, what its file said, and the options. What is sent is its 8-bit sRGB
    view; what comes back is saved in its terms, as an edit's results are."""

    image: np.ndarray
    options: UpscaleOptions = field(default_factory=UpscaleOptions)
    info: PhotoInfo = field(default_factory=PhotoInfo)
    parent: Parent | None = None
    display: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def mask(self) -> None:
        """Nothing is painted: the whole image is upscaled."""
        return None

    def shown(self) -> np.ndarray:
        return srgb_view(self.image, self.info, self.display)

    def validate(self) -> None:
        self.options.validate()
        if not is_photo_array(self.image):
            raise RequestError(translate("Upscale", "Only RGB or RGBA images can be upscaled."))

    def describe(self) -> dict[str, object]:
        height, width = self.image.shape[:2]
        described = self.options.sent() | {"image_size": [width, height]}
        if self.parent is not None:
            described["upscale_of"] = self.parent.describe()
        return described

    def source_sha256(self) -> str:
        return source_digest(self.image, self.info)

    @classmethod
    def recorded(
        cls, image: np.ndarray, prompt: str, parameters: Mapping[str, object]
    ) -> UpscaleRequest:
        """A past upscale as the history recorded it (its image a stand-in until read)."""
        origin = parameters.get("upscale_of")
        parent = None
        if isinstance(origin, Mapping):
            index = origin.get("image")
            parent = Parent(
                _number(origin.get("job")),
                index - 1 if isinstance(index, int) and index >= 1 else None,
                _number(origin.get("result")),
                str(origin["file"]) if origin.get("file") else None,
            )
        return cls(image, UpscaleOptions.from_parameters(prompt, parameters), parent=parent)


def is_upscale(parameters: Mapping[str, object]) -> bool:
    """Whether a job's recorded parameters are an upscale's."""
    return parameters.get("api") == ID


def lineage(parameters: Mapping[str, object]) -> str | None:
    """ "Upscale of job 12, image 2" for an upscale's recorded parameters; None for an edit."""
    if not is_upscale(parameters):
        return None
    origin = parameters.get("upscale_of")
    origin = origin if isinstance(origin, Mapping) else {}
    job, image, file = origin.get("job"), origin.get("image"), origin.get("file")
    if job and image:
        return translate("Upscale", "Upscale of job {job}, image {image}").format(
            job=job, image=image
        )
    if file:
        return translate("Upscale", "Upscale of {file}").format(file=file)
    return translate("Upscale", "Upscale")


def _number(value: object) -> int | None:
    return value if isinstance(value, int) else None


class UpscaleApi:
    """The module's face for the registry: its id, its upload, and its backend."""

    id = ID

    def prepare(self, request: UpscaleRequest) -> Upload:  # type: ignore[override]
        """The image as PNG (or JPEG above 10 MB), no mask: `request` as prepare_sending
        makes it, its image already the 8-bit sRGB view."""
        encoded = encode_image(request.image, with_mask=False)
        return Upload(
            encoded.data, encoded.name, encoded.kind, b"", encoded.size, list(encoded.notes)
        )

    def multipart(self, request: UpscaleRequest, upload: Upload) -> Multipart:
        return Multipart(
            {"image_request": json.dumps(request.options.image_request())},
            {"image_file": (upload.image_name, upload.image_bytes, upload.image_type)},
        )

    def backend(self, provider: Provider, api_key: str | None, **transport: Any) -> Backend:
        assert api_key, "resolve_provider() insists on a key for remote providers"
        return UpscaleBackend(provider, api_key, api=self, **transport)  # type: ignore[arg-type]


API = UpscaleApi()


class UpscaleBackend(LegacyEditBackend):
    """Sends one upscale; the answer is read, and every image fetched, as an edit's."""

    def __init__(self, provider: Provider, api_key: str, **transport: Any) -> None:
        transport.setdefault("api", API)
        super().__init__(provider, api_key, **transport)

    def _send(
        self,
        session: requests.Session,
        request: UpscaleRequest,  # type: ignore[override]
        upload: Upload,
        cancel: CancelToken,
        progress: Progress,
        notes: list[str],
    ) -> dict[str, Any]:
        progress(
            translate("Upscale", "Sending the image to upscale to {host}").format(
                host=host_of(self.endpoint)
            )
        )
        try:
            return self.transport.post(
                session,
                self._url,
                self.api.multipart(request, upload),  # type: ignore[arg-type]
                model=upscale_name(),
                cancel=cancel,
                progress=progress,
                api_name=upscale_name(),
                notes=notes,
            )
        except EditError as error:
            raise in_tool_terms(error, upscale_name(), self.endpoint) from None
