"""The offline backend: removes what is masked with OpenCV's inpainting. No account, no network.
It is an API module like the remote ones (id "local"): its "upload" encodes no photo, only the
mask the history and the preview show.

Inpainting cost grows with the masked area, so it works on a crop around the mask scaled to at
most about a megapixel, and pastes only the masked pixels back at full resolution.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from ideogram_studio.backends.outcome import (
    Backend,
    CancelToken,
    EditOutcome,
    ItemStatus,
    OnAnswer,
    OnItem,
    Progress,
    ResultItem,
)
from ideogram_studio.backends.providers import Provider
from ideogram_studio.backends.request import EditRequest, Upload
from ideogram_studio.core.geometry import Rect
from ideogram_studio.core.mask import edit_pixels
from ideogram_studio.core.maskfile import encode_upload_mask
from ideogram_studio.i18n import QT_TRANSLATE_NOOP, translate

# Navier-Stokes keeps the surrounding brightness across large holes; OpenCV's Telea drifts
# brighter the wider the hole is in pixels, so it works on a smaller copy and comes second.
METHODS = (("Navier-Stokes", cv2.INPAINT_NS), ("Telea", cv2.INPAINT_TELEA))
WORKING_PIXELS = {cv2.INPAINT_NS: 1_000_000, cv2.INPAINT_TELEA: 250_000}
PROMPT_NOTE = QT_TRANSLATE_NOOP(
    "Local",
    "The local backend ignores the prompt: it removes what is masked and fills it from the "
    "surroundings. Set an Ideogram or relay key to generate from the prompt.",
)
MAX_VARIANTS = len(METHODS)  # one image per fill method: a third would repeat one of them


ID = "local"


class LocalApi:
    id = ID
    billed = False  # nothing leaves the machine: a cancel is always free
    max_images = MAX_VARIANTS

    @staticmethod
    def generate_note() -> str:
        """What Generate does with this backend, said under the button."""
        return translate(
            "Local",
            "Offline: the prompt is ignored. Generate removes what is painted and fills it from "
            "the surroundings, in at most {count} images (one per fill method).",
        ).format(count=MAX_VARIANTS)

    def prepare(self, request: EditRequest) -> Upload:
        # Nothing is uploaded: skip encoding the photo, keep the mask for the history.
        height, width = request.image.shape[:2]
        mask_png = encode_upload_mask(request.mask)
        return Upload(b"", "", "", mask_png, (width, height), [translate("Local", PROMPT_NOTE)])

    def backend(self, provider: Provider, api_key: str | None) -> Backend:
        return LocalBackend()


API = LocalApi()


class LocalBackend:
    name = "local"
    endpoint = "local"
    api = API

    def edit(
        self,
        request: EditRequest,
        upload: Upload,
        *,
        cancel: CancelToken,
        progress: Progress,
        on_item: OnItem,
        on_answer: OnAnswer = lambda items: None,
    ) -> EditOutcome:
        outcome = EditOutcome(self.name, self.endpoint, notes=[translate("Local", PROMPT_NOTE)])
        count = min(request.options.num_images, MAX_VARIANTS)
        if request.options.num_images > count:
            outcome.notes.append(
                translate("Local", "The local backend makes at most {count} variants.").format(
                    count=MAX_VARIANTS
                )
            )
        for index, (label, method) in enumerate(METHODS[:count]):
            cancel.raise_if_cancelled()
            progress(
                translate("Local", "Filling the masked area locally ({method})").format(
                    method=label
                )
            )
            pixels = inpaint(request.image, request.mask, method)
            item = ResultItem(
                index, ItemStatus.READY, pixels=pixels, prompt=None, style_type=f"LOCAL_{label}"
            )
            item.returned = {"method": label}
            outcome.items.append(item)
            on_item(item)
        return outcome


def job_note(asked: int) -> str:
    """What a local job does, said on its card: the prompt is ignored, and how many it makes."""
    made = min(asked, MAX_VARIANTS)
    note = (
        translate(
            "Local",
            "Offline: the prompt is ignored; the painted area is filled from "
            "the surroundings in {made} images.",
        )
        if made != 1
        else translate(
            "Local",
            "Offline: the prompt is ignored; the painted area is filled "
            "from the surroundings in 1 image.",
        )
    ).format(made=made)
    if asked > made:
        note += " " + translate("Local", "{asked} were asked; it makes at most {count}.").format(
            asked=asked, count=MAX_VARIANTS
        )
    return note


def _fill(pixels: np.ndarray, hole: np.ndarray, method: int) -> np.ndarray:
    """Inpaint after pre-filling the hole with the colour around it: OpenCV reads the hole's
    old pixels in its gradients, so what should vanish would otherwise bleed back in."""
    ring = cv2.dilate(hole, np.ones((7, 7), np.uint8)) & ~hole
    prepared = pixels.copy()
    if ring.any():
        prepared[hole > 0] = pixels[ring > 0].mean(axis=0).astype(np.uint8)
    return cv2.inpaint(prepared, hole, 5, method)


def inpaint(image: np.ndarray, mask: np.ndarray, method: int = cv2.INPAINT_NS) -> np.ndarray:
    """The image with every masked pixel (soft edges included) filled from its surroundings.

    The whole painted area is filled, soft edges too, like the API edits all it is sent. How
    much of the fill a soft edge keeps in a region edit is the paste-back's blend (core.region): its
    painted strength, as the overlay shows it; paint at full strength what must go entirely."""
    edit = edit_pixels(mask)
    box = Rect(*cv2.boundingRect(edit))
    if box.is_empty:
        return image.copy()
    height, width = edit.shape
    margin = max(16, max(box.width, box.height) // 4)
    crop = box.grown(margin).intersect(Rect(0, 0, width, height))
    scale = min(1.0, math.sqrt(WORKING_PIXELS[method] / crop.area))
    rgb = np.ascontiguousarray(image[crop.slices][:, :, :3])
    crop_mask = edit[crop.slices]
    if scale < 1.0:
        size = (max(1, round(crop.width * scale)), max(1, round(crop.height * scale)))
        small = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
        small_mask = cv2.resize(crop_mask, size, interpolation=cv2.INTER_NEAREST)
        small_mask = cv2.dilate(small_mask, np.ones((3, 3), np.uint8))  # cover resampled rims
        filled = _fill(small, small_mask, method)
        filled = cv2.resize(filled, (crop.width, crop.height), interpolation=cv2.INTER_CUBIC)
    else:
        filled = _fill(rgb, crop_mask, method)
    result = image.copy()
    region = result[crop.slices]
    chosen = crop_mask > 0
    region[..., :3][chosen] = filled[chosen]
    return result
