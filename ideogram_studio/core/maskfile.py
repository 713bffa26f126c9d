"""The mask as Ideogram wants it, and masks read back from files.

Ideogram's convention is the opposite of Stable Diffusion's and OpenAI's: black (0) marks the
area to edit, white (255) the area to keep. The engine keeps 255 = edit internally (so painting
adds), and only this module translates.
"""

from __future__ import annotations

import cv2
import numpy as np

from ideogram_studio.core.imageio import ImageSource, load_image
from ideogram_studio.core.mask import EDIT, KEEP, edit_pixels


def upload_mask(mask: np.ndarray) -> np.ndarray:
    """Engine mask (255 = edit, soft values allowed) -> Ideogram mask: 0 = edit, 255 = keep.

    Every painted pixel, however soft, is sent as edit (black): the API's handling of grey is
    undocumented, and the softness is applied when the result is pasted back instead.
    """
    return cv2.bitwise_not(edit_pixels(mask))


def encode_upload_mask(mask: np.ndarray) -> bytes:
    """An 8-bit grayscale PNG of the upload mask, exactly the mask's size."""
    # The RLE strategy suits two-valued masks: 3x faster than zlib's default and as small.
    ok, encoded = cv2.imencode(
        ".png", upload_mask(mask), [cv2.IMWRITE_PNG_STRATEGY, cv2.IMWRITE_PNG_STRATEGY_RLE]
    )
    if not ok:  # pragma: no cover - OpenCV cannot fail on a valid uint8 array
        raise RuntimeError("PNG encoding of the mask failed")
    return encoded.tobytes()


def read_mask(
    source: ImageSource, width: int, height: int, *, white_is_edit: bool = False
) -> np.ndarray:
    """Read a mask file into an engine mask (255 = edit, soft values kept) of the given size.

    By default the file follows Ideogram's convention (black = edit); `white_is_edit` accepts
    masks made for Stable Diffusion or ComfyUI. Whatever is not fully "keep" (white, or black
    with `white_is_edit`) is edit, its distance from "keep" the strength: a grey pixel becomes a
    soft value, which blends the pasted-back result as a soft brush does. Transparent pixels
    keep, whichever the convention (the strength is scaled by the alpha).
    """
    pixels = load_image(source)
    gray = cv2.cvtColor(np.ascontiguousarray(pixels[:, :, :3]), cv2.COLOR_RGB2GRAY)
    strength = gray if white_is_edit else cv2.bitwise_not(gray)
    if pixels.shape[2] == 4:
        alpha = np.ascontiguousarray(pixels[:, :, 3])
        strength = cv2.multiply(strength, alpha, scale=1.0 / 255.0)  # rounds, saturates
    if strength.shape != (height, width):
        strength = _scaled(strength, width, height)
    return strength


def _scaled(strength: np.ndarray, width: int, height: int) -> np.ndarray:
    """A mask file of another size, brought to the photo's. A hard (two-valued) mask is scaled
    nearest-neighbour, so it stays hard, as the API asks of masks. A soft mask is resampled
    smoothly (linear up, area down), so its gradients stay gradients instead of steps; both keep
    a region that is all "keep" exactly keep."""
    hard = not cv2.countNonZero(cv2.inRange(strength, KEEP + 1, EDIT - 1))
    if hard:
        interpolation = cv2.INTER_NEAREST
    elif width * height < strength.shape[0] * strength.shape[1]:
        interpolation = cv2.INTER_AREA
    else:
        interpolation = cv2.INTER_LINEAR
    return cv2.resize(strength, (width, height), interpolation=interpolation)
