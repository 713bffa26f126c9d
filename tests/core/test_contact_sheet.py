"""The contact sheet: its size, its provenance read back, cells drawn from their images,
headings drawn, winners and failed cells marked."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import numpy as np
from PIL import Image

from ideogram_studio.core.contact_sheet import (
    MAX_SIDE,
    SheetCell,
    SheetSpec,
    read_sheet_provenance,
    render_sheet,
    sheet_layout,
    sheet_png,
    thumbnail,
)
from ideogram_studio.core.sheet_text import _draws as draws
from ideogram_studio.core.sheet_text import _fonts as fonts
from ideogram_studio.core.sheet_text import font_for, shortened, wrapped

DATA = Path(__file__).resolve().parent.parent / "data"


def _cat() -> np.ndarray:
    return np.asarray(Image.open(DATA / "chelsea.png").convert("RGB"))


def _sheet(**changes) -> SheetSpec:
    cat = _cat()
    rows = ("a cat in a crown", "a cat in a hat")
    columns = ("seed 1", "seed 2", "seed 3")
    cells = []
    for row in range(2):
        for column in range(3):
            tint = (cat.astype(np.int16) + 30 * column).clip(0, 255).astype(np.uint8)
            cells.append(
                SheetCell(
                    (row, column),
                    labels=(rows[row], columns[column]),
                    images=(tint, cat[::-1].copy()),
                    key=f"r{row + 1}-c{column + 1}",
                    seeds=(column + 1, column + 11),
                    files=(
                        f"cat_r{row + 1}-c{column + 1}_1.png",
                        f"cat_r{row + 1}-c{column + 1}_2.png",
                    ),
                )
            )
    sheet = SheetSpec(
        "Ideogram 3.0 edit",
        ("Prompt", "Seed"),
        (rows, columns),
        tuple(cells),
        provenance={"axes": [{"kind": "prompt"}, {"kind": "seed"}]},
    )
    return dataclasses.replace(sheet, **changes)


def test_the_png_has_the_layout_size_and_its_provenance_reads_back():
    sheet = _sheet()
    png = sheet_png(sheet)
    layout = sheet_layout(sheet)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == layout.size
        assert "XML:com.adobe.xmp" in image.info or "xmp" in image.info
    found = read_sheet_provenance(png)
    assert found["sweep"] == {"axes": [{"kind": "prompt"}, {"kind": "seed"}]}
    assert len(found["cells"]) == 6
    first = found["cells"][0]
    assert first["place"] == [0, 0]
    assert first["labels"] == ["a cat in a crown", "seed 1"]
    assert first["key"] == "r1-c1"
    assert first["seeds"] == [1, 11]
    assert first["files"] == ["cat_r1-c1_1.png", "cat_r1-c1_2.png"]


def test_each_thumbnail_is_a_downscale_of_its_image():
    sheet = _sheet()
    pixels = render_sheet(sheet)
    layout = sheet_layout(sheet)
    assert pixels.shape == (layout.size[1], layout.size[0], 3)
    for cell in sheet.cells:
        for index, image in enumerate(cell.images):
            x, y, width, height = layout.image_boxes[(cell.place + (0,), index)]
            assert width <= layout.thumb and height <= layout.thumb
            drawn = pixels[y : y + height, x : x + width]
            np.testing.assert_array_equal(drawn, thumbnail(image, (width, height)))
    # the aspect ratio is kept: the cat is 451 x 300
    _, _, width, height = layout.image_boxes[((0, 0, 0), 0)]
    assert abs(width / height - 451 / 300) < 0.02


def test_headings_are_drawn_where_the_layout_puts_them():
    plain = _sheet(axis_labels=(("", ""), ("", "", "")), title="")
    labelled = _sheet()
    assert sheet_layout(plain).heading_boxes.keys() == sheet_layout(labelled).heading_boxes.keys()
    with_text, without = render_sheet(labelled), render_sheet(plain)
    for name in ("title", "row 0 0", "row 1 0", "column 0 0", "column 2 0"):
        x, y, width, height = sheet_layout(labelled).heading_boxes[name]
        region = (slice(y, y + height), slice(x, x + width))
        assert (with_text[region] != without[region]).any(), name
        assert (with_text[region] < 100).any(), f"{name} has dark ink"


def test_a_winner_is_framed_and_starred_and_a_failed_cell_says_so():
    cells = list(_sheet().cells)
    cells[0] = dataclasses.replace(cells[0], winners=frozenset({1}))
    cells[4] = SheetCell((1, 1), labels=cells[4].labels, note="failed")
    sheet = _sheet(cells=tuple(cells))
    pixels = render_sheet(sheet)
    layout = sheet_layout(sheet)
    x, y, width, height = layout.image_boxes[((0, 0, 0), 1)]
    top_edge = pixels[y, x : x + width].astype(int)
    assert (np.abs(top_edge - (240, 178, 20)).sum(axis=1) < 10).all()  # the gold frame
    corner = pixels[y : y + height // 4, x : x + width // 4].astype(int)
    assert (np.abs(corner - (20, 20, 24)).sum(axis=2) < 10).any()  # the star's disc
    x, y, width, height = layout.cell_boxes[(1, 1, 0)]
    failed = pixels[y : y + height, x : x + width]
    assert (failed == (222, 222, 220)).all(axis=2).mean() > 0.9  # a grey box...
    assert (failed < 150).any()  # ...with its word
    assert read_sheet_provenance(sheet_png(sheet, pixels))["cells"][4]["note"] == "failed"
    assert read_sheet_provenance(sheet_png(sheet, pixels))["cells"][0]["winners"] == [1]


def test_pages_stack_under_each_other_with_a_heading_each():
    cat = _cat()
    cells = tuple(SheetCell((row, 0, page), images=(cat,)) for page in range(3) for row in range(2))
    sheet = SheetSpec(
        "t",
        ("Prompt", "Seed", "Rendering speed"),
        (("a", "b"), ("seed 1",), ("TURBO", "DEFAULT", "QUALITY")),
        cells,
    )
    layout = sheet_layout(sheet)
    tops = [layout.heading_boxes[f"page {page}"][1] for page in range(3)]
    assert tops == sorted(tops)
    for page in range(2):
        assert layout.cell_boxes[(1, 0, page)][1] < tops[page + 1]


def test_a_big_grid_stays_bounded():
    cat = _cat()
    cells = tuple(
        SheetCell((row, column), images=(cat,) * 4) for row in range(8) for column in range(8)
    )
    labels = tuple(f"v{i}" for i in range(8))
    sheet = SheetSpec("big", ("Prompt", "Seed"), (labels, labels), cells, thumb=512)
    layout = sheet_layout(sheet)
    assert max(layout.size) <= MAX_SIDE
    assert layout.thumb < 512


def test_long_and_non_latin_labels_fit():
    text = "a very long prompt about a tabby cat wearing a golden crown in soft light " * 3
    font = font_for(text, 16)
    lines = wrapped(text, font, 200, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 200 for line in lines)
    assert shortened("x" * 300, font, 100).endswith("…")
    # Cyrillic and Japanese are drawn with a font that has them (not Pillow's Latin-only
    # default) when one is installed (a machine without one draws boxes, and says nothing).
    for text in ("Кошка в шляпе", "猫が眼鏡"):
        font = font_for(text, 16)
        has_them = any(all(draws(f, c) for c in text) for f in fonts(16))
        assert all(draws(font, character) for character in text) or not has_them


def test_the_sheet_keeps_the_results_colour_profile_and_takes_16_bit_images():
    with Image.open(DATA / "rocket.jpg") as rocket:
        profile = rocket.info["icc_profile"]
        pixels = np.asarray(rocket.convert("RGB"))
    deep = pixels.astype(np.uint16) * 257  # as a 16-bit photo's results are
    sheet = SheetSpec(
        "t",
        ("Seed",),
        (("seed 1",),),
        (SheetCell((0,), images=(deep,)),),
        icc_profile=profile,
    )
    with Image.open(io.BytesIO(sheet_png(sheet))) as image:
        assert image.info["icc_profile"] == profile
    layout = sheet_layout(sheet)
    x, y, width, height = layout.image_boxes[((0, 0, 0), 0)]
    drawn = render_sheet(sheet)[y : y + height, x : x + width]
    np.testing.assert_array_equal(drawn, thumbnail(pixels, (width, height)))


def test_each_image_of_a_cell_can_carry_its_own_label():
    plain = _sheet()
    labelled = _sheet(
        cells=tuple(
            dataclasses.replace(cell, image_labels=tuple(f"seed {s}" for s in cell.seeds))
            for cell in plain.cells
        )
    )
    before, after = render_sheet(plain), render_sheet(labelled)
    layout = sheet_layout(labelled)
    for index in range(2):
        x, y, width, height = layout.image_boxes[((0, 0, 0), index)]
        top, bottom = slice(y, y + height // 2), slice(y + height - 6, y + height)
        columns = slice(x, x + width)
        # the upper part is the image as it was; the bottom edge is the label's dark strip
        np.testing.assert_array_equal(after[top, columns], before[top, columns])
        strip = after[y + height - round(layout.font_size * 1.6) : y + height, columns]
        assert (strip.max(axis=2) <= 24).mean() > 0.5  # mostly the dark strip
        assert (strip.min(axis=2) >= 200).any()  # with light letters on it
        assert not np.array_equal(after[bottom, columns], before[bottom, columns])


def test_big_results_get_bigger_cells():
    from ideogram_studio.core.contact_sheet import MAX_THUMB, thumb_for

    assert thumb_for(451) == 256
    assert thumb_for(6000) == MAX_THUMB
