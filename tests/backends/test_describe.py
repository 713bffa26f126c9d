"""Describe against the strict fake: what reaches it (the photo, or the crop a region edit
would send, in sRGB), what comes back, and the one sentence for each way it cannot work."""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np
import pytest

from ideogram_studio.backends.describe import (
    DescribeBackend,
    DescribeModel,
    describe_request,
    image_to_describe,
)
from ideogram_studio.backends.outcome import EditError
from ideogram_studio.backends.providers import LOCAL, resolve_provider
from ideogram_studio.backends.request import EditOptions, EditRequest, RequestError
from ideogram_studio.core.colour import to_srgb8
from ideogram_studio.core.imageio import decode_photo
from ideogram_studio.core.region import MAX_SEND_PIXELS, crop_for_sending, plan_region
from tests.backends.helpers import FAST_RETRY, cat_request
from tests.conftest import SAMPLES
from tests.support.fake_ideogram import API_KEY, Act, FakeIdeogram


def rocket_request(**options: object) -> EditRequest:
    """The Adobe RGB camera JPEG, with a mask over part of it."""
    pixels, info = decode_photo(SAMPLES / "rocket.jpg")
    mask = np.zeros(pixels.shape[:2], np.uint8)
    mask[150:260, 200:330] = 255
    return EditRequest(pixels, mask, EditOptions(**options), info)


def test_the_whole_photo_is_described_through_a_relay(fake: FakeIdeogram) -> None:
    provider = resolve_provider("relay", fake.base_url, API_KEY)
    texts, region = describe_request(cat_request(), provider, API_KEY)
    assert texts == [
        "A photo of 451 by 300 pixels, in soft daylight",
        "A close-up of 451 x 300 pixels with a shallow depth of field",
    ]
    assert region is None and fake.problems == []
    (post,) = fake.posts
    assert post.path == "/ideogram/describe"
    assert post.headers["Authorization"] == f"Bearer {API_KEY}"
    assert post.fields == {} and set(post.files) == {"image_file"}
    assert np.array_equal(post.image("image_file"), cat_request().image)  # a lossless PNG


def test_an_adobe_rgb_photo_is_sent_in_srgb(fake: FakeIdeogram) -> None:
    request = rocket_request()
    assert request.info.icc_profile is not None
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    describe_request(request, provider, API_KEY, model=DescribeModel.V_3)
    post = fake.posts[0]
    assert post.path == "/describe" and post.headers["Api-Key"] == API_KEY
    assert post.fields == {"describe_model_version": "V_3"}
    sent = post.image("image_file")
    assert np.array_equal(sent, to_srgb8(request.image, request.info.icc_profile))
    assert not np.array_equal(sent, request.image)  # converted, not the photo's own values


def test_with_region_editing_on_the_crop_an_edit_would_send_is_described(
    fake: FakeIdeogram,
) -> None:
    big = cv2.resize(cat_request().image, (2706, 1800), interpolation=cv2.INTER_CUBIC)
    mask = np.zeros(big.shape[:2], np.uint8)
    mask[600:1200, 900:1800] = 255
    request = EditRequest(big, mask, EditOptions(edit_region=True, margin=40))
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    texts, region = describe_request(request, provider, API_KEY)
    plan = plan_region(mask, margin=40)
    assert region == plan
    crop, _ = crop_for_sending(big, mask, plan)
    sent = fake.posts[0].image("image_file")
    assert np.array_equal(sent, crop)
    width, height = plan.send_size
    assert texts[0] == f"A photo of {width} by {height} pixels, in soft daylight"


def test_a_large_photo_described_whole_is_sent_at_a_caption_s_size() -> None:
    big = np.zeros((4000, 6000, 3), np.uint8)
    image, region = image_to_describe(EditRequest(big, np.zeros((4000, 6000), np.uint8)))
    assert region is None
    assert image.shape[0] * image.shape[1] <= MAX_SEND_PIXELS
    assert image.shape[1] / image.shape[0] == pytest.approx(1.5, abs=0.01)


def test_region_editing_with_nothing_painted_describes_the_whole_photo() -> None:
    request = dataclasses.replace(
        cat_request(), mask=np.zeros((300, 451), np.uint8), options=EditOptions(edit_region=True)
    )
    image, region = image_to_describe(request)
    assert region is None and image.shape[:2] == (300, 451)


def test_the_offline_backend_cannot_describe() -> None:
    with pytest.raises(RequestError) as raised:
        describe_request(cat_request(), LOCAL, None)
    assert raised.value.message == (
        "Suggest prompts needs Ideogram or a relay: the offline backend cannot describe photos."
    )


def test_a_provider_without_describe_at_its_path_says_so(fake: FakeIdeogram) -> None:
    provider = resolve_provider("ideogram", fake.base_url, API_KEY).with_path("describe", "/nope")
    with pytest.raises(EditError) as raised:
        DescribeBackend(provider, API_KEY, retry=FAST_RETRY).describe(cat_request().image)
    assert raised.value.message == (
        f"This provider does not offer Describe at this path ({fake.base_url}/nope): check the "
        "path in Settings."
    )


def test_an_answer_without_descriptions_is_one_sentence(fake: FakeIdeogram) -> None:
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    backend = DescribeBackend(provider, API_KEY, retry=FAST_RETRY)
    fake.routes["/describe"].texts = ["   "]
    with pytest.raises(EditError, match="suggested no prompt"):
        backend.describe(cat_request().image)
    fake.script = [Act(body={"data": []})]
    with pytest.raises(EditError, match="has no descriptions"):
        backend.describe(cat_request().image)


def test_the_key_never_shows_in_a_failure(fake: FakeIdeogram) -> None:
    fake.script = [Act(status=400, body={"error": f"bad key {API_KEY}"})]
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    with pytest.raises(EditError) as raised:
        DescribeBackend(provider, API_KEY, retry=FAST_RETRY).describe(cat_request().image)
    assert API_KEY not in raised.value.message and "refused the request" in raised.value.message


def test_transparency_is_laid_over_white_for_describe(fake: FakeIdeogram) -> None:
    rgba = np.zeros((64, 64, 4), np.uint8)  # transparent black
    provider = resolve_provider("ideogram", fake.base_url, API_KEY)
    DescribeBackend(provider, API_KEY).describe(rgba)
    sent = fake.posts[0].image("image_file")
    assert sent.shape == (64, 64, 3) and (sent == 255).all()
