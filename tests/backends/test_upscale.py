"""Upscale against the strict fake, through the one run path (run_job) with the real history:
what reaches the server (the JSON part, the image in sRGB), the larger images saved as new
results in the photo's format and profile, their link to the result they came from, and
Fetch again for the images an upscale could not save."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ideogram_studio.backends.outcome import EditError, ItemStatus, conclude
from ideogram_studio.backends.providers import LOCAL, Provider, resolve_provider
from ideogram_studio.backends.request import EditOptions, EditRequest, RequestError
from ideogram_studio.backends.service import JobSpec, run_job
from ideogram_studio.backends.storage import PROVENANCE_KEY, ResultStore
from ideogram_studio.backends.upscale import Parent, UpscaleOptions, UpscaleRequest, lineage
from ideogram_studio.core.colour import to_srgb8
from ideogram_studio.core.imageio import decode_photo
from ideogram_studio.core.photo import read_photo
from ideogram_studio.jobs.archive import JobArchive, JobRow
from ideogram_studio.jobs.refetch import fetch_job
from tests.backends.helpers import cat_request
from tests.conftest import SAMPLES
from tests.support.fake_ideogram import API_KEY, Act, FakeIdeogram

ADOBE_RGB = Image.open(SAMPLES / "rocket.jpg").info["icc_profile"]


def provider_of(fake: FakeIdeogram, kind: str = "ideogram") -> Provider:
    return resolve_provider(kind, fake.base_url, API_KEY)


def edited_result(fake: FakeIdeogram, store: ResultStore, archive: JobArchive) -> JobRow:
    """An edit of the Adobe RGB rocket photo, saved and recorded: the result to upscale."""
    pixels, info = decode_photo(SAMPLES / "rocket.jpg")
    mask = np.zeros(pixels.shape[:2], np.uint8)
    mask[100:200, 150:300] = 255
    request = EditRequest(pixels, mask, EditOptions(prompt="a brighter flame"), info)
    job, outcome = run_job(
        JobSpec(request, provider_of(fake), API_KEY, "rocket.jpg"), store, recorder=archive
    )
    assert len(outcome.saved) == 1
    row = archive.find(job.id)
    assert row is not None
    return row


def upscale_of(row: JobRow, index: int = 0, **options: object) -> UpscaleRequest:
    result = row.results[index]
    assert result.path is not None
    photo = read_photo(result.path)
    parent = Parent(row.id, result.index, result.id, result.path.name)
    return UpscaleRequest(photo.pixels, UpscaleOptions(**options), photo.info, parent)


def test_a_saved_result_is_upscaled_into_a_new_result_linked_to_it(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    archive, store = JobArchive(tmp_path / "home"), ResultStore(tmp_path / "results")
    parent_row = edited_result(fake, store, archive)
    request = upscale_of(parent_row, resemblance=70, detail=30, prompt=" a rocket at dusk ")
    spec = JobSpec(request, provider_of(fake, "relay"), API_KEY, "rocket-result.jpg", api="upscale")
    assert spec.images == 1

    job, outcome = run_job(spec, store, recorder=archive)

    assert fake.problems == []
    post = fake.posts[-1]
    assert post.path == "/ideogram/upscale"
    assert post.headers["Authorization"] == f"Bearer {API_KEY}"
    assert set(post.fields) == {"image_request"} and set(post.files) == {"image_file"}
    assert json.loads(post.fields["image_request"]) == {
        "resemblance": 70,
        "detail": 30,
        "prompt": "a rocket at dusk",
    }
    sent = post.image("image_file")  # a lossless PNG of the result's sRGB view
    assert np.array_equal(sent, to_srgb8(request.image, ADOBE_RGB))
    assert not np.array_equal(sent, request.image)

    (item,) = outcome.saved
    assert item.path is not None and item.path.suffix == ".jpg"  # the photo's format
    with Image.open(item.path) as saved:
        assert saved.size == (2 * sent.shape[1], 2 * sent.shape[0])
        assert saved.info["icc_profile"] == ADOBE_RGB  # and its colour profile
    assert job.mask_path is None and not list(store.folder.glob(f"{job.stem}-mask.png"))

    row = archive.find(job.id)
    assert row is not None and row.state == "done"
    assert row.parent_result == parent_row.results[0].id  # the history's link
    assert row.mask_painted is None and row.mask_sent is None
    assert row.prompt == " a rocket at dusk "
    assert row.parameters["api"] == "upscale"
    assert (row.parameters["resemblance"], row.parameters["detail"]) == (70, 30)
    assert row.parameters["upscale_of"] == {
        "job": parent_row.id,
        "image": 1,
        "result": parent_row.results[0].id,
        "file": parent_row.results[0].path.name,
    }
    assert lineage(row.parameters) == f"Upscale of job {parent_row.id}, image 1"
    assert row.results[0].path == item.path and row.results[0].thumb


def test_an_upscale_saved_as_png_says_what_it_was_in_its_metadata(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    request = UpscaleRequest(cat_request().image, UpscaleOptions(detail=80), parent=Parent())
    job, outcome = run_job(
        JobSpec(request, provider_of(fake), API_KEY, "cat.png", api="upscale"),
        ResultStore(tmp_path),
    )
    with Image.open(outcome.saved[0].path) as saved:
        assert saved.size == (902, 600)
        parameters = saved.text["parameters"]
        provenance = json.loads(saved.text[PROVENANCE_KEY])
    assert "Upscale: resemblance 50, detail 80" in parameters and "Model" not in parameters
    assert provenance["request"]["api"] == "upscale"
    assert provenance["request"]["image_size"] == [451, 300]
    assert provenance["mask_file"] is None and provenance["region"] is None


def test_an_image_an_upscale_could_not_save_is_fetched_again_in_the_photo_s_terms(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    archive, store = JobArchive(tmp_path / "home"), ResultStore(tmp_path / "results")
    parent_row = edited_result(fake, store, archive)
    fake.script = [Act(items=["ok", "fail-once"])]
    spec = JobSpec(upscale_of(parent_row, num_images=2), provider_of(fake), API_KEY, api="upscale")
    job, outcome = run_job(spec, store, recorder=archive)
    assert [item.status for item in outcome.items] == [ItemStatus.READY, ItemStatus.FAILED]
    assert "Fetch again" in conclude(outcome).message
    row = archive.find(job.id)
    assert row is not None and row.state == "partly saved"
    assert archive.fetchable(row)

    (fetched,) = fetch_job(row, archive)

    assert fetched.error is None and fetched.path is not None
    assert fetched.path.parent == store.folder and fetched.path.suffix == ".jpg"
    with Image.open(fetched.path) as saved:
        assert saved.info["icc_profile"] == ADOBE_RGB
        assert saved.size == Image.open(outcome.saved[0].path).size
    assert b'"api": "upscale"' in fetched.path.read_bytes().replace(b"&quot;", b'"')
    again = archive.find(job.id)
    assert again is not None and again.state == "done" and again.parent_result == row.parent_result


def test_unsafe_upscales_are_withheld_and_said_so(fake: FakeIdeogram, tmp_path: Path) -> None:
    fake.script = [Act(items=["unsafe"])]
    request = UpscaleRequest(cat_request().image)
    job, outcome = run_job(
        JobSpec(request, provider_of(fake), API_KEY, api="upscale"), ResultStore(tmp_path)
    )
    assert outcome.items[0].status is ItemStatus.WITHHELD and not outcome.saved
    assert "still billed" in conclude(outcome).message


def test_the_offline_backend_cannot_upscale(tmp_path: Path) -> None:
    spec = JobSpec(UpscaleRequest(cat_request().image), LOCAL, None, api="upscale")
    with pytest.raises(RequestError) as raised:
        run_job(spec, ResultStore(tmp_path))
    assert raised.value.message == (
        "Upscale needs Ideogram or a relay: the offline backend cannot upscale images."
    )
    assert not tmp_path.joinpath("results").exists()


def test_out_of_range_options_are_refused_before_sending(
    fake: FakeIdeogram, tmp_path: Path
) -> None:
    for options in (UpscaleOptions(resemblance=0), UpscaleOptions(detail=101)):
        spec = JobSpec(UpscaleRequest(cat_request().image, options), provider_of(fake), API_KEY)
        with pytest.raises(RequestError, match="from 1 to 100"):
            run_job(spec, ResultStore(tmp_path), cancel=None)
    assert fake.posts == []


def test_a_provider_without_upscale_at_its_path_says_so(fake: FakeIdeogram, tmp_path: Path) -> None:
    provider = provider_of(fake).with_path("upscale", "/v1/upscale")
    spec = JobSpec(UpscaleRequest(cat_request().image), provider, API_KEY, api="upscale")
    with pytest.raises(EditError) as raised:
        run_job(spec, ResultStore(tmp_path))
    assert raised.value.message == (
        f"This provider does not offer Upscale at this path ({fake.base_url}/v1/upscale): check "
        "the path in Settings."
    )
    assert list(tmp_path.iterdir()) == []
