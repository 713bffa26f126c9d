"""Ideogram's Describe (`POST /describe`, a relay's `/ideogram/describe`): prompts suggested for
a photo, or for the crop a region edit would send. It uploads `image_file` (8-bit sRGB under
10 MB) and, if chosen, `describe_model_version` (V_2 or V_3), and answers
`{"descriptions": [{"text": ...}]}`.

Describe is no job: it saves nothing, takes no place among the images in flight and bills
nothing the app counts (its price is not published). Sending goes through the transport (its
retry rules, cancelling, hiding the key). Nothing here imports Qt.
"""

from __future__ import annotations

import enum
import math
from typing import Any

import cv2
import numpy as np

from ideogram_studio.backends.http import (
    DEFAULT_RETRY,
    DEFAULT_TIMEOUTS,
    Multipart,
    RetryPolicy,
    Timeouts,
    Transport,
)
from ideogram_studio.backends.outcome import CancelToken, EditError, Progress
from ideogram_studio.backends.providers import (
    DESCRIBE,
    Provider,
    ProviderKind,
    host_of,
    public_endpoint,
)
from ideogram_studio.backends.request import EditRequest, RequestError, encode_image
from ideogram_studio.backends.service import sent_image
from ideogram_studio.backends.tool_answers import (
    describe_name,
    in_tool_terms,
    offline_cannot_describe,
)
from ideogram_studio.core.colour import to_srgb8
from ideogram_studio.core.mask import marks_edit
from ideogram_studio.core.region import MAX_SEND_PIXELS, Region
from ideogram_studio.i18n import translate

ID = DESCRIBE


class DescribeModel(enum.StrEnum):
    V_2 = "V_2"
    V_3 = "V_3"


def image_to_describe(request: EditRequest) -> tuple[np.ndarray, Region | None]:
    """The 8-bit sRGB pixels Describe is sent, and the region they come from: the crop a
    region edit would send when the options ask for a region and the mask marks something,
    else the whole photo, scaled to at most MAX_SEND_PIXELS (a caption needs no more)."""
    if request.options.region is not None and marks_edit(request.mask):
        cropped, plan = sent_image(request)
        return cropped.image, plan
    image = request.display if request.display is not None else request.image
    height, width = image.shape[:2]
    scale = min(1.0, math.sqrt(MAX_SEND_PIXELS / (width * height)))
    if scale < 1.0:  # scaled first: only what is sent is converted
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    if request.display is None:
        image = to_srgb8(image, request.info.icc_profile)
    return image, None


class DescribeBackend:
    """Sends one image to a provider's Describe and reads the descriptions it suggests."""

    def __init__(
        self,
        provider: Provider,
        api_key: str | None,
        *,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        retry: RetryPolicy = DEFAULT_RETRY,
    ) -> None:
        if provider.kind is ProviderKind.LOCAL:
            raise RequestError(offline_cannot_describe())
        assert api_key, "resolve_provider() insists on a key for remote providers"
        self._url = provider.endpoint_for(ID)  # as sent: may carry a query
        self.endpoint = public_endpoint(self._url)
        self.transport = Transport(provider, api_key, timeouts=timeouts, retry=retry)

    def __repr__(self) -> str:  # never show the key
        return f"DescribeBackend({self.endpoint!r})"

    def describe(
        self,
        image: np.ndarray,
        *,
        model: DescribeModel | None = None,
        cancel: CancelToken | None = None,
        progress: Progress = lambda message: None,
        notes: list[str] | None = None,
    ) -> list[str]:
        """The descriptions suggested for `image` (8-bit sRGB), in the order they came; what
        the server says of its endpoint (deprecated…) goes to `notes`. Raises EditError with
        one sentence when there are none to offer."""
        cancel = cancel or CancelToken()
        encoded = encode_image(image, with_mask=False)
        fields = {} if model is None else {"describe_model_version": str(model)}
        files = {"image_file": (encoded.name, encoded.data, encoded.kind)}
        progress(
            translate("Describe", "Asking {host} to describe the image…").format(
                host=host_of(self.endpoint)
            )
        )
        session = self.transport.open_session()
        try:
            body = self.transport.post(
                session,
                self._url,
                Multipart(fields, files),
                model=describe_name(),
                cancel=cancel,
                progress=progress,
                api_name=describe_name(),
                notes=notes,
            )
        except EditError as error:
            raise in_tool_terms(error, describe_name(), self.endpoint) from None
        finally:
            session.close()
        return descriptions_in(body)


def descriptions_in(body: dict[str, Any]) -> list[str]:
    """The texts of Describe's answer; EditError when it holds none."""
    entries = body.get("descriptions")
    if not isinstance(entries, list):
        raise EditError(
            translate(
                "Describe",
                "The server's answer has no descriptions; the path may not point at "
                "Ideogram's Describe.",
            ),
            status=200,
        )
    texts = []
    for entry in entries:
        text = entry.get("text") if isinstance(entry, dict) else None
        if isinstance(text, str) and text.strip() and text.strip() not in texts:
            texts.append(text.strip())
    if not texts:
        raise EditError(translate("Describe", "Ideogram suggested no prompt for this image."))
    return texts


def describe_request(
    request: EditRequest,
    provider: Provider,
    api_key: str | None,
    *,
    model: DescribeModel | None = None,
    cancel: CancelToken | None = None,
    progress: Progress = lambda message: None,
    notes: list[str] | None = None,
) -> tuple[list[str], Region | None]:
    """The descriptions of a photo (or of its region, as `image_to_describe` chooses), and
    the region described: what Suggest prompts and `ideogram-studio describe` run."""
    backend = DescribeBackend(provider, api_key)  # refuses the offline backend first
    image, plan = image_to_describe(request)
    texts = backend.describe(image, model=model, cancel=cancel, progress=progress, notes=notes)
    return texts, plan
