"""Prompt regions in the document, with no window: each region its own mask, undo and prompt;
the document's mask and prompt are the active region's; one region is the single-mask flow."""

from __future__ import annotations

import dataclasses

import numpy as np

from ideogram_studio.jobs.session import Session
from ideogram_studio.model.region_list import MAX_REGIONS, REGION_COLOURS
from tests.conftest import SAMPLES


def _open(make_document):  # noqa: ANN001, ANN202
    document = make_document()
    document.open(SAMPLES / "chelsea.png")
    return document


def test_one_region_is_the_single_mask_flow(make_document) -> None:  # noqa: ANN001
    document = _open(make_document)
    regions = document.regions
    assert len(regions) == 1 and not regions.several
    assert regions.regions[0].engine is document.engine
    document.apply(lambda engine: engine.fill_rect(10, 10, 50, 50))
    assert document.generate_blocker().startswith("Write a prompt")
    assert document.estimate().images == document.options.num_images


def test_painting_into_region_two_leaves_region_one_as_it_was(make_document) -> None:  # noqa: ANN001
    document = _open(make_document)
    regions = document.regions
    document.apply(lambda engine: engine.fill_rect(10, 10, 100, 100))
    first = document.engine
    before = first.copy()
    document.set_options(dataclasses.replace(document.options, prompt="a red door"))

    second = regions.add()
    assert second is not None and regions.active == 1 and document.engine is second.engine
    assert second.colour == REGION_COLOURS[1] and second.name == "Region 2"
    assert document.options.prompt == "" and not document.mask_has_area  # its own, empty
    document.apply(lambda engine: engine.fill_rect(200, 150, 300, 250))

    assert np.array_equal(first.copy(), before)
    assert second.engine.data[200, 250] == 255 and second.engine.data[50, 50] == 0
    assert document.generate_blocker() == ("Write a prompt for Region 2: what it should become.")
    regions.set_prompt(1, "a blue sky")
    assert document.options.prompt == "a blue sky"
    assert document.generate_blocker() is None

    regions.activate(0)  # back: its mask, its prompt
    assert document.engine is first and document.options.prompt == "a red door"
    assert regions.prompt_of(1) == "a blue sky" and regions.has_area(1)


def test_undo_is_per_region(make_document) -> None:  # noqa: ANN001
    document = _open(make_document)
    regions = document.regions
    document.apply(lambda engine: engine.fill_rect(10, 10, 100, 100))
    regions.add()
    document.apply(lambda engine: engine.fill_rect(200, 150, 300, 250))
    document.apply(lambda engine: engine.undo())  # undoes region 2's rectangle only
    assert not document.mask_has_area or not document.engine.has_edit_area()
    assert not regions.regions[1].engine.has_edit_area()
    assert regions.regions[0].engine.data[50, 50] == 255
    regions.activate(0)
    document.apply(lambda engine: engine.undo())
    assert not regions.regions[0].engine.has_edit_area()
    document.apply(lambda engine: engine.redo())
    assert regions.regions[0].engine.data[50, 50] == 255


def test_a_region_without_paint_is_named_and_the_estimate_covers_every_region(
    make_document,  # noqa: ANN001
) -> None:
    document = _open(make_document)
    regions = document.regions
    document.apply(lambda engine: engine.fill_rect(10, 10, 100, 100))
    document.set_options(dataclasses.replace(document.options, prompt="a red door", num_images=2))
    regions.add()
    regions.set_prompt(1, "a blue sky")
    assert document.generate_blocker() == "Paint Region 2 first: it marks nothing to change yet."
    assert document.estimate().images == 4  # two regions of two images


def test_remove_rename_and_move(make_document) -> None:  # noqa: ANN001
    document = _open(make_document)
    regions = document.regions
    document.set_options(dataclasses.replace(document.options, prompt="one"))
    regions.add()
    regions.set_prompt(1, "two")
    regions.add()
    regions.set_prompt(2, "three")
    regions.rename(2, "  Sky  ")
    assert regions.regions[2].name == "Sky"
    regions.move(2, 0)
    assert [regions.prompt_of(i) for i in range(3)] == ["three", "one", "two"]
    assert regions.active == 0 and document.options.prompt == "three"
    regions.remove(0)  # the active one: the next takes over
    assert len(regions) == 2 and document.options.prompt == "one"
    assert document.engine is regions.regions[regions.active].engine
    regions.remove(1)
    regions.remove(0)  # the last region stays
    assert len(regions) == 1 and not regions.several
    assert document.engine is regions.regions[0].engine and document.options.prompt == "one"
    for _ in range(MAX_REGIONS + 2):
        regions.add()
    assert len(regions) == MAX_REGIONS


def test_a_new_photo_starts_with_one_region(make_document) -> None:  # noqa: ANN001
    document = _open(make_document)
    document.regions.add()
    document.open(SAMPLES / "astronaut.png")
    assert len(document.regions) == 1
    assert document.regions.regions[0].engine is document.engine


def test_regions_survive_the_autosave_and_a_restart(make_document, tmp_path) -> None:  # noqa: ANN001
    document = _open(make_document)
    regions = document.regions
    document.apply(lambda engine: engine.fill_rect(10, 10, 100, 100))
    document.set_options(dataclasses.replace(document.options, prompt="a red door"))
    regions.add()
    document.apply(lambda engine: engine.fill_rect(200, 150, 300, 250))
    regions.set_prompt(1, "a blue sky")
    regions.rename(1, "Sky")
    document.flush()
    masks = regions.masks()

    again = make_document(Session(tmp_path / "session"))  # the next start of the app
    assert again.restore_session()
    back = again.regions
    assert len(back) == 2 and back.active == 1
    assert [back.prompt_of(i) for i in range(2)] == ["a red door", "a blue sky"]
    assert [region.name for region in back.regions] == ["Region 1", "Sky"]
    for region, mask in zip(back.regions, masks, strict=True):
        assert np.array_equal(region.engine.copy(), mask)
    assert again.engine is back.regions[1].engine and again.mask_has_area

    back.remove(0)  # down to one mask: the next start has one region, that mask
    again.flush()
    third = make_document(Session(tmp_path / "session"))
    assert third.restore_session()
    assert len(third.regions) == 1 and np.array_equal(third.engine.copy(), masks[1])
    assert third.options.prompt == "a blue sky"
