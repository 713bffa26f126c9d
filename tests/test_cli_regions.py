"""`ideogram-studio edit IMAGE --prompt-region MASK PROMPT ...`: several prompts in one photo,
as a user runs it against a fake that answers each prompt in its own colour."""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from ideogram_studio.core.maskfile import read_mask, upload_mask
from ideogram_studio.core.photo import read_photo
from ideogram_studio.core.region import DEFAULT_FEATHER, edit_area
from ideogram_studio.jobs.archive import JobArchive
from tests.conftest import SAMPLES
from tests.support.cli import studio
from tests.support.colour_fake import ColourFake, colour_of, serving
from tests.support.fake_ideogram import API_KEY, Act

CAT = SAMPLES / "chelsea.png"  # 451 x 300: under a megapixel, so whole edits by default
DOOR, SKY = "a red door", "a blue sky"


@pytest.fixture
def colour_fake() -> Iterator[ColourFake]:
    yield from serving()


def mask_file(folder: Path, name: str, top: int, bottom: int, left: int, right: int) -> Path:
    """A mask for chelsea.png, black = edit."""
    mask = np.full((300, 451), 255, np.uint8)
    mask[top:bottom, left:right] = 0
    path = folder / name
    Image.fromarray(mask).save(path)
    return path


@pytest.fixture
def masks(tmp_path: Path) -> tuple[Path, Path]:
    return (
        mask_file(tmp_path, "door.png", 20, 120, 30, 200),
        mask_file(tmp_path, "sky.png", 150, 280, 220, 430),
    )


def regions_run(fake: ColourFake, masks: tuple[Path, Path], *extra: str, image: Path = CAT):
    first, second = masks
    return studio(
        "edit",
        str(image),
        "--prompt-region",
        str(first),
        DOOR,
        "--prompt-region",
        str(second),
        SKY,
        *extra,
        key=API_KEY,
        IDEOGRAM_PROVIDER="ideogram",
        IDEOGRAM_BASE_URL=fake.base_url,
    )


def engine_masks(masks: tuple[Path, Path], width: int = 451, height: int = 300):
    return [read_mask(path, width, height) for path in masks]


def test_two_prompt_regions_make_one_composite_per_image(
    colour_fake: ColourFake, masks: tuple[Path, Path], tmp_path: Path, studio_home: Path
) -> None:
    out = tmp_path / "out"
    result = regions_run(colour_fake, masks, "--num-images", "2", "--seed", "5", "--out", str(out))
    assert result.returncode == 0, result.stderr
    composites = [Path(line) for line in result.stdout.split()]
    assert len(composites) == 2 and all(p.parent == out for p in composites)
    assert result.stderr.strip().endswith("2 composites saved.")
    # One request per region, each with its own prompt and its own mask (a whole edit here).
    assert [post.fields["prompt"] for post in colour_fake.posts] == [DOOR, SKY]
    door, sky = engine_masks(masks)
    for post, mask in zip(colour_fake.posts, (door, sky), strict=True):
        assert np.array_equal(post.image("mask"), upload_mask(mask))
    original = read_photo(CAT).pixels
    outside = ~edit_area(np.maximum(door, sky), DEFAULT_FEATHER)
    for path in composites:
        pixels = np.asarray(Image.open(path).convert("RGB"))
        assert np.array_equal(pixels[outside], original[outside])  # byte for byte
        assert (pixels[door > 0] == colour_of(DOOR)).all()
        assert (pixels[sky > 0] == colour_of(SKY)).all()
    # Its provenance: every region's prompt, the picked image's seed, its mask file.
    with Image.open(composites[1]) as saved:
        record = json.loads(saved.text["ideogram_studio"])
    assert [(r["prompt"], r["seed"]) for r in record["regions"]] == [(DOOR, 6), (SKY, 6)]
    for entry, mask in zip(record["regions"], (door, sky), strict=True):
        mask_path = out / entry["mask_file"]
        assert hashlib.sha256(mask_path.read_bytes()).hexdigest() == entry["mask_sha256"]
        assert np.array_equal(read_mask(mask_path, 451, 300), mask)
    # The history: one group, its two region jobs in place, the composites in its state.
    history = JobArchive()
    (listed,) = history.groups("regions")
    group = history.group(listed.id)
    assert [r["prompt"] for r in group.spec["regions"]] == [DOOR, SKY]
    assert [job.group_place for job in group.jobs] == [{"region": 0}, {"region": 1}]
    assert [c["path"] for c in group.state["composites"]] == [str(p) for p in composites]


