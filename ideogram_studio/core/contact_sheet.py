"""A sweep's grid as one picture: a title, column headings (axis 2's values), row headings
(axis 1's), a thumbnail per result, a page per value of axis 3 under each other, winners
framed with a drawn ★, and a short word in cells with no image. No Qt here.

The CLI's `--sheet` and the window's "Export contact sheet…" both draw it with render_sheet()
and write it with sheet_png(), whose PNG carries the sweep's provenance as JSON (a text chunk
and the XMP packet, as results do). sheet_layout() says where everything is drawn.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw

from ideogram_studio.core.colour import to_8bit
from ideogram_studio.core.encode import encode_result
from ideogram_studio.core.metadata import PhotoInfo
from ideogram_studio.core.sheet_text import draw_lines, font_for, line_count_height, wrapped

PROVENANCE_KEY = "ideogram_studio"  # the text key results use (backends.storage)
SHEET_FORMAT = "contact-sheet/1"
MIN_THUMB, MAX_THUMB = 64, 512
MAX_SIDE = 16384  # a sheet past this is shrunk: image viewers and PNG tools stop there
Box = tuple[int, int, int, int]  # x, y, width, height
Place = tuple[int, ...]

_BACKGROUND = (246, 246, 244)
_INK = (28, 28, 30)
_QUIET_INK = (105, 105, 110)
_EMPTY = (222, 222, 220)
_GOLD = (240, 178, 20)


@dataclass(frozen=True)
class SheetCell:
    """One cell: its place (an index per axis), its headings, its images (RGB(A) arrays, in
    the order of their files), which of them are winners (positions in `images`), and the
    word shown when it has no image ("failed", "waiting"…)."""

    place: Place
    labels: tuple[str, ...] = ()
    images: tuple[np.ndarray, ...] = ()
    winners: frozenset[int] = frozenset()
    note: str = ""
    key: str = ""
    seeds: tuple[int, ...] = ()
    files: tuple[str, ...] = ()
    image_labels: tuple[str, ...] = ()  # one per image ("seed 42"), drawn on it; () for none


@dataclass(frozen=True)
class SheetSpec:
    """What to draw: the title line, each axis's title and value headings (1 to 3 axes: rows,
    columns, pages), the cells, and the provenance to write into the PNG (the plan's spec)."""

    title: str
    axis_titles: tuple[str, ...]
    axis_labels: tuple[tuple[str, ...], ...]
    cells: tuple[SheetCell, ...]
    provenance: Mapping[str, Any] = field(default_factory=dict)
    thumb: int = 256  # longest side of a thumbnail, MIN_THUMB to MAX_THUMB
    aspect: float | None = None  # width / height of the results; None: from the first image
    icc_profile: bytes | None = None  # the colour space the images are in (None: sRGB)


@dataclass(frozen=True)
class SheetLayout:
    size: tuple[int, int]  # width, height
    thumb: int
    font_size: int
    cell_boxes: dict[Place, Box]
    image_boxes: dict[tuple[Place, int], Box]  # where each image is drawn, fitted in its slot
    heading_boxes: dict[str, Box]  # "title", "row 0", "column 1", "page 2", "corner 0"…


def sheet_layout(sheet: SheetSpec) -> SheetLayout:
    """Where the sheet draws everything; the thumbnails shrink until it fits MAX_SIDE."""
    thumb = min(MAX_THUMB, max(MIN_THUMB, int(sheet.thumb)))
    while True:
        layout = _layout(sheet, thumb)
        if max(layout.size) <= MAX_SIDE or thumb <= MIN_THUMB:
            return layout
        thumb = max(MIN_THUMB, int(thumb * 0.8))


def render_sheet(sheet: SheetSpec) -> np.ndarray:
    """The contact sheet as an (h, w, 3) uint8 RGB array."""
    layout = sheet_layout(sheet)
    canvas = Image.new("RGB", layout.size, _BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    size = layout.font_size
    _headings(draw, sheet, layout)
    pixels = np.asarray(canvas).copy()
    for cell in sheet.cells:
        for index, image in enumerate(cell.images):
            x, y, width, height = layout.image_boxes[(_full(cell.place), index)]
            pixels[y : y + height, x : x + width] = thumbnail(image, (width, height))
    canvas = Image.fromarray(pixels)
    draw = ImageDraw.Draw(canvas)
    for cell in sheet.cells:
        place = _full(cell.place)
        if not cell.images:
            box = layout.cell_boxes[place]
            draw.rectangle(_corners(box), fill=_EMPTY)
            lines = wrapped(cell.note, font_for(cell.note, size), box[2] - 8, 2)
            draw_lines(draw, lines, box, size, _QUIET_INK)
        for index, text in enumerate(cell.image_labels):
            if text and (place, index) in layout.image_boxes:
                _image_label(draw, layout.image_boxes[(place, index)], text, size)
        for index in sorted(cell.winners):
            if (place, index) in layout.image_boxes:
                _mark_winner(draw, layout.image_boxes[(place, index)], layout.thumb)
    return np.asarray(canvas).copy()


def sheet_png(sheet: SheetSpec, pixels: np.ndarray | None = None) -> bytes:
    """The sheet as a PNG with its provenance (render_sheet's pixels unless given)."""
    if pixels is None:
        pixels = render_sheet(sheet)
    texts = {PROVENANCE_KEY: json.dumps(sheet_provenance(sheet), ensure_ascii=False)}
    return encode_result(
        pixels, PhotoInfo(format="PNG", icc_profile=sheet.icc_profile), "PNG", texts=texts
    )


def sheet_provenance(sheet: SheetSpec) -> dict[str, Any]:
    """The JSON a sheet's PNG carries: the sweep's spec and, per cell, its place, headings,
    job key, seeds, files, winners and note."""
    return {
        "format": SHEET_FORMAT,
        "title": sheet.title,
        "sweep": dict(sheet.provenance),
        "cells": [
            {
                "place": list(cell.place),
                "labels": list(cell.labels),
                "key": cell.key,
                "seeds": list(cell.seeds),
                "files": list(cell.files),
                "winners": sorted(cell.winners),
                "note": cell.note if not cell.images else "",
            }
            for cell in sheet.cells
        ],
    }


def read_sheet_provenance(png: bytes) -> dict[str, Any] | None:
    """The provenance sheet_png() wrote, or None when the file is no contact sheet."""
    with Image.open(io.BytesIO(png)) as image:
        text = getattr(image, "text", {}).get(PROVENANCE_KEY)
    try:
        found = json.loads(text) if text else None
    except ValueError:
        return None
    return found if isinstance(found, dict) and found.get("format") == SHEET_FORMAT else None


def thumbnail(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """`image` as 8-bit RGB at `size` (width, height): area-averaged when it shrinks."""
    pixels = to_8bit(image) if image.dtype != np.uint8 else image
    if pixels.ndim == 2:
        pixels = np.repeat(pixels[:, :, None], 3, axis=2)
    pixels = np.ascontiguousarray(pixels[:, :, :3])
    width, height = size
    if (pixels.shape[1], pixels.shape[0]) == (width, height):
        return pixels
    shrinking = width <= pixels.shape[1] and height <= pixels.shape[0]
    method = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    return cv2.resize(pixels, (width, height), interpolation=method)


# --- layout ---------------------------------------------------------------------------------


def _full(place: Place) -> tuple[int, int, int]:
    padded = tuple(place) + (0, 0, 0)
    return padded[0], padded[1], padded[2]


def _aspect(sheet: SheetSpec) -> float:
    if sheet.aspect:
        return max(0.1, min(10.0, float(sheet.aspect)))
    for cell in sheet.cells:
        for image in cell.images:
            return max(0.1, min(10.0, image.shape[1] / image.shape[0]))
    return 1.0


def _layout(sheet: SheetSpec, thumb: int) -> SheetLayout:
    labels = [tuple(values) for values in sheet.axis_labels] + [(), (), ()]
    rows, columns, pages = (max(1, len(labels[i])) for i in range(3))
    size = max(12, thumb // 16)
    gap, inner = max(8, thumb // 24), max(3, thumb // 64)
    line = line_count_height(1, size)
    aspect = _aspect(sheet)
    slot_w, slot_h = (
        (thumb, round(thumb / aspect)) if aspect >= 1 else (round(thumb * aspect), thumb)
    )
    per_cell = max([len(cell.images) for cell in sheet.cells] + [1])
    cell_w = per_cell * slot_w + (per_cell - 1) * inner
    heading_w = max(120, min(2 * thumb, 280))
    width = gap + heading_w + gap + columns * (cell_w + gap)
    boxes: dict[str, Box] = {}
    title_size = round(size * 1.25)
    title_lines = max(1, len(_lines(sheet.title, title_size, width - 2 * gap, 2)))
    boxes["title"] = (gap, gap, width - 2 * gap, line_count_height(title_lines, title_size))
    top = gap + boxes["title"][3] + gap
    column_lines = 0
    if len(labels[1]):
        column_lines = max([1] + [len(_lines(text, size, cell_w, 3)) for text in labels[1]])
    column_h = line_count_height(column_lines, size) if column_lines else 0
    cell_boxes: dict[tuple[int, ...], Box] = {}
    image_boxes: dict[tuple[tuple[int, ...], int], Box] = {}
    left = gap + heading_w + gap
    for page in range(pages):
        if len(labels[2]):
            boxes[f"page {page}"] = (gap, top, width - 2 * gap, round(line * 1.3))
            top += round(line * 1.3) + gap // 2
        boxes[f"corner {page}"] = (gap, top, heading_w, column_h or line)
        for column in range(columns if column_h else 0):
            boxes[f"column {column} {page}"] = (
                left + column * (cell_w + gap),
                top,
                cell_w,
                column_h,
            )
        top += (column_h or line) + gap // 2
        for row in range(rows):
            boxes[f"row {row} {page}"] = (gap, top, heading_w, slot_h)
            for column in range(columns):
                x = left + column * (cell_w + gap)
                cell_boxes[(row, column, page)] = (x, top, cell_w, slot_h)
            top += slot_h + gap
        top += gap
    for cell in sheet.cells:
        x, y, _, _ = cell_boxes[_full(cell.place)]
        for index, image in enumerate(cell.images):
            image_boxes[(_full(cell.place), index)] = _fitted(
                image, (x + index * (slot_w + inner), y, slot_w, slot_h)
            )
    return SheetLayout((width, top), thumb, size, cell_boxes, image_boxes, boxes)


def _fitted(image: np.ndarray, slot: Box) -> Box:
    x, y, slot_w, slot_h = slot
    scale = min(slot_w / image.shape[1], slot_h / image.shape[0])
    width = max(1, min(slot_w, round(image.shape[1] * scale)))
    height = max(1, min(slot_h, round(image.shape[0] * scale)))
    return x + (slot_w - width) // 2, y + (slot_h - height) // 2, width, height


def _lines(text: str, size: int, width: int, most: int) -> list[str]:
    return wrapped(text, font_for(text, size), width, most) if text else []


# --- drawing --------------------------------------------------------------------------------


def _headings(draw: ImageDraw.ImageDraw, sheet: SheetSpec, layout: SheetLayout) -> None:
    size = layout.font_size
    labels = [tuple(values) for values in sheet.axis_labels] + [(), (), ()]
    titles = tuple(sheet.axis_titles) + ("", "", "")
    line = line_count_height(1, size)
    for name, box in layout.heading_boxes.items():
        kind, *numbers = name.split()
        if kind == "title":
            title_size = round(size * 1.25)
            lines = _lines(sheet.title, title_size, box[2], 2)
            draw_lines(draw, lines, box, title_size, _INK, centred=False)
        elif kind == "page":
            text = f"{titles[2]}: {labels[2][int(numbers[0])]}"
            draw_lines(
                draw,
                _lines(text, round(size * 1.15), box[2], 1),
                box,
                round(size * 1.15),
                _INK,
                centred=False,
            )
        elif kind == "corner":
            corner = [f"{titles[1]} →"] if labels[1] else []
            corner.append(f"{titles[0]} ↓")
            lines = [_lines(text, size, box[2], 1)[0] for text in corner]
            draw_lines(draw, lines, box, size, _QUIET_INK, centred=False)
        elif kind == "column":
            text = labels[1][int(numbers[0])]
            draw_lines(draw, _lines(text, size, box[2], 3), box, size, _INK)
        elif kind == "row":
            text = labels[0][int(numbers[0])]
            most = max(1, box[3] // line)
            draw_lines(draw, _lines(text, size, box[2], min(most, 8)), box, size, _INK)


def _corners(box: Box) -> tuple[int, int, int, int]:
    x, y, width, height = box
    return x, y, x + width - 1, y + height - 1


def thumb_for(longest_side: int) -> int:
    """The sheet's thumbnail size for results of this longest side: big photos get big cells
    (their previews are MAX_THUMB already, so it costs only the sheet's size)."""
    return MAX_THUMB if longest_side >= 4 * MAX_THUMB else 256


def _image_label(draw: ImageDraw.ImageDraw, box: Box, text: str, size: int) -> None:
    """`text` on a dark strip along the image's bottom edge."""
    x, y, width, height = box
    strip = min(height, round(size * 1.6))
    draw.rectangle((x, y + height - strip, x + width - 1, y + height - 1), fill=(20, 20, 24))
    lines = _lines(text, size, width - 8, 1)
    draw_lines(draw, lines, (x, y + height - strip, width, strip), size, (240, 240, 242))


def _mark_winner(draw: ImageDraw.ImageDraw, box: Box, thumb: int) -> None:
    """A gold frame round the image and a gold ★ on a dark disc in its top-left corner: drawn,
    not a glyph, so no font is needed for it."""
    x, y, width, height = box
    frame = max(2, thumb // 64)
    draw.rectangle(_corners(box), outline=_GOLD, width=frame)
    radius = max(8, min(width, height, thumb) // 9)
    cx, cy = x + frame + radius + 2, y + frame + radius + 2
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(20, 20, 24))
    points = []
    for point in range(10):
        reach = radius * (0.85 if point % 2 == 0 else 0.36)
        angle = -math.pi / 2 + point * math.pi / 5
        points.append((cx + reach * math.cos(angle), cy + reach * math.sin(angle)))
    draw.polygon(points, fill=_GOLD)
