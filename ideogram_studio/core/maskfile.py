"""The mask as Ideogram wants it, and masks read back from files.

Ideogram's convention is the opposite of Stable Diffusion's and OpenAI's: black (0) marks the
area to edit, white (255) the area to keep. The engine keeps 255 = edit internally (so painting
adds), and only this module translates.
"""

from __future__ import annotations

import cv2
import numpy as np

from ideogram_studio.core.imageio import ImageSource, load_image
from ideogram_studio.core.mask import edit_pixels


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
    """Read a mask file into an engine mask (255 = edit) of the given size.

    By default the file follows Ideogram's convention (black = edit); `white_is_edit` accepts
    masks made for Stable Diffusion or ComfyUI. Transparent pixels count as white. A file of
    another size is scaled with nearest-neighbour, as the API requires, then thresholded.
    """
    pixels = load_image(source)
    if pixels.shape[2] == 4:
        alpha = pixels[:, :, 3:4].astype(np.uint16)
        colour = pixels[:, :, :3].astype(np.uint16)
        pixels = ((colour * alpha + 255 * (255 - alpha) + 127) // 255).astype(np.uint8)
    gray = cv2.cvtColor(np.ascontiguousarray(pixels[:, :, :3]), cv2.COLOR_RGB2GRAY)
    if gray.shape != (height, width):
        gray = cv2.resize(gray, (width, height), interpolation=cv2.INTER_NEAREST)
    edit_when_dark = cv2.THRESH_BINARY if white_is_edit else cv2.THRESH_BINARY_INV
    return cv2.threshold(gray, 127, 255, edit_when_dark)[1]