def test_region_edits_send_each_region_its_own_crop(
    colour_fake: ColourFake, masks: tuple[Path, Path], tmp_path: Path
) -> None:
    result = regions_run(colour_fake, masks, "--region", "--margin", "10", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    from ideogram_studio.backends.request import EditOptions, EditRequest
    from ideogram_studio.backends.service import sent_image

    original = read_photo(CAT)
    for post, mask in zip(colour_fake.posts, engine_masks(masks), strict=True):
        options = EditOptions(prompt="x", edit_region=True, margin=10)
        sent, plan = sent_image(EditRequest(original.pixels, mask, options, original.info))
        assert plan is not None and np.array_equal(post.image("mask"), upload_mask(sent.mask))


def test_a_sixteen_bit_photo_gives_a_sixteen_bit_composite(
    colour_fake: ColourFake, masks: tuple[Path, Path], tmp_path: Path
) -> None:
    deep = read_photo(CAT).pixels.astype(np.uint16) * 257 + 3  # not a widened 8-bit photo
    image = tmp_path / "deep.png"
    cv2.imwrite(str(image), cv2.cvtColor(deep, cv2.COLOR_RGB2BGR))
    result = regions_run(colour_fake, masks, "--out", str(tmp_path / "out"), image=image)
    assert result.returncode == 0, result.stderr
    (path,) = [Path(line) for line in result.stdout.split()]
    back = read_photo(path).pixels
    assert back.dtype == np.uint16
    door, sky = engine_masks(masks)
    outside = ~edit_area(np.maximum(door, sky), DEFAULT_FEATHER)
    assert np.array_equal(back[outside], deep[outside])
    assert (back[sky > 0] == np.array(colour_of(SKY)) * 257).all()


def test_adobe_rgb_keeps_its_profile(colour_fake: ColourFake, tmp_path: Path) -> None:
    source = read_photo(SAMPLES / "rocket.jpg")
    height, width = source.height, source.width
    masks = (
        mask_file_sized(tmp_path / "a.png", width, height, (10, height // 3, 10, width // 3)),
        mask_file_sized(tmp_path / "b.png", width, height, (height // 2, height - 10, 10, 90)),
    )
    result = regions_run(colour_fake, masks, "--out", str(tmp_path / "out"), image=source.path)
    assert result.returncode == 0, result.stderr
    (path,) = [Path(line) for line in result.stdout.split()]
    back = read_photo(path)
    assert back.info.format == "JPEG" and back.info.icc_profile == source.info.icc_profile
    # The provenance is in the JPEG's XMP, every region's mask named there.
    found = re.search(rb"<ideogramstudio:provenance>(.*?)</", back.info.xmp or b"", re.S)
    record = json.loads(html.unescape(found.group(1).decode()))
    assert [r["prompt"] for r in record["regions"]] == [DOOR, SKY]
    for entry in record["regions"]:
        data = (tmp_path / "out" / entry["mask_file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["mask_sha256"]


def mask_file_sized(path: Path, width: int, height: int, box: tuple[int, int, int, int]) -> Path:
    top, bottom, left, right = box
    mask = np.full((height, width), 255, np.uint8)
    mask[top:bottom, left:right] = 0
    Image.fromarray(mask).save(path)
    return path


def test_a_failed_region_is_named_and_the_composite_keeps_the_original_there(
    colour_fake: ColourFake, masks: tuple[Path, Path], tmp_path: Path
) -> None:
    colour_fake.script = [Act(), Act(422, {"error": "Prompt provided failed safety check"})]
    result = regions_run(colour_fake, masks, "--out", str(tmp_path / "out"), "--json")
    assert result.returncode == 5, result.stderr
    document = json.loads(result.stdout)
    assert isinstance(document["group"], int) and document["exit_code"] == 5
    assert document["regions"][1]["error"] and document["regions"][0]["error"] is None
    (composite,) = document["composites"]
    assert composite["missing_regions"] == [2]
    pixels = np.asarray(Image.open(composite["path"]).convert("RGB"))
    door, sky = engine_masks(masks)
    original = read_photo(CAT).pixels
    assert np.array_equal(pixels[sky > 0], original[sky > 0])
    assert (pixels[door > 0] == colour_of(DOOR)).all()


def test_the_failed_region_sentence_and_exit_code(
    colour_fake: ColourFake, masks: tuple[Path, Path], tmp_path: Path
) -> None:
    colour_fake.script = [Act(), Act(422, {"error": "Prompt provided failed safety check"})]
    result = regions_run(colour_fake, masks, "--out", str(tmp_path / "out"))
    assert result.returncode == 5
    assert "Region 2 (“a blue sky”): " in result.stderr
    assert (
        "Composite 1 keeps the original photo in region 2: it has no image there." in result.stderr
    )
    assert len(result.stdout.split()) == 1


def test_when_every_region_fails_nothing_is_left_and_the_code_is_the_failures(
    colour_fake: ColourFake, masks: tuple[Path, Path], tmp_path: Path
) -> None:
    refused = Act(422, {"error": "Prompt provided failed safety check"})
    colour_fake.script = [refused, refused]
    out = tmp_path / "out"
    result = regions_run(colour_fake, masks, "--out", str(out))
    assert result.returncode == 3, result.stderr
    assert result.stdout == ""
    assert "Region 1 (“a red door”): " in result.stderr
    assert list(out.glob("*.png")) == []  # no mask without a composite or a result


def test_prompt_regions_refuse_mask_and_prompt(
    colour_fake: ColourFake, masks: tuple[Path, Path], tmp_path: Path
) -> None:
    result = regions_run(colour_fake, masks, "--mask", str(masks[0]), "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "--prompt-region gives each region its own mask and prompt: leave out --mask and --prompt."
    )
    assert colour_fake.posts == []


def test_an_empty_region_mask_is_refused_by_its_number(
    colour_fake: ColourFake, masks: tuple[Path, Path], tmp_path: Path
) -> None:
    empty = mask_file(tmp_path, "empty.png", 0, 0, 0, 0)
    result = regions_run(colour_fake, (masks[0], empty), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "The mask of region 2 marks nothing to edit: paint its part of the photo or remove "
        "the region."
    )
    assert colour_fake.posts == [] and not (tmp_path / "out").exists()


def test_the_daily_limit_counts_every_region(
    colour_fake: ColourFake, masks: tuple[Path, Path], tmp_path: Path, studio_home: Path
) -> None:
    studio_home.mkdir(parents=True, exist_ok=True)
    (studio_home / "settings.json").write_text(json.dumps({"daily_limit": 0.1}))
    result = regions_run(colour_fake, masks, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "These prompt regions, about $0.16, would bring today's estimated spend to $0.16, over "
        "your daily limit of $0.10; nothing was sent (give --over-limit to send it anyway)."
    )
    assert colour_fake.posts == []


def test_a_dry_run_shows_each_region_and_the_total(
    colour_fake: ColourFake, masks: tuple[Path, Path]
) -> None:
    result = regions_run(colour_fake, masks, "--dry-run", "--num-images", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "region 1:" and "  field prompt: a red door" in lines
    assert "region 2:" in lines and "  field prompt: a blue sky" in lines
    assert lines[-1] == "total: 2 requests · 4 images · about $0.32"
    as_json = json.loads(regions_run(colour_fake, masks, "--dry-run", "--json").stdout)
    assert [r["prompt"] for r in as_json["regions"]] == [DOOR, SKY]
    assert as_json["total"]["usd"] == 0.16 and as_json["total"]["requests"] == 2
    assert colour_fake.posts == []


def test_a_region_image_that_could_not_be_downloaded_can_be_fetched_again(
    colour_fake: ColourFake, masks: tuple[Path, Path], tmp_path: Path
) -> None:
    colour_fake.script = [Act(), Act(items=["junk"])]
    result = regions_run(colour_fake, masks, "--out", str(tmp_path / "out"))
    assert result.returncode == 5, result.stderr
    hint = next(line for line in result.stderr.splitlines() if line.startswith("Fetch"))
    assert hint.startswith(
        "Fetch the missing images of region 2 again with: ideogram-studio fetch "
    )
    assert len(result.stdout.split()) == 1  # the composite with region 1 is saved
