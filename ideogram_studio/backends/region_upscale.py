"""Upscale each result before blending: for a region edit whose crop is much larger than what
the API returns (over twice in either direction; it returns about a megapixel), each result
is sent through the Upscale API before it is pasted, so the pasted area is sharp instead of
stretched. The upscaled image is brought to the crop's size (INTER_AREA when it is larger)
and composited as any result is.

A failed upscale never loses the edit it was for: that result is pasted as it came, and a
sentence says why. Nothing here imports Qt.
"""

from __future__ import annotations

import logging
import math

import cv2
import numpy as np

from ideogram_studio.backends.outcome import (
    Backend,
    Cancelled,
    CancelToken,
    ItemStatus,
    Progress,
)
from ideogram_studio.backends.providers import Provider, ProviderKind
from ideogram_studio.backends.request import EditRequest
from ideogram_studio.backends.upscale import API, UpscaleOptions, UpscaleRequest
from ideogram_studio.core.mask import marks_edit
from ideogram_studio.core.region import OUTPUT_PIXELS, Region, RegionOptions, plan_region
from ideogram_studio.errors import StudioError
from ideogram_studio.i18n import translate

log = logging.getLogger(__name__)

STRETCH_LIMIT = 2.0  # a result pasted over more than twice its size in a direction is stretched
# The upscale is to sharpen the chosen edit, not to invent another: keep close to it.
REGION_RESEMBLANCE = 80
REGION_DETAIL = 50


def expected_result_size(region: Region) -> tuple[int, int]:
    """About the size the API returns for this region: its sent shape at about a megapixel."""
    width, height = region.send_size
    scale = math.sqrt(OUTPUT_PIXELS / (width * height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def stretched(region: Region, result_size: tuple[int, int]) -> bool:
    """True when a result of `result_size` (width, height) pasted into the region would be
    stretched over twice in either direction."""
    width, height = result_size
    crop = region.crop
    return crop.width > STRETCH_LIMIT * width or crop.height > STRETCH_LIMIT * height


def upscales_needed(mask: np.ndarray, region: RegionOptions | None) -> bool:
    """Whether a region edit of this mask would stretch its results (the panel offers the
    upscale only then); False for a whole-photo edit or an empty mask."""
    if region is None or not marks_edit(mask):
        return False
    plan = plan_region(mask, margin=region.margin, feather=region.feather)
    return stretched(plan, expected_result_size(plan))


def edit_upscales(request: EditRequest, provider: Provider) -> int:
    """How many Upscale requests an edit adds: one per image when "upscale each result
    before blending" is on and applies (never at the local backend, which runs no Upscale)."""
    options = request.options
    if provider.kind is ProviderKind.LOCAL or not options.upscale_region:
        return 0
    return options.num_images if upscales_needed(request.mask, options.region) else 0


class RegionUpscaler:
    """Upscales results before they are pasted into a region, through one provider."""

    def __init__(self, provider: Provider, api_key: str | None, **transport: object) -> None:
        self._provider, self._key, self._transport = provider, api_key, transport
        self._backend: Backend | None = None
        self.upscaled = 0  # how many results were upscaled
        self.server_notes: list[str] = []

    def _upscaling(self) -> Backend:
        """The Upscale backend, made at the first result that needs it: a provider without
        an Upscale path then fails that upscale (the edit is kept), not the edit."""
        if self._backend is None:
            self._backend = API.backend(self._provider, self._key, **self._transport)
        return self._backend

    def sharpen(
        self,
        pixels: np.ndarray,
        region: Region,
        index: int,
        cancel: CancelToken,
        progress: Progress,
    ) -> tuple[np.ndarray, str | None]:
        """The result to paste (8-bit sRGB, as returned): upscaled when the region would
        stretch it, else as it came; and the sentence saying why an upscale failed."""
        height, width = pixels.shape[:2]
        if not stretched(region, (width, height)):
            return pixels, None
        rgb = (
            np.ascontiguousarray(pixels[:, :, :3]) if pixels.ndim == 3 else np.dstack([pixels] * 3)
        )
        request = UpscaleRequest(
            rgb, UpscaleOptions(resemblance=REGION_RESEMBLANCE, detail=REGION_DETAIL)
        )
        got: list = []
        progress(
            translate("Upscale", "Upscaling image {number} before it is blended in").format(
                number=index + 1
            )
        )
        try:
            request.validate()
            upscaled_outcome = self._upscaling().edit(
                request,  # type: ignore[arg-type]
                API.prepare(request),
                cancel=cancel,
                progress=progress,
                on_item=got.append,
            )
        except Cancelled:
            return pixels, self._failed(index, translate("Upscale", "the upscale was cancelled."))
        except StudioError as error:
            return pixels, self._failed(index, error.message)
        except Exception:  # a bug must not lose the edit: it is pasted as it came
            log.exception("upscaling result %d failed", index + 1)
            return pixels, self._failed(index, translate("Upscale", "the upscale failed."))
        # What the Upscale endpoint says of itself (deprecated…) is the job's to say too.
        self.server_notes += [n for n in upscaled_outcome.notes if n not in self.server_notes]
        ready = [
            item for item in got if item.status is ItemStatus.READY and item.pixels is not None
        ]
        if not ready:
            reasons = [item.error for item in got if item.error]
            reason = reasons[0] if reasons else translate("Upscale", "no image came back.")
            return pixels, self._failed(index, reason)
        upscaled = ready[0].pixels
        assert upscaled is not None
        upscaled = upscaled[:, :, :3] if upscaled.ndim == 3 else np.dstack([upscaled] * 3)
        crop = region.crop
        if upscaled.shape[1] >= crop.width and upscaled.shape[0] >= crop.height:
            size = (crop.width, crop.height)
            upscaled = cv2.resize(upscaled, size, interpolation=cv2.INTER_AREA)
        self.upscaled += 1
        return np.ascontiguousarray(upscaled), None

    @staticmethod
    def _failed(index: int, reason: str) -> str:
        return translate(
            "Upscale", "Image {number} was pasted without upscaling, stretched: {reason}"
        ).format(number=index + 1, reason=reason)

    def note(self) -> str | None:
        """What the job's provenance says when results were upscaled."""
        if not self.upscaled:
            return None
        return translate(
            "Upscale",
            "The results were upscaled with Ideogram's Upscale before they were pasted into "
            "the region, so the pasted area is not stretched.",
        )
