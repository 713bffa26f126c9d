"""Upscale each result before blending: a region much larger than what the API returns gets
each result upscaled before it is pasted, so the pasted area carries the upscaled detail;
pixels outside stay untouched; a failed upscale still saves the billed edit, stretched."""

from __future__ import annotations

import dataclasses
import io
import json
import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from ideogram_studio.backends.outcome import CancelToken, conclude
from ideogram_studio.backends.providers import resolve_provider
from ideogram_studio.backends.region_upscale import (
    REGION_RESEMBLANCE,
    RegionUpscaler,
    expected_result_size,
    stretched,
    upscales_needed,
)
from ideogram_studio.backends.service import JobSpec, run_edit, run_job
from ideogram_studio.backends.storage import ResultStore
from ideogram_studio.core.geometry import Rect
from ideogram_studio.core.region import Region, RegionOptions, changes_outside, composite
from tests.backends.helpers import FAST_RETRY, backend_for
from tests.backends.test_region_edits import big_request
from tests.support.fake_ideogram import API_KEY, Act, FakeIdeogram

RESULT = (256, 224)  # what the fake edit returns: the 600 x 512 crop is over twice as wide


def region_request(**options: object):  # noqa: ANN201 - an EditRequest
    return big_request(edit_region=True, margin=100, feather=10, upscale_region=True, **options)


def upscaler_for(fake: FakeIdeogram) -> RegionUpscaler:
    return RegionUpscaler(resolve_provider("ideogram", fake.base_url, API_KEY), API_KEY)


