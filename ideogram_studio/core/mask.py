"""The mask engine: a full-resolution uint8 mask (0 = keep, 255 = edit) with strokes, shapes,
whole-mask operations and undo.

Per-event work touches only the brush's bounding box; every call returns the dirty Rect it
changed so the view can repaint just that. Nothing here imports Qt.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import cv2
import numpy as np

from ideogram_studio.core.brush import Brush, dab_positions, erase_stamp, stamp
from ideogram_studio.core.geometry import EMPTY, Rect
from ideogram_studio.core.undo import (
    TILE,
    PackedTiles,
    Step,
    UndoHistory,
    changed_tiles,
    tile_view,
)
from ideogram_studio.i18n import translate

EDIT = 255
KEEP = 0
# What is painted is what is edited: a pixel counts as "edit" from this value on, so every value
# the overlay tints (soft brush edges and antialiasing included) is sent. Its strength then only
# decides how much of the result is blended back (core/region.py).
EDIT_THRESHOLD = 1
# cv2 draws with 4 fractional bits, so shapes follow sub-pixel pointer positions.
_SHIFT = 4
_ONE = 1 << _SHIFT


def edit_pixels(values: np.ndarray) -> np.ndarray:
    """255 where a pixel counts as edit (any value from EDIT_THRESHOLD on), 0 elsewhere."""
    return cv2.threshold(values, EDIT_THRESHOLD - 1, EDIT, cv2.THRESH_BINARY)[1]


def scaled_edit_pixels(values: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """`edit_pixels` scaled down to `size` (width, height) for sending: nearest-neighbour, so
    it stays two-valued, after a dilation over one sent pixel's footprint. OpenCV's
    nearest-neighbour gives each sent pixel the pixel at its footprint's top-left corner, so
    without the dilation a soft rim a pixel or two wide could fall between samples and go out
    as "keep" though painted; with it, a sent pixel is edit when any pixel it covers is."""
    binary = edit_pixels(values)
    height, width = values.shape
    if size == (width, height):
        return binary
    reach_x = math.ceil(width / size[0]) if width > size[0] else 0
    reach_y = math.ceil(height / size[1]) if height > size[1] else 0
    # Anchored at the kernel's corner: each pixel takes the maximum to its right and below.
    kernel = np.ones((reach_y + 1, reach_x + 1), np.uint8)
    covered = cv2.dilate(binary, kernel, anchor=(0, 0))
    return cv2.resize(covered, size, interpolation=cv2.INTER_NEAREST)


def marks_edit(values: np.ndarray) -> bool:
    """Whether any pixel of a mask (or of a part of it) counts as edit."""
    return bool(cv2.countNonZero(edit_pixels(values)))


class Mode(enum.Enum):
    ADD = "add"
    SUBTRACT = "subtract"


@dataclass(slots=True)
class _Stroke:
    erase: bool
    last: tuple[float, float, float]
    carry: float
    saved: np.ndarray  # bool per tile: its pre-stroke contents are kept in old_tiles
    rows: list[np.ndarray] = field(default_factory=list)
    columns: list[np.ndarray] = field(default_factory=list)
    old_tiles: list[np.ndarray] = field(default_factory=list)


class MaskEngine:
    """A mask the size of the image, and the operations a masking tool offers on it."""

    def __init__(
        self, width: int, height: int, *, history_limit_bytes: int = 256 * 1024 * 1024
    ) -> None:
        if width <= 0 or height <= 0:
            raise ValueError(f"a mask needs a positive size, not {width} x {height}")
        self.width = width
        self.height = height
        # The buffer is padded to whole tiles so undo can gather and scatter tiles in one
        # numpy call; `data` is the image-sized view everyone else sees.
        self._buffer = np.zeros((_ceil_to(height, TILE), _ceil_to(width, TILE)), dtype=np.uint8)
        self._tiles = tile_view(self._buffer)
        self.data: np.ndarray = self._buffer[:height, :width]
        self.bounds = Rect(0, 0, width, height)
        self.brush = Brush()
        self.history = UndoHistory(history_limit_bytes)
        self._stroke: _Stroke | None = None
        # Counts changes, also in the middle of a stroke: the autosave compares it.
        self.revision = 0

    # ----------------------------------------------------------------- queries

    @property
    def buffer(self) -> np.ndarray:
        """The whole padded buffer (rows of `buffer.strides[0]` bytes): for zero-copy display."""
        return self._buffer

    @property
    def is_stroking(self) -> bool:
        return self._stroke is not None

    def has_edit_area(self) -> bool:
        """True when the upload mask would mark at least one pixel for editing."""
        return marks_edit(self.data)

    def content_rect(self) -> Rect:
        """The bounding box of every non-zero pixel (soft edges included)."""
        return Rect(*cv2.boundingRect(self.data))

    def copy(self) -> np.ndarray:
        """A contiguous copy for a worker thread or an encoder."""
        return np.array(self.data, order="C", copy=True)  # one copy out of the padded buffer

    # ----------------------------------------------------------------- strokes

    def begin_stroke(
        self, x: float, y: float, pressure: float = 1.0, *, erase: bool = False
    ) -> Rect:
        """Start painting (or erasing) at a point; the first dab lands there."""
        if self._stroke is not None:
            self.end_stroke()
        saved = np.zeros(self._tiles.shape[::2], dtype=bool)
        self._stroke = _Stroke(erase, (x, y, pressure), self.brush.step_at(pressure), saved)
        return self._dab_all([(x, y, pressure)])

    def stroke_to(self, x: float, y: float, pressure: float = 1.0) -> Rect:
        """Extend the stroke to a point, with dabs evenly spaced along the way."""
        stroke = self._stroke
        if stroke is None:
            return self.begin_stroke(x, y, pressure)
        dabs, stroke.carry = dab_positions(stroke.last, (x, y, pressure), stroke.carry, self.brush)
        stroke.last = (x, y, pressure)
        return self._dab_all(dabs) if dabs else EMPTY

    def end_stroke(self) -> Rect:
        """Finish the stroke and record it as one undo step. Returns the stroke's whole area."""
        stroke, self._stroke = self._stroke, None
        if stroke is None or not stroke.rows:
            return EMPTY
        rows = np.concatenate(stroke.rows)
        columns = np.concatenate(stroke.columns)
        old = np.concatenate(stroke.old_tiles)
        changed = np.any(old != self._tiles[rows, :, columns, :], axis=(1, 2))
        if not changed.any():
            return EMPTY
        packed = PackedTiles(old[changed], rows[changed], columns[changed])
        self.history.push(
            Step(
                translate("MaskStep", "Erase stroke")
                if stroke.erase
                else translate("MaskStep", "Brush stroke"),
                packed,
            )
        )
        return self._tiles_rect(packed)

    def _dab_all(self, dabs: Sequence[tuple[float, float, float]]) -> Rect:
        stroke = self._stroke
        assert stroke is not None
        brush = self.brush
        make_stamp = erase_stamp if stroke.erase else stamp
        width, height = self.width, self.height
        placed: list[tuple[np.ndarray, int, int, int, int, int, int]] = []
        left, top, right, bottom = width, height, 0, 0
        for x, y, pressure in dabs:
            dab = make_stamp(brush.radius_at(pressure), brush.hardness)
            half = dab.shape[0] // 2
            ox, oy = math.floor(x) - half, math.floor(y) - half  # stamp's top-left in the image
            x0, y0 = max(ox, 0), max(oy, 0)
            x1, y1 = min(ox + dab.shape[1], width), min(oy + dab.shape[0], height)
            if x0 >= x1 or y0 >= y1:
                continue
            placed.append((dab, x0, y0, x1, y1, x0 - ox, y0 - oy))
            left, top = min(left, x0), min(top, y0)
            right, bottom = max(right, x1), max(bottom, y1)
        if not placed:
            return EMPTY
        self._save_tiles(stroke, left, top, right, bottom)
        combine = np.minimum if stroke.erase else np.maximum
        data = self.data
        for dab, x0, y0, x1, y1, sx, sy in placed:
            region = data[y0:y1, x0:x1]
            combine(region, dab[sy : sy + y1 - y0, sx : sx + x1 - x0], out=region)
        self.revision += 1
        return Rect(left, top, right - left, bottom - top)

    def _save_tiles(self, stroke: _Stroke, left: int, top: int, right: int, bottom: int) -> None:
        """Keep the pre-stroke contents of the tiles this stroke is about to touch first."""
        ty0, tx0 = top // TILE, left // TILE
        ty1, tx1 = (bottom - 1) // TILE + 1, (right - 1) // TILE + 1
        window = stroke.saved[ty0:ty1, tx0:tx1]
        if window.all():
            return
        rows, columns = np.nonzero(~window)
        rows += ty0
        columns += tx0
        stroke.rows.append(rows)
        stroke.columns.append(columns)
        stroke.old_tiles.append(self._tiles[rows, :, columns, :])
        window[...] = True

    # ------------------------------------------------------------------ shapes

    def fill_rect(self, x0: float, y0: float, x1: float, y1: float, mode: Mode = Mode.ADD) -> Rect:
        """Fill the pixels whose centres lie inside the rectangle between two corners."""
        left, right = sorted((x0, x1))
        top, bottom = sorted((y0, y1))
        rect = Rect.from_edges(round(left), round(top), round(right), round(bottom))
        rect = rect.intersect(self.bounds)
        if rect.is_empty:
            return EMPTY
        shape = np.full((rect.height, rect.width), EDIT, dtype=np.uint8)
        return self._combine_shape(rect, shape, mode, translate("MaskStep", "Rectangle"))

    def fill_ellipse(
        self, x0: float, y0: float, x1: float, y1: float, mode: Mode = Mode.ADD
    ) -> Rect:
        """Fill the ellipse inscribed in the rectangle between two corners."""
        left, right = sorted((x0, x1))
        top, bottom = sorted((y0, y1))
        rect = Rect.from_edges(
            math.floor(left), math.floor(top), math.ceil(right), math.ceil(bottom)
        ).intersect(self.bounds)
        if rect.is_empty or right - left < 0.5 or bottom - top < 0.5:
            return EMPTY
        shape = np.zeros((rect.height, rect.width), dtype=np.uint8)
        centre = (
            round(((left + right) / 2 - 0.5 - rect.x) * _ONE),
            round(((top + bottom) / 2 - 0.5 - rect.y) * _ONE),
        )
        axes = (round((right - left) / 2 * _ONE), round((bottom - top) / 2 * _ONE))
        cv2.ellipse(shape, centre, axes, 0, 0, 360, EDIT, -1, cv2.LINE_8, _SHIFT)
        return self._combine_shape(rect, shape, mode, translate("MaskStep", "Ellipse"))

    def fill_polygon(self, points: Sequence[tuple[float, float]], mode: Mode = Mode.ADD) -> Rect:
        """Fill a free polygon (the lasso). Self-intersecting outlines fill their non-zero area."""
        if len(points) < 3:
            return EMPTY
        outline = np.asarray(points, dtype=np.float64)
        rect = Rect.from_edges(
            math.floor(outline[:, 0].min()),
            math.floor(outline[:, 1].min()),
            math.ceil(outline[:, 0].max()) + 1,
            math.ceil(outline[:, 1].max()) + 1,
        ).intersect(self.bounds)
        if rect.is_empty:
            return EMPTY
        shape = np.zeros((rect.height, rect.width), dtype=np.uint8)
        local = np.round((outline - 0.5 - (rect.x, rect.y)) * _ONE).astype(np.int32)
        cv2.fillPoly(shape, [local], EDIT, cv2.LINE_8, _SHIFT)
        return self._combine_shape(rect, shape, mode, translate("MaskStep", "Lasso"))

    def magic_wand(
        self,
        image: np.ndarray,
        x: int,
        y: int,
        tolerance: int = 32,
        mode: Mode = Mode.ADD,
        *,
        contiguous: bool = True,
    ) -> Rect:
        """Select the pixels of similar colour to the one at (x, y), within `tolerance` per channel.

        Contiguous selects only the connected region around the click (like Photoshop's
        default); otherwise every pixel of that colour in the image.
        """
        if not (0 <= x < self.width and 0 <= y < self.height):
            return EMPTY
        if image.shape[:2] != (self.height, self.width):
            raise ValueError("the image and the mask differ in size")
        colour = image[:, :, :3] if image.ndim == 3 else image
        if not (colour.flags.c_contiguous and colour.flags.writeable):
            colour = np.array(colour, order="C")  # OpenCV insists, though MASK_ONLY never writes
        tolerance = int(min(255, max(0, tolerance)))
        if contiguous:
            region = np.zeros((self.height + 2, self.width + 2), dtype=np.uint8)
            flags = 8 | cv2.FLOODFILL_MASK_ONLY | cv2.FLOODFILL_FIXED_RANGE | (EDIT << 8)
            diff = (tolerance,) * 3
            cv2.floodFill(colour, region, (int(x), int(y)), 0, diff, diff, flags)
            selected = region[1:-1, 1:-1]
        else:
            seed = colour[y, x].astype(np.int16)
            close = np.abs(colour.astype(np.int16) - seed) <= tolerance
            selected = np.where(close.all(axis=-1) if close.ndim == 3 else close, EDIT, KEEP)
            selected = selected.astype(np.uint8)
        rect = Rect(*cv2.boundingRect(selected))
        if rect.is_empty:
            return EMPTY
        return self._combine_shape(
            rect, selected[rect.slices], mode, translate("MaskStep", "Magic wand")
        )

    def _combine_shape(self, rect: Rect, shape: np.ndarray, mode: Mode, label: str) -> Rect:
        current = self.data[rect.slices]
        if mode is Mode.ADD:
            result = np.maximum(current, shape)
        else:
            result = np.minimum(current, EDIT - shape)
        if mode is not Mode.ADD:
            label = translate("MaskStep", "{step} (subtract)").format(step=label)
        return self._commit(label, rect, result)

    # -------------------------------------------------------- whole-mask operations

    def clear(self) -> Rect:
        rect = self.content_rect()
        return self._commit(
            translate("MaskStep", "Clear mask"), rect, np.zeros((rect.height, rect.width), np.uint8)
        )

    def fill(self) -> Rect:
        return self._commit(
            translate("MaskStep", "Fill mask"),
            self.bounds,
            np.full((self.height, self.width), EDIT, np.uint8),
        )

    def invert(self) -> Rect:
        return self._commit(
            translate("MaskStep", "Invert mask"), self.bounds, cv2.bitwise_not(self.data)
        )

    def grow(self, pixels: int) -> Rect:
        """Expand the edit area by `pixels` in every direction (round corners, soft edges kept)."""
        if pixels <= 0:
            return EMPTY
        rect = self.content_rect().grown(pixels + 1).intersect(self.bounds)
        if rect.is_empty:
            return EMPTY
        grown = _morph(cv2.dilate, self.data[rect.slices], pixels)
        return self._commit(
            translate("MaskStep", "Grow {pixels} px").format(pixels=pixels), rect, grown
        )

    def shrink(self, pixels: int) -> Rect:
        """Contract the edit area by `pixels`; the image's own edges do not eat into it."""
        if pixels <= 0:
            return EMPTY
        rect = self.content_rect().grown(1).intersect(self.bounds)
        if rect.is_empty:
            return EMPTY
        shrunk = _morph(cv2.erode, self.data[rect.slices], pixels)
        return self._commit(
            translate("MaskStep", "Shrink {pixels} px").format(pixels=pixels), rect, shrunk
        )

    def feather(self, pixels: int) -> Rect:
        """Soften the edge with a Gaussian blur that reaches about `pixels` either side."""
        if pixels <= 0:
            return EMPTY
        rect = self.content_rect().grown(pixels + 1).intersect(self.bounds)
        if rect.is_empty:
            return EMPTY
        size = 2 * pixels + 1
        blurred = cv2.GaussianBlur(
            np.ascontiguousarray(self.data[rect.slices]),
            (size, size),
            pixels / 2.0,
            borderType=cv2.BORDER_REPLICATE,
        )
        return self._commit(
            translate("MaskStep", "Feather {pixels} px").format(pixels=pixels), rect, blurred
        )

    def replace(self, mask: np.ndarray, label: str | None = None) -> Rect:
        """Swap in a whole mask (0..255, image-sized) as one undoable step."""
        if mask.shape != (self.height, self.width):
            raise ValueError(
                f"mask is {mask.shape[1]} x {mask.shape[0]}, expected {self.width} x {self.height}"
            )
        label = label or translate("MaskStep", "Import mask")
        return self._commit(label, self.bounds, mask.astype(np.uint8, copy=False))

    # ---------------------------------------------------------------- undo / redo

    def undo(self) -> Rect:
        """Revert the last step; returns the area that changed (empty if nothing to undo)."""
        self.end_stroke()
        step = self.history.pop_undo()
        if step is None:
            return EMPTY
        step.swap(self._tiles)
        self.history.push_redo(step)
        self.revision += 1
        return self._tiles_rect(step.tiles)

    def redo(self) -> Rect:
        step = self.history.pop_redo()
        if step is None:
            return EMPTY
        step.swap(self._tiles)
        self.history.push_after_redo(step)
        self.revision += 1
        return self._tiles_rect(step.tiles)

    # -------------------------------------------------------------------- helpers

    def _commit(self, label: str, rect: Rect, values: np.ndarray) -> Rect:
        """Write `values` into `rect` as one undo step that keeps only the tiles that changed."""
        rect = rect.intersect(self.bounds)
        if rect.is_empty:
            return EMPTY
        self.end_stroke()
        ty0, tx0 = rect.y // TILE, rect.x // TILE
        ty1, tx1 = _ceil_div(rect.bottom, TILE), _ceil_div(rect.right, TILE)
        block = self._buffer[ty0 * TILE : ty1 * TILE, tx0 * TILE : tx1 * TILE]
        before = block.copy()
        self.data[rect.slices] = values
        changed = changed_tiles(before, block)
        if not changed.any():
            return EMPTY
        rows, columns = np.nonzero(changed)
        packed = PackedTiles(tile_view(before)[rows, :, columns, :], rows + ty0, columns + tx0)
        self.history.push(Step(label, packed))
        self.revision += 1
        return self._tiles_rect(packed).intersect(rect)

    def _tiles_rect(self, packed: PackedTiles) -> Rect:
        return Rect.from_edges(*packed.bounds()).intersect(self.bounds)


# Disk kernels above this radius cost too much (time grows with the square of the radius),
# so larger distances are reached by chaining disks: a disk plus a disk is a bigger disk.
_MAX_KERNEL_RADIUS = 10


def _morph(
    operation: Callable[[np.ndarray, np.ndarray], np.ndarray], values: np.ndarray, pixels: int
) -> np.ndarray:
    """Dilate or erode by a disk of radius `pixels`. Borders never count as mask or as hole."""
    result = np.ascontiguousarray(values)
    remaining = pixels
    while remaining > 0:
        radius = min(remaining, _MAX_KERNEL_RADIUS)
        kernel = _disk(radius)
        result = operation(result, kernel)
        remaining -= radius
    return result


@lru_cache(maxsize=16)
def _disk(radius: int) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))


def _ceil_div(value: int, divisor: int) -> int:
    return -(-value // divisor)


def _ceil_to(value: int, multiple: int) -> int:
    return _ceil_div(value, multiple) * multiple
