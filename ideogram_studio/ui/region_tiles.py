"""The pictures of the Regions page's result tiles: each result's region area (its box grown a
little for context) at its own aspect ratio, letterboxed into the tile, so a region's results
can be told apart even when it is a thin strip or two strokes far apart."""

from __future__ import annotations

import cv2
import numpy as np

from ideogram_studio.backends.prompt_regions import RegionArea
from ideogram_studio.core.geometry import Rect

TILE_WIDTH, TILE_HEIGHT = 80, 60  # the picture of a tile; its label goes under it
CONTEXT = 0.12  # of the box's longer side, added around it
MIN_CONTEXT = 6  # pixels
MOST_ELONGATED = 3.0  # a longer box is widened across: a sliver says nothing


def tile_box(box: Rect, width: int, height: int) -> Rect:
    """The box grown for context (and across when it is very elongated), inside the photo."""
    grow = max(MIN_CONTEXT, round(CONTEXT * max(box.width, box.height)))
    left, top = box.x - grow, box.y - grow
    right, bottom = box.right + grow, box.bottom + grow
    across_w = round((bottom - top) / MOST_ELONGATED) - (right - left)
    across_h = round((right - left) / MOST_ELONGATED) - (bottom - top)
    if across_w > 0:
        left, right = left - across_w // 2, right + across_w - across_w // 2
    if across_h > 0:
        top, bottom = top - across_h // 2, bottom + across_h - across_h // 2
    left, top = max(0, left), max(0, top)
    return Rect.from_edges(left, top, min(width, right), min(height, bottom))


def region_tile(
    original: np.ndarray,
    part: np.ndarray,
    area: RegionArea,
    size: tuple[int, int] = (TILE_WIDTH, TILE_HEIGHT),
) -> np.ndarray:
    """The tile's picture (RGBA, transparent around): the grown box of the result, made of
    `part` (what the page keeps of it: its region's box, or a whole edit's answer) and the
    original around it, scaled to fit `size` without changing its aspect ratio."""
    height, width = original.shape[:2]
    grown = tile_box(area.box, width, height)
    box = area.box
    if not area.whole and part.shape[:2] == (box.height, box.width):
        crop = original[grown.slices][:, :, :3].copy()
        top, left = box.y - grown.y, box.x - grown.x
        crop[top : top + box.height, left : left + box.width] = part[:, :, :3]
    else:  # the answer itself, maybe of another size than the photo: the box scaled to it
        sy, sx = part.shape[0] / height, part.shape[1] / width
        rows = slice(int(grown.y * sy), max(int(grown.y * sy) + 1, round(grown.bottom * sy)))
        cols = slice(int(grown.x * sx), max(int(grown.x * sx) + 1, round(grown.right * sx)))
        crop = part[rows, cols, :3]
    if crop.dtype != np.uint8:  # a 16-bit answer: the tile only needs to be seen
        crop = (crop / 257).round().astype(np.uint8)
    return letterbox(crop, *size)


def letterbox(pixels: np.ndarray, width: int, height: int) -> np.ndarray:
    """`pixels` (RGB) scaled to fit width × height keeping its aspect ratio, centred on a
    transparent RGBA picture of that size."""
    rows, cols = pixels.shape[:2]
    scale = min(width / cols, height / rows)
    fitted = (max(1, round(cols * scale)), max(1, round(rows * scale)))
    how = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    small = cv2.resize(np.ascontiguousarray(pixels), fitted, interpolation=how)
    out = np.zeros((height, width, 4), np.uint8)
    top, left = (height - fitted[1]) // 2, (width - fitted[0]) // 2
    out[top : top + fitted[1], left : left + fitted[0], :3] = small
    out[top : top + fitted[1], left : left + fitted[0], 3] = 255
    return out