def read(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def test_each_result_is_upscaled_before_it_is_pasted(fake: FakeIdeogram, tmp_path: Path) -> None:
    fake.script = [Act(result_size=RESULT, items=["ok", "ok"])]
    fake.routes["/upscale"].factor = 3  # larger than the crop: brought down with INTER_AREA
    request = region_request(num_images=2)
    job, outcome = run_edit(
        request, backend_for(fake), ResultStore(tmp_path), upscaler=upscaler_for(fake)
    )

    assert fake.problems == []
    edit, *upscales = fake.posts
    assert edit.path == "/edit" and [post.path for post in upscales] == ["/upscale"] * 2
    for index, post in enumerate(upscales):
        sent = post.image("image_file")
        assert sent.shape[:2] == (224, 256)  # the result as it came back, not the crop
        assert np.array_equal(sent, served(fake, "ok", index))
        assert json.loads(post.fields["image_request"]) == {
            "resemblance": REGION_RESEMBLANCE,
            "detail": 50,
        }
    plan = Region(Rect(900, 594, 600, 512), (600, 512), 100, 10)
    assert job.region == plan.describe()
    for index, item in enumerate(outcome.saved):
        assert item.path is not None
        saved = read(item.path)
        assert saved.shape == request.image.shape
        assert not changes_outside(request.image, saved, request.mask, feather=10).any()
        upscaled = served(fake, "upscaled", index)
        assert upscaled.shape[:2] == (672, 768)
        fitted = cv2.resize(upscaled, (600, 512), interpolation=cv2.INTER_AREA)
        expected = composite(request.image, fitted, request.mask, plan)
        assert np.array_equal(saved, expected)  # the pasted area is the upscaled detail
        stretched_result = composite(request.image, served(fake, "ok", index), request.mask, plan)
        assert not np.array_equal(saved[700:1000, 1000:1400], stretched_result[700:1000, 1000:1400])
    assert any("upscaled with Ideogram's Upscale" in note for note in outcome.notes)
    assert outcome.warnings == []


def served(fake: FakeIdeogram, kind: str, index: int) -> np.ndarray:
    """An image the fake served: the edit's result `index` ("ok"), or the image of the
    `index`-th upscale ("upscaled")."""
    if kind == "ok":
        names = [n for n in fake.images if n.startswith("ok-") and n.endswith(f"-{index}.png")]
    else:
        names = sorted(n for n in fake.images if "upscaled" in n)[index : index + 1]
    (name,) = [n for n in names if kind == "upscaled" or "upscaled" not in n]
    return np.asarray(Image.open(io.BytesIO(fake.images[name])))


def test_a_failed_upscale_still_saves_the_billed_edit_and_says_why(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    fake.script = [
        Act(result_size=RESULT),
        Act(status=400, body={"error": "upscale refused"}),
    ]
    request = region_request()
    job, outcome = run_edit(
        request, backend_for(fake), ResultStore(tmp_path), upscaler=upscaler_for(fake)
    )
    (item,) = outcome.saved
    assert item.path is not None
    plan = Region(Rect(900, 594, 600, 512), (600, 512), 100, 10)
    returned = served(fake, "ok", 0)
    assert np.array_equal(read(item.path), composite(request.image, returned, request.mask, plan))
    (warning,) = outcome.warnings
    assert warning.startswith("Image 1 was pasted without upscaling, stretched:")
    assert "upscale refused" in warning and warning in outcome.notes
    verdict = conclude(outcome)
    assert verdict.message == f"1 image saved. {warning}" and verdict.exit_code == 0


def test_a_region_that_would_not_be_stretched_is_not_upscaled(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    fake.script = [Act(result_size=(1024, 900))]  # about the crop's size
    job, outcome = run_edit(
        region_request(), backend_for(fake), ResultStore(tmp_path), upscaler=upscaler_for(fake)
    )
    assert [post.path for post in fake.posts] == ["/edit"] and len(outcome.saved) == 1
    assert not any("Upscale" in note for note in outcome.notes)


def test_run_job_upscales_only_when_asked_and_only_remotely(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    fake.default = Act(result_size=RESULT)
    run_job(JobSpec(region_request(), provider, API_KEY), ResultStore(tmp_path))
    assert [post.path for post in fake.posts] == ["/edit", "/upscale"]
    plain = dataclasses.replace(
        region_request(),
        options=dataclasses.replace(region_request().options, upscale_region=False),
    )
    run_job(JobSpec(plain, provider, API_KEY), ResultStore(tmp_path))
    assert [post.path for post in fake.posts] == ["/edit", "/upscale", "/edit"]


def test_a_cancel_during_the_upscale_keeps_the_edit(fake: FakeIdeogram, tmp_path: Path) -> None:
    cancel = CancelToken()
    fake.script = [Act(result_size=RESULT), Act(delay=2.0)]

    def cancel_once_the_upscale_is_sent() -> None:
        deadline = time.monotonic() + 10
        while len(fake.posts) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        cancel.cancel()

    threading.Thread(target=cancel_once_the_upscale_is_sent, daemon=True).start()
    job, outcome = run_edit(
        region_request(),
        backend_for(fake),
        ResultStore(tmp_path),
        cancel=cancel,
        upscaler=RegionUpscaler(
            resolve_provider("ideogram", fake.base_url, API_KEY), API_KEY, retry=FAST_RETRY
        ),
    )
    assert len(outcome.saved) == 1  # billed: kept, as it came
    assert outcome.warnings[0].endswith("the upscale was cancelled.")


@pytest.mark.parametrize(
    ("box", "margin", "needed"),
    [
        ((700, 1000, 1000, 1400), 100, False),  # a 600 x 512 crop: about what comes back
        ((200, 3400, 300, 4600), 200, True),  # a 4700 x 3600 crop: over twice each way
    ],
)
def test_the_panel_offers_the_upscale_only_for_regions_results_would_stretch(
    box: tuple[int, int, int, int], margin: int, needed: bool
) -> None:
    mask = np.zeros((4000, 6000), np.uint8)
    top, bottom, left, right = box
    mask[top:bottom, left:right] = 255
    assert upscales_needed(mask, RegionOptions(margin, 12)) is needed
    assert not upscales_needed(mask, None)  # a whole-photo edit
    assert not upscales_needed(np.zeros((40, 60), np.uint8), RegionOptions())


def test_the_expected_result_keeps_the_crop_s_shape_at_a_megapixel() -> None:
    region = Region(Rect(0, 0, 4000, 2000), (2000, 1000), 0, 0)
    width, height = expected_result_size(region)
    assert abs(width * height - 1024 * 1024) < 3000 and width == 2 * height
    assert stretched(region, (width, height)) and not stretched(region, (2000, 1000))


def test_a_provider_without_an_upscale_path_keeps_the_edit_and_says_why(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    fake.script = [Act(result_size=RESULT)]
    provider = resolve_provider("custom", fake.base_url, API_KEY, path="/edit")
    job, outcome = run_job(JobSpec(region_request(), provider, API_KEY), ResultStore(tmp_path))
    assert [post.path for post in fake.posts] == ["/edit"] and len(outcome.saved) == 1
    assert outcome.warnings == [
        "Image 1 was pasted without upscaling, stretched: This provider has no path set for "
        "the “upscale” API."
    ]


def test_the_upscale_endpoint_saying_it_is_deprecated_is_a_note_of_the_edit(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    fake.script = [
        Act(result_size=RESULT),
        Act(headers={"Deprecation": "true", "Link": '</v2/upscale>; rel="successor-version"'}),
    ]
    job, outcome = run_edit(
        region_request(), backend_for(fake), ResultStore(tmp_path), upscaler=upscaler_for(fake)
    )
    assert len(outcome.saved) == 1 and outcome.warnings == []
    said = "Ideogram says this endpoint (/upscale) is deprecated; its successor is /v2/upscale."
    assert said in outcome.notes
