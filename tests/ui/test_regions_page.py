"""The Regions page's shortcut for a pick: redoing only the changed region's box gives exactly
the composite that composite_regions makes of all the picks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from ideogram_studio.backends.prompt_regions import (
    PromptRegion,
    composite_regions,
    region_requests,
)
from ideogram_studio.backends.request import EditOptions
from ideogram_studio.core.metadata import PhotoInfo
from ideogram_studio.ui.regions_page import (
    RegionRun,
    Shot,
    _changed_only,
    _full_size,
    areas_of,
)


def _run(boxes: list[tuple[int, int, int, int]]) -> RegionRun:
    rng = np.random.default_rng(7)
    image = rng.integers(0, 256, (300, 400, 3), dtype=np.uint8)
    regions = []
    for x0, y0, x1, y1 in boxes:
        mask = np.zeros((300, 400), np.uint8)
        mask[y0:y1, x0:x1] = 255
        regions.append(PromptRegion(mask, f"prompt {x0}"))
    options = dataclasses.replace(EditOptions(), edit_region=True, feather=6)
    requests = region_requests(image, regions, options, PhotoInfo(), image)
    names = [f"Region {i + 1}" for i in range(len(boxes))]
    return RegionRun(requests, [], names, [(255, 0, 0)] * len(boxes))


def _result(run: RegionRun, value: int) -> np.ndarray:
    """A region edit's result as saved: the photo, changed everywhere (only the region's
    weights decide what the composite takes)."""
    return np.full_like(run.original, value)


def _part(run: RegionRun, region: int, pixels: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(pixels[areas_of(run)[region].box.slices])


def test_a_changed_pick_redone_alone_equals_the_whole_composite() -> None:
    run = _run([(20, 20, 120, 120), (250, 150, 380, 280)])
    first, second, third = (_result(run, v) for v in (10, 200, 90))
    shots = [Shot(Path(f"{n}.png"), n, None) for n in range(3)]
    was = [shots[0], shots[1]]
    parts = [_part(run, 0, first), _part(run, 1, second)]
    before = composite_regions(run.original, [first, second], areas_of(run))

    now = [shots[0], shots[2]]  # region 2 takes another result
    quick = _changed_only(run, before, was, now, [parts[0], _part(run, 1, third)])
    assert quick is not None
    assert np.array_equal(quick, composite_regions(run.original, [first, third], areas_of(run)))

    back = [shots[0], None]  # region 2 back to the original
    quick = _changed_only(run, before, was, back, [parts[0], None])
    assert np.array_equal(quick, composite_regions(run.original, [first, None], areas_of(run)))
    full = _full_size(run, 1, parts[1])  # the part put back: the original around its box
    box = areas_of(run)[1].box
    assert np.array_equal(full[box.slices], second[box.slices])
    outside = np.ones(full.shape[:2], bool)
    outside[box.slices] = False
    assert np.array_equal(full[outside], run.original[outside])


def test_overlapping_regions_are_composited_whole() -> None:
    run = _run([(20, 20, 200, 200), (150, 150, 380, 280)])
    first, second = _result(run, 10), _result(run, 200)
    shots = [Shot(Path(f"{n}.png"), n, None) for n in range(3)]
    before = composite_regions(run.original, [first, second], areas_of(run))
    parts = [_part(run, 0, first), _part(run, 1, second)]
    assert _changed_only(run, before, shots[:2], [shots[0], shots[2]], parts) is None


def test_result_tiles_show_the_region_area_at_its_own_aspect_with_a_label(
    qtbot,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    """A region painted as two strokes far apart on one line: its tile shows its box grown
    a little, letterboxed (not a sliver squeezed into a square), labelled "1 · seed 12"."""
    from PIL import Image

    from ideogram_studio.ui.region_tiles import TILE_HEIGHT, TILE_WIDTH, tile_box
    from ideogram_studio.ui.regions_page import RegionsPage

    rng = np.random.default_rng(3)
    image = rng.integers(0, 256, (300, 451, 3), dtype=np.uint8)
    mask = np.zeros((300, 451), np.uint8)
    mask[140:148, 20:60] = 255
    mask[140:148, 380:430] = 255
    options = dataclasses.replace(EditOptions(), edit_region=True, feather=2)
    requests = region_requests(image, [PromptRegion(mask, "two lamps")], options, PhotoInfo())
    run = RegionRun(requests, [], ["Region 1"], [(255, 0, 0)])
    colours = [(250, 10, 10), (10, 250, 10)]
    for number, colour in enumerate(colours):
        path = tmp_path / f"result-{number}.png"
        Image.fromarray(np.full_like(image, colour)).save(path)
        run.shots[0].append(Shot(path, 12 + number, "abcd1234"))
    page = RegionsPage()
    qtbot.addWidget(page)
    page.start(run)
    buttons = [page._buttons[shot.path] for shot in run.shots[0]]
    assert [button.text() for button in buttons] == ["1 · seed 12", "2 · seed 13"]

    def tile(button) -> np.ndarray:  # noqa: ANN001
        picture = button.icon().pixmap(TILE_WIDTH, TILE_HEIGHT).toImage()
        return np.array([[picture.pixelColor(x, y).getRgb() for x in range(80)] for y in range(60)])

    qtbot.waitUntil(lambda: not any(b.icon().isNull() for b in buttons), timeout=10000)
    grown = tile_box(areas_of(run)[0].box, 451, 300)
    for button, colour in zip(buttons, colours, strict=True):
        pixels = tile(button)
        rows = np.nonzero((pixels[:, :, 3] > 0).any(axis=1))[0]
        cols = np.nonzero((pixels[:, :, 3] > 0).any(axis=0))[0]
        height, width = len(rows), len(cols)
        assert height >= 20  # not a sliver
        assert abs(width / height - grown.width / grown.height) < 0.15
        middle = pixels[30, 40, :3]  # the middle of its box: this result's colour
        assert np.abs(middle - np.array(colour)).max() < 30
    page.shutdown()
