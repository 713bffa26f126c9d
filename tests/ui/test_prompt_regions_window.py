"""Several prompts in one photo, in the window, against the loopback fake whose answers are one
flat colour per prompt: painting each region in its colour, one request per region with its own
prompt and mask, the composite of the picks, saving it, and restoring it from History."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPointF

from ideogram_studio.backends.storage import PROVENANCE_KEY
from ideogram_studio.core.region import edit_area
from ideogram_studio.core.tools import Tool
from ideogram_studio.jobs.queue import JobState
from ideogram_studio.model.region_list import REGION_COLOURS
from tests.conftest import SAMPLES
from tests.support.colour_fake import COLOURS, ColourFake, point_environment, serving
from tests.ui.helpers import image_drag

RED_DOOR = (60, 40, 180, 140)  # x0, y0, x1, y1 in chelsea.png (451 x 300)
BLUE_SKY = (260, 150, 420, 270)


@pytest.fixture
def colour_fake(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    for server in serving():
        point_environment(monkeypatch, server)
        yield server


def paint_box(window, box: tuple[int, int, int, int]) -> None:  # noqa: ANN001
    window.canvas.set_tool(Tool.RECTANGLE)
    x0, y0, x1, y1 = box
    image_drag(window.canvas, [(x0, y0), (x1, y1)])


def two_regions(window) -> None:  # noqa: ANN001
    """Region 1 "a red door" over RED_DOOR, region 2 "a blue sky" over BLUE_SKY. One job at
    a time: the fake names its images by the count of POSTs, which two at once can share."""
    window.jobs.images_in_flight = 1
    paint_box(window, RED_DOOR)
    window.options.prompt.setPlainText("a red door")
    window.regions_panel.add.click()
    paint_box(window, BLUE_SKY)
    window.regions_panel.rows[1].prompt.setText("a blue sky")
    window.regions_panel.rows[1].prompt.textEdited.emit("a blue sky")


def generated(window, qtbot, *, region: bool = False):  # noqa: ANN001, ANN201
    """Paint the two regions, Generate, and wait for each region's result and the composite;
    returns the Regions page."""
    window.options.region.setChecked(region)
    two_regions(window)
    window.generate()
    page = window.regions_page
    qtbot.waitUntil(lambda: all(len(shots) == 1 for shots in page.run.shots), timeout=20000)
    qtbot.waitUntil(lambda: page.composite is not None and not page.loader.busy, timeout=10000)
    return page


def screen_colour(window, x: float, y: float) -> tuple[int, int, int]:  # noqa: ANN001
    canvas = window.canvas
    point = canvas.to_widget(QPointF(x, y)).toPoint()
    colour = canvas.grab().toImage().pixelColor(point)
    return colour.red(), colour.green(), colour.blue()


def inside(box: tuple[int, int, int, int], margin: int = 20) -> tuple[slice, slice]:
    x0, y0, x1, y1 = box
    return slice(y0 + margin, y1 - margin), slice(x0 + margin, x1 - margin)


def test_each_region_is_painted_in_its_own_colour_into_its_own_mask(cat_window) -> None:  # noqa: ANN001
    window = cat_window
    canvas = window.canvas
    window.canvas.fit()
    assert not window.regions_panel.rows  # one region: no list, only "Add region"
    paint_box(window, RED_DOOR)
    first = window.document.engine.copy()
    window.regions_panel.add.click()
    assert [row.choose.text() for row in window.regions_panel.rows] == ["Region 1", "Region 2"]
    assert window.regions_panel.rows[1].choose.isChecked()  # the active one
    paint_box(window, BLUE_SKY)
    regions = window.document.regions.regions
    assert np.array_equal(regions[0].engine.copy(), first)  # region 1 as it was
    assert regions[1].engine.data[200, 300] == 255 and regions[1].engine.data[100, 100] == 0
    assert canvas.engine is regions[1].engine

    photo = window.document.photo.display
    red, green, blue = screen_colour(window, 120, 90)  # region 1: tinted red, under
    base = photo[90, 120].astype(int)
    assert red - base[0] > 20 and blue - base[2] < red - base[0]
    red, green, blue = screen_colour(window, 340, 210)  # region 2: tinted blue, on top
    base = photo[210, 340].astype(int)
    assert blue - base[2] > 20 and red - base[0] < blue - base[2]
    assert REGION_COLOURS[1] == (30, 144, 255)
    assert canvas.regions.label == "Painting Region 2"

    window.undo()  # undoes region 2's box only
    assert not regions[1].engine.has_edit_area()
    assert np.array_equal(regions[0].engine.copy(), first)
    window.regions_panel.rows[0].choose.click()  # back to region 1: the tools paint into it
    assert canvas.engine is regions[0].engine and canvas.regions.label == "Painting Region 1"
    window.undo()
    assert not regions[0].engine.has_edit_area()


def test_one_region_generates_exactly_as_before(cat_window, colour_fake, qtbot) -> None:  # noqa: ANN001
    window = cat_window
    paint_box(window, RED_DOOR)
    window.options.prompt.setPlainText("a red door")
    record = window.generate()
    assert record is not None and record.spec.group_id is None
    qtbot.waitUntil(lambda: record.state is JobState.DONE, timeout=20000)
    assert len(colour_fake.posts) == 1 and window.history.groups() == []
    assert window.pages.currentWidget() is not window.regions_page
    assert window.regions_panel.show_results.isHidden()


def test_two_regions_send_two_requests_and_composite_the_picks(
    cat_window,  # noqa: ANN001
    colour_fake: ColourFake,
    qtbot,  # noqa: ANN001
) -> None:
    window = cat_window
    window.options.region.setChecked(False)  # whole edits: each sent mask is the photo's size
    two_regions(window)
    assert window.options.generate.isEnabled()
    assert window.options.generate.text().startswith("Generate")
    assert "2 requests · 2 images" in window.options.generate.text()

    window.generate()
    page = window.regions_page
    run = page.run
    qtbot.waitUntil(
        lambda: all(len(shots) == 1 for shots in run.shots) and page.composite is not None,
        timeout=20000,
    )
    qtbot.waitUntil(lambda: not page.loader.busy, timeout=10000)
    assert window.pages.currentWidget() is page

    posts = colour_fake.posts
    assert [post.fields["prompt"] for post in posts] == ["a red door", "a blue sky"]
    for post, box in zip(posts, (RED_DOOR, BLUE_SKY), strict=True):
        sent = post.image("mask")  # black = edit, exactly this region's box
        x0, y0, x1, y1 = box
        assert (sent[y0 + 2 : y1 - 2, x0 + 2 : x1 - 2] == 0).all()
        others = np.ones(sent.shape, bool)
        others[y0 - 2 : y1 + 2, x0 - 2 : x1 + 2] = False
        assert (sent[others] == 255).all()

    group = window.history.group(run.group_id)
    assert group.kind == "regions"
    assert sorted(job.group_place["region"] for job in group.jobs) == [0, 1]

    composite = page.composite
    original = window.document.photo.display
    assert (composite[inside(RED_DOOR)] == COLOURS["a red door"]).all()
    assert (composite[inside(BLUE_SKY)] == COLOURS["a blue sky"]).all()
    union = np.maximum(run.requests[0].mask, run.requests[1].mask)
    outside = ~edit_area(union, run.feather)
    assert np.array_equal(composite[outside], original[outside])

    page.pick(1, -1)  # region 2 keeps the original: the composite follows at once
    qtbot.waitUntil(lambda: not page.loader.busy, timeout=10000)
    assert (page.composite[inside(BLUE_SKY)] == original[inside(BLUE_SKY)]).all()
    assert (page.composite[inside(RED_DOOR)] == COLOURS["a red door"]).all()
    assert window.history.group(run.group_id).state["picks"][1] is None
    page.pick(1, 0)
    qtbot.waitUntil(lambda: not page.loader.busy, timeout=10000)
    assert (page.composite[inside(BLUE_SKY)] == COLOURS["a blue sky"]).all()

    page.check.setChecked(True)  # changes outside the union of the masks
    qtbot.waitUntil(lambda: not page.loader.busy, timeout=10000)
    assert "no pixel outside the regions changed" in page.pane.caption
    window.set_held_original(True)
    assert page.pane.show_alternate
    window.set_held_original(False)

    window.save_regions_composite()  # on a thread: the picks are read in the photo's terms
    qtbot.waitUntil(lambda: page.saved_path is not None, timeout=10000)
    path = page.saved_path
    assert path.exists() and window.statusBar().currentMessage() == f"Saved {path}"
    with Image.open(path) as saved:
        provenance = json.loads(saved.text[PROVENANCE_KEY])
        pixels = np.asarray(saved.convert("RGB"))
    assert [r["prompt"] for r in provenance["regions"]] == ["a red door", "a blue sky"]
    assert all(r["seed"] is not None and r["mask_file"] for r in provenance["regions"])
    job_ids = [job.job_key for job in sorted(group.jobs, key=lambda j: j.group_place["region"])]
    assert [r["job_id"] for r in provenance["regions"]] == job_ids
    assert all(re.fullmatch("[0-9a-f]{8}", job_id) for job_id in job_ids)
    assert np.array_equal(pixels, page.composite)
    assert window.history.group(run.group_id).state["composites"][0]["path"] == str(path)


def test_a_regions_group_comes_back_from_history_with_its_picks(
    cat_window,  # noqa: ANN001
    colour_fake: ColourFake,
    qtbot,  # noqa: ANN001
) -> None:
    window = cat_window
    page = generated(window, qtbot)
    run = page.run
    page.pick(0, -1)  # region 1: the original
    qtbot.waitUntil(lambda: not page.loader.busy, timeout=10000)

    window.open_image(SAMPLES / "astronaut.png")  # something else meanwhile
    assert len(window.document.regions) == 1
    window.restore_group(window.history.group(run.group_id))

    regions = window.document.regions
    assert len(regions) == 2 and window.document.photo.name == "chelsea.png"
    assert [regions.prompt_of(i) for i in range(2)] == ["a red door", "a blue sky"]
    x0, y0, x1, y1 = BLUE_SKY
    assert regions.regions[1].engine.data[y0 + 5, x0 + 5] == 255
    assert regions.regions[0].engine.data[y0 + 5, x0 + 5] == 0
    assert window.pages.currentWidget() is window.regions_page
    restored = window.regions_page.run
    assert restored.picks == [None, 0]
    qtbot.waitUntil(lambda: window.regions_page.composite is not None, timeout=10000)
    composite = window.regions_page.composite
    original = window.document.photo.display
    assert (composite[inside(BLUE_SKY)] == COLOURS["a blue sky"]).all()
    assert (composite[inside(RED_DOOR)] == original[inside(RED_DOOR)]).all()


def test_use_as_input_continues_from_the_composite(cat_window, colour_fake, qtbot) -> None:  # noqa: ANN001
    window = cat_window
    generated(window, qtbot)
    window.use_regions_composite()  # the fixture answers "clear"
    qtbot.waitUntil(lambda: len(window.document.regions) == 1, timeout=10000)
    document = window.document
    assert len(document.regions) == 1 and not document.mask_has_area
    assert (document.photo.display[inside(RED_DOOR)] == COLOURS["a red door"]).all()
    assert (document.photo.display[inside(BLUE_SKY)] == COLOURS["a blue sky"]).all()
    assert window.pages.currentWidget() is window.canvas
    # The regions cleared, their prompts went with them; the prompt box keeps its size.
    prompt = window.options.prompt
    assert window.options.prompt_text() == "" and document.options.prompt == ""
    qtbot.waitUntil(lambda: prompt.height() == prompt.minimumHeight(), timeout=3000)


def test_region_edits_composite_each_crop_back_into_the_photo(
    cat_window, colour_fake, qtbot
) -> None:  # noqa: ANN001
    """The usual flow on a large photo: each region sends only a crop around its mask."""
    window = cat_window
    page = generated(window, qtbot, region=True)
    run = page.run
    for post, request in zip(colour_fake.posts, run.requests, strict=True):
        assert post.fields["prompt"] == request.options.prompt
        assert request.options.region is not None  # a region edit (all of this small photo)
    composite, original = page.composite, run.original
    assert (composite[inside(RED_DOOR)] == COLOURS["a red door"]).all()
    assert (composite[inside(BLUE_SKY)] == COLOURS["a blue sky"]).all()
    union = np.maximum(run.requests[0].mask, run.requests[1].mask)
    outside = ~edit_area(union, run.feather)
    assert np.array_equal(composite[outside], original[outside])


def test_restoring_regions_opens_fitted_and_keeps_the_margin_auto(
    cat_window,  # noqa: ANN001
    colour_fake: ColourFake,
    qtbot,  # noqa: ANN001
) -> None:
    """Region edits sent with the margin on Auto come back with Auto (not the pixels it came
    to for that mask), and the Regions page opens fitted whatever zoom it had before."""
    window = cat_window
    window.options.margin.setValue(0)  # Auto
    page = generated(window, qtbot, region=True)
    assert window.document.options.margin is None
    group_id = page.run.group_id
    page.pane.zoom_to(8.0, QPointF(10, 10))  # deep in a corner
    window.show_editor()
    window.open_image(SAMPLES / "astronaut.png")
    window.restore_group(window.history.group(group_id))

    qtbot.waitUntil(lambda: page.composite is not None and not page.loader.busy, timeout=10000)
    assert window.document.options.edit_region and window.document.options.margin is None
    assert window.options.margin.text() == "Auto"
    assert page.pane.held == page.pane.FITTED
    assert page.pane.scale == pytest.approx(page.pane.fit_scale())


def test_use_as_input_with_two_regions_asks_about_the_regions(
    cat_window,  # noqa: ANN001
    colour_fake: ColourFake,
    qtbot,  # noqa: ANN001
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ideogram_studio.ui.main_window import MainWindow
    from ideogram_studio.ui.window_questions import QuestionsMixin

    window = cat_window
    generated(window, qtbot)
    monkeypatch.setattr(MainWindow, "ask_keep_mask", QuestionsMixin.ask_keep_mask)
    seen: list[tuple[str, list[str]]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append((box.text(), [button.text() for button in box.buttons()]))
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(20, answer)
    assert window.ask_keep_mask() is None
    text, buttons = seen[0]
    assert text == "Keep the painted regions on the new image?"
    assert "Keep regions" in buttons and "Clear regions" in buttons


def test_another_photo_forgets_the_last_regions_colour_and_composite(cat_window, monkeypatch):
    window = cat_window
    window.canvas.apply(lambda e: e.fill_rect(20, 20, 120, 120))
    window.document.regions.add()  # region 2, blue, becomes the one painted into
    assert window.canvas.region_colour is not None
    window.regions_panel.show_results.show()
    window.regions_page.run = object()  # as if a composite of this photo were shown
    monkeypatch.setattr(type(window), "confirm_discard_mask", lambda self, *a: True)
    assert window.open_image(SAMPLES / "astronaut.png")
    overlay = window.canvas._overlay.colorTable()[255]
    assert overlay == window.canvas._colour_table()[255]  # the user's overlay colour again
    assert window.canvas.region_colour is None and not window.document.regions.several
    assert window.regions_page.run is None and window.regions_panel.show_results.isHidden()
    window.show_regions()
    assert window.pages.currentWidget() is window.canvas
