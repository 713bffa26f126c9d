"""Several prompts in one photo: requests per region, their composite, its saving."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from ideogram_studio.backends.prompt_regions import (
    PromptRegion,
    RegionPick,
    composite_regions,
    composites_state,
    region_areas,
    region_job_specs,
    region_requests,
    regions_spec,
    save_composite,
    save_region_masks,
    union_mask,
)
from ideogram_studio.backends.providers import resolve_provider
from ideogram_studio.backends.request import EditOptions, RequestError
from ideogram_studio.backends.service import run_job, sent_image
from ideogram_studio.backends.storage import PROVENANCE_KEY, ResultStore
from ideogram_studio.core.maskfile import read_mask, upload_mask
from ideogram_studio.core.metadata import PhotoInfo
from ideogram_studio.core.photo import read_photo
from ideogram_studio.core.region import edit_area
from tests.conftest import SAMPLES
from tests.support.colour_fake import ColourFake, colour_of, serving
from tests.support.fake_ideogram import API_KEY


@pytest.fixture
def colour_fake() -> Iterator[ColourFake]:
    yield from serving()


REGION = EditOptions(prompt="", edit_region=True, margin=40, feather=8)


def photo(width: int = 1600, height: int = 1000, dtype: type = np.uint8, channels: int = 3):
    rng = np.random.default_rng(7)
    top = np.iinfo(dtype).max
    return rng.integers(0, top, (height, width, channels), dtype=dtype, endpoint=True)


def box_mask(shape: tuple[int, int], top: int, bottom: int, left: int, right: int) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    mask[top:bottom, left:right] = 255
    return mask


def two_regions(shape: tuple[int, int], overlap: bool = False) -> list[PromptRegion]:
    right = 900 if overlap else 700
    return [
        PromptRegion(box_mask(shape, 200, 500, 300, right), "a red door"),
        PromptRegion(box_mask(shape, 300, 700, 800, 1200), "a blue sky"),
    ]


def flat_result(original: np.ndarray, request, colour) -> np.ndarray:  # noqa: ANN001
    """What run_edit saves for a region edit answered in one colour."""
    from ideogram_studio.backends.service import in_photo_terms, sent_image

    answer = np.empty((256, 256, 3), np.uint8)
    answer[:] = colour
    _, plan = sent_image(request)
    pixels, _ = in_photo_terms(request, answer, plan)
    return pixels


# ------------------------------------------------------------------ requests
def test_each_request_is_its_own_region_with_its_own_prompt() -> None:
    image = photo()
    regions = two_regions(image.shape[:2])
    requests = region_requests(image, regions, REGION, PhotoInfo())
    assert [r.options.prompt for r in requests] == ["a red door", "a blue sky"]
    for request, region in zip(requests, regions, strict=True):
        assert request.mask is region.mask
        assert request.options.edit_region and request.options.feather == 8


@pytest.mark.parametrize(
    ("regions", "sentence"),
    [
        ([], "Add at least one prompt region: a mask and its prompt."),
        (
            [
                PromptRegion(box_mask((1000, 1600), 0, 9, 0, 9), "x"),
                PromptRegion(np.zeros((1000, 1600), np.uint8), "y"),
            ],
            "The mask of region 2 marks nothing to edit: paint its part of the photo or "
            "remove the region.",
        ),
        (
            [PromptRegion(box_mask((1000, 1600), 0, 9, 0, 9), "  ")],
            "Region 1 has no prompt: write what it should become.",
        ),
        (
            [PromptRegion(box_mask((10, 16), 0, 9, 0, 9), "x")],
            "The mask of region 1 is 16 × 10 pixels but the photo is 1600 × 1000: they must "
            "be the same size.",
        ),
    ],
)
def test_what_cannot_be_sent_is_said_with_the_region(regions, sentence: str) -> None:  # noqa: ANN001
    with pytest.raises(RequestError) as raised:
        region_requests(photo(), regions, REGION, PhotoInfo())
    assert raised.value.message == sentence


def test_an_option_problem_names_the_region() -> None:
    image = photo()
    with pytest.raises(RequestError) as raised:
        region_requests(image, two_regions(image.shape[:2]), EditOptions(num_images=0), PhotoInfo())
    assert raised.value.message.startswith("Region 1: ")


# ------------------------------------------------------------------ compositing
@pytest.mark.parametrize(("dtype", "channels"), [(np.uint8, 3), (np.uint16, 4)])
def test_the_composite_takes_each_area_from_its_answer_and_keeps_the_rest(dtype, channels) -> None:  # noqa: ANN001
    image = photo(dtype=dtype, channels=channels)
    regions = two_regions(image.shape[:2])
    requests = region_requests(image, regions, REGION, PhotoInfo())
    picks = [flat_result(image, r, colour_of(r.options.prompt)) for r in requests]
    out = composite_regions(image, picks, region_areas(requests))
    assert out.dtype == image.dtype and out.shape == image.shape
    feathered = edit_area(union_mask([r.mask for r in regions]), 8)
    assert np.array_equal(out[~feathered], image[~feathered])
    scale = 257 if dtype == np.uint16 else 1
    assert (out[250:450, 350:650, :3] == np.array(colour_of("a red door")) * scale).all()
    assert (out[350:650, 850:1150, :3] == np.array(colour_of("a blue sky")) * scale).all()
    if channels == 4:
        assert np.array_equal(out[..., 3], image[..., 3])


def test_a_later_region_lies_over_an_earlier_one_where_they_overlap() -> None:
    image = photo()
    regions = two_regions(image.shape[:2], overlap=True)
    requests = region_requests(image, regions, REGION, PhotoInfo())
    picks = [flat_result(image, r, colour_of(r.options.prompt)) for r in requests]
    out = composite_regions(image, picks, region_areas(requests))
    blue, red = np.array(colour_of("a blue sky")), np.array(colour_of("a red door"))
    assert (out[320:480, 820:880] == blue).all()  # both: the second wins
    assert (out[250:450, 350:750] == red).all()
    # Just outside the second mask, inside the first: red blended towards blue, no original.
    edge = out[350, 795].astype(int)
    assert np.abs(edge - red).sum() > 0 and np.abs(edge - blue).sum() > 0
    feathered = edit_area(union_mask([r.mask for r in regions]), 8)
    assert np.array_equal(out[~feathered], image[~feathered])


def test_a_region_without_a_pick_keeps_the_original_and_a_reencoded_pick_stays_inside() -> None:
    image = photo()
    regions = two_regions(image.shape[:2])
    requests = region_requests(image, regions, REGION, PhotoInfo())
    second = flat_result(image, requests[1], (1, 2, 3))
    second = second ^ 1  # as if read back from a lossy file: every pixel a little off
    out = composite_regions(image, [None, second], region_areas(requests))
    first_area = edit_area(regions[0].mask, 8)
    assert np.array_equal(out[first_area], image[first_area])
    feathered = edit_area(regions[1].mask, 8)
    assert np.array_equal(out[~feathered], image[~feathered])


def test_a_whole_edit_answer_is_pasted_only_into_its_region() -> None:
    image = photo(400, 300)
    regions = [
        PromptRegion(box_mask((300, 400), 20, 120, 30, 150), "a red door"),
        PromptRegion(box_mask((300, 400), 150, 280, 200, 380), "a blue sky"),
    ]
    whole = EditOptions(feather=6)
    requests = region_requests(image, regions, whole, PhotoInfo())
    picks = []
    for request in requests:
        answer = np.empty((200, 256, 3), np.uint8)  # the answer's own size
        answer[:] = colour_of(request.options.prompt)
        picks.append(answer)
    out = composite_regions(image, picks, region_areas(requests))
    assert (out[30:110, 40:140] == colour_of("a red door")).all()
    assert (out[160:270, 210:370] == colour_of("a blue sky")).all()
    feathered = edit_area(union_mask([r.mask for r in regions]), 6)
    assert np.array_equal(out[~feathered], image[~feathered])


# ------------------------------------------------------------------ saving
def test_the_saved_composite_records_every_region_and_its_mask(tmp_path: Path) -> None:
    image = photo()
    regions = two_regions(image.shape[:2])
    requests = region_requests(image, regions, REGION, PhotoInfo())
    masks = save_region_masks(tmp_path, regions)
    picks = [
        RegionPick(flat_result(image, r, colour_of(r.options.prompt)), seed=10 + i, job_id=f"j{i}")
        for i, r in enumerate(requests)
    ]
    saved = save_composite(ResultStore(tmp_path), requests, picks, masks, index=1)
    assert saved.path.name.endswith("-2.png")
    with Image.open(saved.path) as file:
        record = json.loads(file.text[PROVENANCE_KEY])
        pixels = np.asarray(file)
    assert np.array_equal(
        pixels, composite_regions(image, [p.pixels for p in picks], region_areas(requests))
    )
    assert [(r["prompt"], r["seed"], r["job_id"]) for r in record["regions"]] == [
        ("a red door", 10, "j0"),
        ("a blue sky", 11, "j1"),
    ]
    for entry, region in zip(record["regions"], regions, strict=True):
        data = (tmp_path / entry["mask_file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["mask_sha256"]
        assert np.array_equal(read_mask(tmp_path / entry["mask_file"], 1600, 1000), region.mask)
    spec = regions_spec(regions, masks)
    assert [r["mask_file"] for r in spec["regions"]] == [m.path.name for m in masks]
    state = composites_state([saved])
    assert state["composites"][0]["path"] == str(saved.path)


def test_a_soft_mask_is_saved_with_its_softness(tmp_path: Path) -> None:
    mask = cv2.GaussianBlur(box_mask((200, 300), 50, 150, 50, 250), (31, 31), 8)
    (saved,) = save_region_masks(tmp_path, [PromptRegion(mask, "x")])
    assert np.array_equal(read_mask(saved.path, 300, 200), mask)


# ------------------------------------------------------------------ against the fake
def test_two_regions_through_the_fake_make_one_composite(
    colour_fake: ColourFake, tmp_path: Path
) -> None:
    source = read_photo(SAMPLES / "rocket.jpg")  # Adobe RGB
    height, width = source.height, source.width
    regions = [
        PromptRegion(box_mask((height, width), 20, height // 3, 20, width // 3), "a red door"),
        PromptRegion(
            box_mask((height, width), height // 2, height - 20, width // 2, width - 20),
            "a blue sky",
        ),
    ]
    requests = region_requests(source.pixels, regions, REGION, source.info)
    provider = resolve_provider("ideogram", colour_fake.base_url, API_KEY)
    store = ResultStore(tmp_path)
    masks = save_region_masks(tmp_path, regions)
    picks = []
    for spec in region_job_specs(
        requests, provider, API_KEY, source_name="rocket.jpg", group_id=None
    ):
        job, outcome = run_job(spec, store)
        picks.append(RegionPick.of(job, outcome.saved[0]))
    for post, request in zip(colour_fake.posts, requests, strict=True):
        own, _ = sent_image(request)  # the crop around this region's mask, and its mask
        assert np.array_equal(post.image("mask"), upload_mask(own.mask))
        assert post.image("image_file").shape[:2] == own.mask.shape
    assert [p.fields["prompt"] for p in colour_fake.posts] == ["a red door", "a blue sky"]
    areas = region_areas(requests)
    pixels = composite_regions(source.pixels, [pick.pixels for pick in picks], areas)
    feathered = edit_area(union_mask([r.mask for r in regions]), 8)
    assert np.array_equal(pixels[~feathered], source.pixels[~feathered])
    for region, pick in zip(regions, picks, strict=True):
        inside = region.mask > 0
        assert np.array_equal(pixels[inside], pick.pixels[inside])  # in Adobe RGB terms
    saved = save_composite(store, requests, picks, masks, pixels=pixels)
    back = read_photo(saved.path)
    assert back.info.icc_profile == source.info.icc_profile
    assert back.info.format == "JPEG"
    with Image.open(saved.path) as file:
        xmp = file.info.get("xmp", b"")
    assert b"a red door" in (xmp if isinstance(xmp, bytes) else xmp.encode())
