"""Registering an API is one module plus one entry: a tiny API that sends its photo as `image`
(as Ideogram 3.0 does) runs through run_job and the real HTTP transport, and service.py is not
touched. The provider says where; each API module says what it sends."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from ideogram_studio.backends import apis, legacy_edit, local
from ideogram_studio.backends.http import Multipart
from ideogram_studio.backends.legacy_edit import LegacyEditApi
from ideogram_studio.backends.providers import LOCAL, resolve_provider
from ideogram_studio.backends.request import EditRequest, RequestError, Upload
from ideogram_studio.backends.service import JobSpec, api_for, prepare_sending, run_job
from ideogram_studio.backends.storage import ResultStore
from tests.backends.helpers import cat_request
from tests.support.fake_ideogram import API_KEY, FakeIdeogram, Received


class ImageFieldApi(LegacyEditApi):
    """The legacy edit, but with the photo under `image` instead of `image_file`."""

    id = "image-field-edit"

    def multipart(self, request: EditRequest, upload: Upload) -> Multipart:
        files = dict(super().multipart(request, upload).files)
        files["image"] = files.pop("image_file")
        return Multipart(legacy_edit.form_fields(request.options), files)


class ImageFieldServer(FakeIdeogram):
    """The strict fake, expecting `image` where the legacy edit sends `image_file`."""

    def check(self, received: Received) -> str | None:
        if "image_file" in received.files:
            return "image_file is not a field of this endpoint"
        if "image" not in received.files:
            return "image is required"
        files = {**received.files, "image_file": received.files["image"]}
        return super().check(dataclasses.replace(received, files=files))


@pytest.fixture
def image_field_server():  # noqa: ANN201
    server = ImageFieldServer().start()
    yield server
    server.stop()


def test_a_registered_api_runs_through_run_job(
    image_field_server: ImageFieldServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(apis.API_MODULES, ImageFieldApi.id, ImageFieldApi())  # the one entry
    provider = resolve_provider("ideogram", image_field_server.base_url, API_KEY)
    provider = provider.with_path(ImageFieldApi.id, "/edit")  # where this API lives
    spec = JobSpec(cat_request(), provider, API_KEY, api=ImageFieldApi.id)

    job, outcome = run_job(spec, ResultStore(tmp_path))

    assert image_field_server.problems == []
    (post,) = image_field_server.posts
    assert set(post.files) == {"image", "mask"} and post.fields["prompt"] == "a red bow tie"
    assert post.headers["Api-Key"] == API_KEY
    assert len(outcome.saved) == 1 and outcome.saved[0].path.exists()
    assert outcome.endpoint == job.endpoint == f"{image_field_server.base_url}/edit"


def test_the_legacy_edit_still_sends_image_file(fake: FakeIdeogram, tmp_path: Path) -> None:
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    run_job(JobSpec(cat_request(), provider, API_KEY), ResultStore(tmp_path))
    assert set(fake.posts[0].files) == {"image_file", "mask"} and fake.problems == []


def test_providers_give_a_path_per_api_and_keep_the_edit_path() -> None:
    relay = resolve_provider("relay", "https://relay.example", "k")
    assert relay.paths == {
        "edit": "/ideogram/edit",
        "v3": "/ideogram/v1/ideogram-v3/edit",
        "describe": "/ideogram/describe",
        "upscale": "/ideogram/upscale",
    }
    assert relay.path == "/ideogram/edit"
    assert relay.endpoint == relay.endpoint_for("edit") == "https://relay.example/ideogram/edit"
    custom = resolve_provider("custom", "https://x.example/", "k", path="v1/edit")
    assert custom.endpoint == "https://x.example/v1/edit"
    with pytest.raises(RequestError, match="no path set for the “describe” API"):
        custom.endpoint_for("describe")


def test_the_local_provider_answers_every_api_in_process() -> None:
    assert api_for(LOCAL) is local.API and api_for(LOCAL, "image-field-edit") is local.API
    assert api_for(resolve_provider("ideogram", None, "k")) is legacy_edit.API
    request = cat_request()
    offline = prepare_sending(request, local.API).upload
    assert offline.image_bytes == b"" and offline.size == (451, 300)
    assert "ignores the prompt" in offline.notes[-1]
    sent = prepare_sending(request, legacy_edit.API).upload
    assert sent.image_type == "image/png" and sent.mask_png == offline.mask_png
