"""Region edits end to end: what is sent, what is saved, and that nothing outside changes."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from ideogram_studio.backends.local import LocalBackend
from ideogram_studio.backends.request import EditOptions, EditRequest
from ideogram_studio.backends.service import run_edit
from ideogram_studio.backends.storage import PROVENANCE_KEY, ResultStore
from ideogram_studio.core.region import changes_outside
from tests.backends.helpers import backend_for, files_in
from tests.conftest import SAMPLES
from tests.support.fake_ideogram import API_KEY, Act
from tests.test_cli import run_cli


def big_request(**options: object) -> EditRequest:
    with Image.open(SAMPLES / "astronaut.png") as image:
        pixels = np.asarray(image.convert("RGB"))
    pixels = cv2.resize(pixels, (2400, 1800), interpolation=cv2.INTER_CUBIC)
    mask = np.zeros((1800, 2400), np.uint8)
    mask[700:1000, 1000:1400] = 255
    return EditRequest(pixels, mask, EditOptions(prompt="a golden visor", **options))


def test_a_region_edit_sends_the_crop_and_saves_the_photo_whole(fake, tmp_path: Path) -> None:
    fake.script = [Act(result_size=(1024, 768), items=["ok", "ok"])]
    request = big_request(num_images=2, edit_region=True, margin=100, feather=10)
    job, outcome = run_edit(request, backend_for(fake), ResultStore(tmp_path))
    sent = fake.posts[0]
    image, mask = sent.image("image_file"), sent.image("mask")
    assert image.shape[:2] == mask.shape == (512, 600)  # the box grown by 100, widened to 512
    assert (mask[100 : -100 if False else 400, 100:500] == 0).any()
    rows, cols = np.nonzero(mask == 0)
    assert (rows.min(), rows.max(), cols.min(), cols.max()) == (106, 405, 100, 499)
    assert len(outcome.saved) == 2
    for item in outcome.saved:
        with Image.open(item.path) as saved:
            pixels = np.asarray(saved.convert("RGB"))
            record = json.loads(saved.text[PROVENANCE_KEY])
        assert pixels.shape == request.image.shape
        assert not changes_outside(request.image, pixels, request.mask, feather=10).any()
        assert not np.array_equal(pixels[700:1000, 1000:1400], request.image[700:1000, 1000:1400])
        assert record["region"] == {
            "crop": [900, 594, 600, 512],
            "sent_size": [600, 512],
            "margin": 100,
            "margin_auto": False,  # chosen, not the mask's default
            "feather": 10,
        }
        assert record["request"]["image_size"] == [2400, 1800]
    assert any("region" in note for note in outcome.notes)
    mask_file = job.mask_path
    assert np.asarray(Image.open(mask_file)).shape == (512, 600)  # the mask as it was sent


def test_the_local_backend_edits_regions_the_same_way(tmp_path: Path) -> None:
    request = big_request(edit_region=True, feather=8)
    job, outcome = run_edit(request, LocalBackend(), ResultStore(tmp_path))
    with Image.open(outcome.saved[0].path) as saved:
        pixels = np.asarray(saved.convert("RGB"))
    assert pixels.shape == request.image.shape
    assert not changes_outside(request.image, pixels, request.mask, feather=8).any()


def test_the_cli_edits_a_region_by_default_on_large_photos_and_whole_on_request(
    fake, tmp_path: Path
) -> None:
    request = big_request()
    Image.fromarray(request.image).save(tmp_path / "big.png")
    Image.fromarray(255 - request.mask).save(tmp_path / "mask.png")  # black = edit
    common = ["--mask", str(tmp_path / "mask.png"), "--prompt", "a visor", "--json"]
    where = {"IDEOGRAM_BASE_URL": fake.base_url, "IDEOGRAM_STUDIO_HOME": str(tmp_path / "h")}
    result = run_cli(str(tmp_path / "big.png"), *common, "--margin", "50", key=API_KEY, **where)
    assert result.returncode == 0, result.stderr
    assert fake.posts[-1].image("image_file").shape[:2] == (512, 512)
    saved = json.loads(result.stdout)["results"][0]["path"]
    assert Image.open(saved).size == (2400, 1800)
    result = run_cli(str(tmp_path / "big.png"), *common, "--whole", key=API_KEY, **where)
    assert result.returncode == 0, result.stderr
    assert fake.posts[-1].image("image_file").shape[:2] == (1800, 2400)
    result = run_cli(str(tmp_path / "big.png"), *common, "--feather", "-3", key=API_KEY, **where)
    assert result.returncode == 2 and "0 or more" in result.stderr
    assert len(files_in(tmp_path / "h" / "results")) == 4  # two edits, each image + mask
