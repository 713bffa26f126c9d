"""Region edits: send a padded crop around the mask, paste each result back at full resolution.

Ideogram returns about one megapixel whatever it is sent, so a 24-megapixel photo edited whole
comes back at a twentieth of its pixels. Editing only a crop around the mask, and compositing the
result into the original through a feathered mask, keeps every pixel outside the feathered edge
exactly as it was.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from ideogram_studio.core.geometry import EMPTY, Rect
from ideogram_studio.core.mask import edit_pixels, scaled_edit_pixels

OUTPUT_PIXELS = 1024 * 1024  # about what Ideogram returns
MAX_SEND_PIXELS = 2 * OUTPUT_PIXELS  # sending more is wasted: the API scales it down
MIN_CROP_SIDE = 512  # at least this much context around a small mask, where the photo allows
MAX_ASPECT = 2.0  # crops are kept between 1:2 and 2:1, shapes the API handles well
DEFAULT_FEATHER = 12
MAX_MARGIN = 5000  # what the panel offers; larger stored values are brought within
MAX_FEATHER = 500


@dataclass(frozen=True)
class RegionOptions:
    """Edit only a padded crop around the mask and paste the results back at full size."""

    margin: int | None = None  # pixels of context around the mask; None: a quarter of its box
    feather: int = DEFAULT_FEATHER  # width of the blend outside the mask, in pixels


def region_by_default(width: int, height: int) -> bool:
    """Region edits pay off once the photo is larger than what the API returns."""
    return width * height > OUTPUT_PIXELS


def default_margin(box: Rect) -> int:
    """A quarter of the mask's longer side, and at least 48 px: context for the edit."""
    return max(48, round(0.25 * max(box.width, box.height)))


@dataclass(frozen=True)
class Region:
    """Where the crop lies in the photo, the size it is sent at, and how it is pasted back."""

    crop: Rect
    send_size: tuple[int, int]  # width, height
    margin: int
    feather: int
    auto_margin: bool = False  # the margin was the mask's default (the user chose "Auto")

    def describe(self) -> dict[str, object]:
        return {
            "crop": [self.crop.x, self.crop.y, self.crop.width, self.crop.height],
            "sent_size": list(self.send_size),
            "margin": self.margin,
            "margin_auto": self.auto_margin,  # restored as Auto, not as this mask's pixels
            "feather": self.feather,
        }


def edit_box(mask: np.ndarray) -> Rect:
    """The bounding box of the pixels that count as edit (every painted one, soft or not)."""
    return Rect(*cv2.boundingRect(edit_pixels(mask)))


def plan_region(
    mask: np.ndarray, *, margin: int | None = None, feather: int = DEFAULT_FEATHER
) -> Region:
    """The crop for this mask: its box grown by the margin, widened to a friendly shape and a
    useful size, kept inside the photo; scaled for sending when it is larger than needed."""
    height, width = mask.shape
    bounds = Rect(0, 0, width, height)
    box = edit_box(mask)
    if box.is_empty:
        raise ValueError("the mask marks nothing to edit")
    auto_margin = margin is None
    margin = default_margin(box) if margin is None else max(0, int(margin))
    crop = box.grown(max(margin, feather)).intersect(bounds)
    # Widen the short side towards the aspect limit, and small crops towards MIN_CROP_SIDE.
    target_w = max(crop.width, math.ceil(crop.height / MAX_ASPECT), MIN_CROP_SIDE)
    target_h = max(crop.height, math.ceil(crop.width / MAX_ASPECT), MIN_CROP_SIDE)
    crop = _widen(crop, min(target_w, width), min(target_h, height), bounds)
    scale = min(1.0, math.sqrt(MAX_SEND_PIXELS / crop.area))
    send = (max(1, round(crop.width * scale)), max(1, round(crop.height * scale)))
    return Region(crop, send, margin, max(0, int(feather)), auto_margin)


def _widen(crop: Rect, width: int, height: int, bounds: Rect) -> Rect:
    """Grow `crop` to width x height around its centre, shifted to stay inside `bounds`."""
    x = crop.x - (width - crop.width) // 2
    y = crop.y - (height - crop.height) // 2
    x = min(max(x, bounds.x), bounds.right - width)
    y = min(max(y, bounds.y), bounds.bottom - height)
    return Rect(x, y, width, height)


