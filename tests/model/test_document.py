"""The editing document on its own: a whole edit, autosave and restore, and its rules, with no
window (pytest-qt's application only runs the worker threads' signals)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication

from ideogram_studio.backends.request import EditOptions, MagicPrompt, Model, StyleType
from ideogram_studio.core.mask import Mode
from ideogram_studio.core.photo import Photo
from ideogram_studio.jobs.queue import JobState
from ideogram_studio.jobs.session import Session
from ideogram_studio.model.document import MaskPreview
from tests.conftest import SAMPLES


def test_a_whole_edit_runs_through_the_document_without_a_window(
    qtbot, remote, make_document, tmp_path
) -> None:
    document = make_document()
    blockers: list[str | None] = []
    document.blocker_changed.connect(blockers.append)
    assert document.generate_blocker() == "Open a photo to edit first."

    document.open(SAMPLES / "chelsea.png")
    assert (document.photo.width, document.photo.height, document.photo.format) == (
        451,
        300,
        "PNG",
    )
    assert document.generate_blocker().startswith("Paint over the part of the photo")
    document.apply(lambda engine: engine.fill_rect(150, 100, 300, 200))
    assert document.mask_has_area and document.mask_unsent
    assert document.generate_blocker().startswith("Write a prompt")
    options = dataclasses.replace(
        document.options, prompt="a red bow tie", num_images=2, magic_prompt=MagicPrompt.OFF
    )
    document.set_options(options)
    assert document.generate_blocker() is None and blockers[-1] is None

    record = document.generate()
    assert record is not None and not document.mask_unsent
    qtbot.waitUntil(lambda: record.state is JobState.DONE, timeout=20000)
    assert QApplication.topLevelWidgets() == []  # no window was ever made

    [post] = remote.posts
    assert post.fields == {
        "prompt": "a red bow tie",
        "model": "V_2",
        "magic_prompt_option": "OFF",
        "num_images": "2",
    }
    sent_mask = post.image("mask")
    assert (sent_mask[100:200, 150:300] == 0).all()  # black = edit, where it was painted
    assert (sent_mask[:100] == 255).all() and (sent_mask[:, :150] == 255).all()
    saved = [item.path for item in record.items if item.path is not None]
    assert len(saved) == 2 and all(path.parent == tmp_path / "results" for path in saved)
    with Image.open(saved[0]) as result:
        assert result.size == (256, 256)
    [row] = document.archive.page()
    assert row.prompt == "a red bow tie" and row.state == "done"


def test_the_mask_preview_is_the_upload_mask(qtbot, make_document, tmp_path) -> None:
    document = make_document()
    document.open(SAMPLES / "chelsea.png")
    document.apply(lambda engine: engine.fill_rect(10, 20, 60, 80))
    document.set_options(dataclasses.replace(document.options, prompt="a hat"))
    with qtbot.waitSignal(document.preview_ready, timeout=10000) as ready:
        number = document.request_preview()
    preview, answered = ready.args
    assert isinstance(preview, MaskPreview) and answered == number
    assert preview.size == (451, 300) and preview.mask.shape == (300, 451)
    assert (preview.mask[20:80, 10:60] == 0).all() and preview.mask[0, 0] == 255


def test_the_session_keeps_mask_prompt_and_options_across_a_restart(
    qtbot, make_document, tmp_path
) -> None:
    document = make_document()
    document.open(SAMPLES / "coffee.png")
    document.apply(lambda engine: engine.fill_ellipse(100, 100, 300, 250))
    chosen = dataclasses.replace(
        document.options,
        prompt="a latte art heart",
        model=Model.V_2_TURBO,
        seed=1234,
        num_images=3,
        edit_region=True,
        feather=20,
    )
    document.set_options(chosen)
    painted = document.engine.copy()
    document.flush()

    later = make_document(Session(tmp_path / "session"))
    assert later.restore_session()
    assert later.name == "coffee.png"
    assert np.array_equal(later.engine.data, painted)
    assert later.chosen_options == chosen  # the count chosen, though offline makes at most 2
    assert later.options == dataclasses.replace(chosen, num_images=2)
    assert later.mask_has_area and later.generate_blocker() is None  # offline: ready at once


def test_only_a_changed_prompt_is_saved_too(qtbot, make_document, tmp_path) -> None:
    document = make_document()
    document.open(SAMPLES / "coffee.png")
    document.flush()
    document.set_options(dataclasses.replace(document.options, prompt="steam"))
    document.flush()  # the mask did not change: only the options are written
    later = make_document(Session(tmp_path / "session"))
    assert later.restore_session() and later.options.prompt == "steam"


def test_a_faint_stroke_is_something_to_edit(qtbot, make_document) -> None:
    document = make_document()
    document.open(SAMPLES / "chelsea.png")
    faint = np.zeros((300, 451), np.uint8)
    faint[40:50, 40:60] = 2  # what the overlay tints is what Generate sends
    document.apply(lambda engine: engine.replace(faint))
    assert document.mask_has_area
    document.apply(lambda engine: engine.fill_rect(0, 0, 451, 300, Mode.SUBTRACT))
    assert not document.mask_has_area
    document.apply(lambda engine: engine.replace(faint))  # a part of the mask, then all of it
    assert document.mask_has_area


def test_use_as_input_scales_the_kept_mask(qtbot, make_document, tmp_path) -> None:
    document = make_document()
    document.open(SAMPLES / "chelsea.png")
    document.apply(lambda engine: engine.fill_rect(0, 0, 451, 150))  # the top half
    bigger = np.zeros((600, 902, 3), np.uint8)
    document.use_as_input(Photo(bigger, "result.png"), keep_mask=True)
    assert document.name == "result.png" and document.engine.data.shape == (600, 902)
    assert (document.engine.data[:290] == 255).all() and (document.engine.data[310:] == 0).all()
    document.use_as_input(Photo(bigger, "again.png"), keep_mask=False)
    assert not document.mask_has_area
    # Region editing chosen by hand on a small photo stays on when continuing from a result.
    document.set_options(dataclasses.replace(document.options, edit_region=True))
    document.use_as_input(Photo(bigger, "third.png"), keep_mask=False)
    assert document.options.edit_region


def test_options_by_name_survive_unknown_values() -> None:
    chosen = EditOptions(
        prompt="a hat",
        model=Model.V_2_TURBO,
        magic_prompt=MagicPrompt.ON,
        seed=7,
        num_images=4,
        edit_region=True,
        margin=30,
        feather=5,
    )
    assert EditOptions.from_names(chosen.to_names()) == chosen
    stored = {"model": "V_7_GONE", "style_type": "WATERCOLOUR", "num_images": "3", "seed": "-1"}
    restored = EditOptions.from_names(stored, chosen)
    assert restored.model is Model.V_2_TURBO  # unknown: the base's value, no error
    assert restored.style_type is None and restored.seed == 7 and restored.num_images == 3


def test_generate_is_blocked_by_the_requests_own_rules(qtbot, make_document, tmp_path) -> None:
    document = make_document()
    document.open(SAMPLES / "chelsea.png")
    document.apply(lambda engine: engine.fill_rect(10, 10, 50, 50))
    document.set_options(dataclasses.replace(document.options, prompt="a hat", num_images=0))
    assert document.generate_blocker() == "Ask for 1 to 8 images, not 0."
    assert document.generate() is None and document.jobs.records == []
    document.set_options(dataclasses.replace(document.options, num_images=2))
    assert document.generate_blocker() is None  # offline: no key needed


def test_an_api_the_provider_has_no_path_for_blocks_generate(
    qtbot, remote, make_document, monkeypatch
) -> None:
    from ideogram_studio.backends import apis, legacy_edit

    monkeypatch.setitem(apis.API_MODULES, "inpaint", legacy_edit.API)
    document = make_document()
    document.open(SAMPLES / "chelsea.png")
    document.apply(lambda engine: engine.fill_rect(10, 10, 50, 50))
    document.set_options(dataclasses.replace(document.options, prompt="a hat"))
    assert document.generate_blocker() is None
    document.choose_api("inpaint")
    assert document.generate_blocker() == "This provider has no path set for the “inpaint” API."
    assert document.generate() is None and remote.posts == []
    with pytest.raises(ValueError):
        document.choose_api("remix")
    document.choose_api("edit")
    record = document.generate()
    qtbot.waitUntil(lambda: not record.state.active, timeout=20000)
    assert record.state is JobState.DONE and len(remote.posts) == 1


def test_continuing_from_a_result_with_its_mask_asks_nothing_on_the_next_open(
    qtbot, make_document
) -> None:
    document = make_document()
    document.open(SAMPLES / "chelsea.png")
    document.apply(lambda engine: engine.fill_rect(0, 0, 200, 100))
    assert document.mask_unsent
    document.use_as_input(Photo(np.zeros((300, 451, 3), np.uint8), "result.png"), keep_mask=True)
    assert document.mask_has_area and not document.mask_unsent  # nothing new was painted


def test_restoring_a_job_keeps_what_it_did_not_record(qtbot, make_document, tmp_path) -> None:
    """A whole-photo job has no region in its record: the photo's default and the user's own
    margin and blend stay; a region job brings back its own."""
    document = make_document()
    document.open(SAMPLES / "coffee.png")
    document.apply(lambda engine: engine.fill_rect(100, 100, 300, 250))
    document.set_options(
        dataclasses.replace(document.options, prompt="foam", num_images=2, seed=77, margin=70)
    )
    record = document.generate()
    qtbot.waitUntil(lambda: not record.state.active, timeout=20000)
    [job] = document.archive.page()
    document.set_options(dataclasses.replace(document.options, prompt="", feather=30))
    document.restore_job(job, None)
    restored = document.options
    assert (restored.prompt, restored.num_images, restored.seed) == ("foam", 2, 77)
    assert (restored.edit_region, restored.margin, restored.feather) == (False, 70, 30)
    region_job = dataclasses.replace(job, parameters={**job.parameters, "region": {
        "crop": [0, 0, 10, 10], "margin": 9000, "feather": 6}})  # fmt: skip
    document.restore_job(region_job, None)
    assert (document.options.edit_region, document.options.margin) == (True, 5000)  # the limit
    assert document.options.feather == 6


def test_an_unknown_stored_name_keeps_the_base_value_not_the_default() -> None:
    base = EditOptions(style_type=StyleType.ANIME, magic_prompt=MagicPrompt.ON)
    restored = EditOptions.from_names({"style_type": "WATERCOLOUR", "magic_prompt": ""}, base)
    assert restored.style_type is StyleType.ANIME  # unknown: kept
    assert restored.magic_prompt is None  # empty: "Default", sends nothing


def test_a_job_never_asks_for_more_images_than_may_be_in_progress(remote, make_document) -> None:
    document = make_document()
    document.settings_saved(dataclasses.replace(document.settings, images_in_flight=3))
    assert document.max_images() == 3 and document.jobs.images_in_flight == 3
    document.set_options(dataclasses.replace(document.options, num_images=5))
    assert document.options.num_images == 3 and document.asked_images == 5
    document.settings_saved(dataclasses.replace(document.settings, images_in_flight=10))
    assert document.options.num_images == 5  # the user's own count comes back


def test_a_count_capped_by_the_in_flight_setting_is_said(remote, make_document) -> None:
    document = make_document()
    document.set_options(dataclasses.replace(document.options, num_images=5))
    assert document.backend_note() is None
    document.settings_saved(dataclasses.replace(document.settings, images_in_flight=3))
    assert document.backend_note() == ("3 images, not 5: Settings allow 3 in progress at once.")
    document.set_options(dataclasses.replace(document.options, num_images=2))
    assert document.backend_note() is None