def crop_for_sending(
    image: np.ndarray, mask: np.ndarray, region: Region
) -> tuple[np.ndarray, np.ndarray]:
    """The photo and mask cut to the region and scaled together; the mask two-valued (255 =
    edit), as the API requires.

    Every painted pixel is edit, and when the crop is scaled down a sent pixel is edit
    whenever any photo pixel it stands for is painted (`scaled_edit_pixels`).
    """
    image_crop = image[region.crop.slices]
    mask_crop = scaled_edit_pixels(mask[region.crop.slices], region.send_size)
    if region.send_size != (region.crop.width, region.crop.height):
        image_crop = cv2.resize(image_crop, region.send_size, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(image_crop), mask_crop


def blend_weights(mask: np.ndarray, region: Region) -> np.ndarray:
    """0..1 float32 weights over the crop, how much of the result each pixel takes.

    The painted strength is the weight: 1 where the mask is 255, proportional where it is soft
    (a soft brush or a feathered edge blends the result in gradually). The feather then widens
    and smooths that strength outwards, the way it widened a hard edge before: a grey-level
    dilation by half its width, a blur over the other half, and the larger of that and the
    painted value. So the feather never weakens what is painted; a hard edge fades out over
    `feather` pixels outside it exactly as before; a soft edge keeps its gradient, moved out by
    at most half the feather (its outer rim, already faint, fades further out no more than a
    hard edge would). Zero weight means the original pixel is kept exactly.
    """
    crop = region.crop
    window, weights = _weights_near_edit(mask, region)
    whole = np.zeros((crop.height, crop.width), np.float32)
    whole[window.slices] = weights
    return whole


def _weights_near_edit(mask: np.ndarray, region: Region) -> tuple[Rect, np.ndarray]:
    """`blend_weights` over only the part of the crop they can reach (a Rect in the crop's
    coordinates): the painted box grown by the feather. The crop's margin of context, often
    more than half of it, is all zero weight and costs nothing."""
    crop = region.crop
    box = edit_box(mask[crop.slices])
    # One pixel more than the weights reach: the blur's replicated border there reads zeros,
    # as it would read beyond it, so the weights equal those computed over the whole crop.
    window = box.grown(region.feather + 1).intersect(Rect(0, 0, crop.width, crop.height))
    if box.is_empty:
        return EMPTY, np.zeros((0, 0), np.float32)
    painted = np.ascontiguousarray(mask[crop.slices][window.slices])
    half = region.feather // 2
    if half <= 0:
        return window, _fraction(painted)
    size = 2 * half + 1
    grown = cv2.dilate(painted, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    soft = cv2.GaussianBlur(grown, (size, size), half / 2.0, borderType=cv2.BORDER_REPLICATE)
    return window, _fraction(cv2.max(soft, painted))


def _fraction(values: np.ndarray) -> np.ndarray:
    """uint8 0..255 as float32 0..1, with 255 exactly 1 (a division, not a product)."""
    return values.astype(np.float32) / np.float32(255.0)


def composite(
    original: np.ndarray, result: np.ndarray, mask: np.ndarray, region: Region
) -> np.ndarray:
    """The original with the result pasted into the region through the blend weights.

    `original` is uint8 or uint16, with 3 channels or 4 (the alpha is left untouched); the
    result (any size, as returned, in the original's colour space) is resized to the crop.
    Pixels whose weight is zero are copied from the original untouched, so everything outside
    the feathered mask is byte-equal.
    """
    crop = region.crop
    rgb = result[:, :, :3] if result.ndim == 3 else np.dstack([result] * 3)
    rgb = _as_dtype(rgb, original.dtype)
    shrink = rgb.shape[1] >= crop.width and rgb.shape[0] >= crop.height
    fitted = cv2.resize(
        rgb,
        (crop.width, crop.height),
        interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LANCZOS4,
    )
    # Only where something is blended needs the work: the rest of the crop (its margin of
    # context) keeps the original, as the copy already does.
    box, weights = _weights_near_edit(mask, region)
    out = original.copy()
    if box.is_empty:
        return out
    target = out[crop.slices][box.slices]
    before = np.ascontiguousarray(target[:, :, :3])
    after = np.ascontiguousarray(fitted[box.slices])
    if before.dtype == np.uint8:
        # blendLinear computes (a*(1-w) + b*w) / (1 + 1e-5) per pixel and rounds: where w is 0
        # that is a, exactly, and where it is 1, b.
        target[:, :, :3] = cv2.blendLinear(before, after, 1.0 - weights, weights)
    else:
        # blendLinear takes only 8-bit and float images, and its 1e-5 would take a level off
        # bright 16-bit values: a + w*(b - a) in float32, which holds every uint16 exactly, so
        # a zero weight gives the original back bit for bit and a full one the result.
        mixed = after.astype(np.float32)
        base = before.astype(np.float32)
        mixed -= base
        mixed *= weights[:, :, None]
        mixed += base
        target[:, :, :3] = np.rint(mixed, out=mixed)
    return out


def _as_dtype(pixels: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """A result in the original's bit depth, should it arrive in the other (8 <-> 16 bit)."""
    if pixels.dtype == dtype:
        return pixels
    if dtype == np.uint16 and pixels.dtype == np.uint8:
        return pixels.astype(np.uint16) * np.uint16(257)
    if dtype == np.uint8 and pixels.dtype == np.uint16:
        return ((pixels.astype(np.uint32) + 128) // 257).astype(np.uint8)
    raise ValueError(f"cannot paste a {pixels.dtype} result into a {dtype} photo")


def changes_outside(
    original: np.ndarray, result: np.ndarray, mask: np.ndarray, feather: int = 0
) -> np.ndarray:
    """Pixels outside the edited area (the mask grown by `feather`) that differ from the
    original. A result of another size (a whole-image edit) is first scaled to the original's."""
    height, width = original.shape[:2]
    if result.shape[:2] != (height, width):
        result = cv2.resize(result, (width, height), interpolation=cv2.INTER_LINEAR)
    differs = np.any(original[:, :, :3] != result[:, :, :3], axis=2)
    return differs & ~edit_area(mask, feather)


def edit_area(mask: np.ndarray, feather: int = 0) -> np.ndarray:
    """The pixels an edit may change: every painted pixel, grown by the blend width."""
    binary = edit_pixels(mask)
    if feather > 0:
        # A square reach: the blend's dilate-then-blur can touch the corners of a square.
        binary = cv2.dilate(binary, np.ones((2 * feather + 1, 2 * feather + 1), np.uint8))
    return binary > 0
