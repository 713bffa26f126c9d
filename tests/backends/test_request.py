"""Validation in one place, before anything is sent, and the files that would be uploaded."""

from __future__ import annotations

import dataclasses
import io

import numpy as np
import pytest
from PIL import Image

from ideogram_studio.backends.legacy_edit import form_fields
from ideogram_studio.backends.request import (
    EditOptions,
    EditRequest,
    MagicPrompt,
    RequestError,
    StyleType,
    prepare_upload,
)
from tests.backends.helpers import cat_request, with_options
from tests.conftest import SAMPLES


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"prompt": "   "}, "Write a prompt"),
        ({"num_images": 0}, "Ask for 1 to 8 images, not 0"),
        ({"num_images": 9}, "Ask for 1 to 8 images, not 9"),
        ({"seed": -1}, "seed must be a whole number from 0 to 2,147,483,647"),
        ({"seed": 2_147_483_648}, "seed must be a whole number"),
    ],
)
def test_out_of_range_choices_are_explained(change: dict, words: str) -> None:
    request = with_options(cat_request(), **change)
    with pytest.raises(RequestError, match=words):
        request.validate()


def test_an_empty_mask_is_refused() -> None:
    request = cat_request()
    request = dataclasses.replace(request, mask=np.zeros_like(request.mask))
    with pytest.raises(RequestError, match="marks nothing to edit: paint over"):
        prepare_upload(request)


def test_a_faintly_painted_mask_is_sent() -> None:
    request = cat_request()
    faint = np.zeros_like(request.mask)
    faint[100:110, 200:220] = 3  # the outer rim of a soft brush: tinted, so edited
    upload = prepare_upload(dataclasses.replace(request, mask=faint))
    mask = np.asarray(Image.open(io.BytesIO(upload.mask_png)))
    assert np.array_equal(mask == 0, faint > 0)


def test_a_mask_of_another_size_is_refused() -> None:
    request = cat_request()
    request = dataclasses.replace(request, mask=np.full((10, 10), 255, np.uint8))
    with pytest.raises(RequestError, match="mask is 10 × 10 pixels but the image is 451 × 300"):
        request.validate()


def test_unset_options_are_omitted_and_set_ones_sent_as_text() -> None:
    assert form_fields(cat_request().options) == {"prompt": "a red bow tie", "model": "V_2"}
    fields = form_fields(
        cat_request(
            magic_prompt=MagicPrompt.OFF, style_type=StyleType.RENDER_3D, seed=0, num_images=4
        ).options
    )
    assert fields == {
        "prompt": "a red bow tie",
        "model": "V_2",
        "magic_prompt_option": "OFF",
        "style_type": "RENDER_3D",
        "seed": "0",
        "num_images": "4",
    }


def test_small_photos_go_as_png_with_a_matching_mask() -> None:
    upload = prepare_upload(cat_request())
    assert (upload.image_name, upload.image_type) == ("image.png", "image/png")
    sent = np.asarray(Image.open(io.BytesIO(upload.image_bytes)))
    assert np.array_equal(sent, cat_request().image)
    mask = np.asarray(Image.open(io.BytesIO(upload.mask_png)))
    assert mask.shape == (300, 451) and mask[150, 200] == 0 and mask[10, 10] == 255
    assert upload.notes == []


def test_over_the_limit_the_photo_is_re_encoded_then_scaled_with_its_mask() -> None:
    request = cat_request()
    png_size = len(prepare_upload(request).image_bytes)
    as_jpeg = prepare_upload(request, limit_bytes=png_size - 1)
    assert as_jpeg.image_type == "image/jpeg" and as_jpeg.size == (451, 300)
    assert "sent as a high-quality JPEG" in as_jpeg.notes[0]

    scaled = prepare_upload(request, limit_bytes=20_000)
    width, height = scaled.size
    assert width < 451 and abs(width / height - 451 / 300) < 0.02
    assert len(scaled.image_bytes) <= 20_000
    assert f"scaled down from 451 × 300 to {width} × {height} pixels" in scaled.notes[-1]
    mask = np.asarray(Image.open(io.BytesIO(scaled.mask_png)))
    assert mask.shape == (height, width)
    assert set(np.unique(mask).tolist()) == {0, 255}
    edit_rows, edit_columns = np.nonzero(mask == 0)
    assert abs(edit_rows.min() / height - 100 / 300) < 0.03
    assert abs(edit_columns.max() / width - 300 / 451) < 0.03


def test_transparent_photos_are_sent_over_white() -> None:
    request = cat_request()
    rgba = np.dstack([request.image, np.zeros(request.image.shape[:2], np.uint8)])
    upload = prepare_upload(dataclasses.replace(request, image=rgba))
    sent = np.asarray(Image.open(io.BytesIO(upload.image_bytes)))
    assert sent.shape == (300, 451, 3) and (sent == 255).all()


def test_the_png_size_estimate_spots_photos_that_cannot_fit() -> None:
    from ideogram_studio.backends.request import _png, png_may_fit

    rng = np.random.default_rng(5)
    noise = rng.integers(0, 256, (1024, 800, 3), dtype=np.uint8)  # incompressible
    flat = np.full((1024, 800, 3), 200, np.uint8)
    limit = noise.nbytes // 2
    assert len(_png(noise)) > limit and not png_may_fit(noise, limit)
    assert len(_png(flat)) < limit and png_may_fit(flat, limit)
    # A real photo: the estimate agrees with the real encode on which side of the limit it is.
    photo = np.asarray(Image.open(SAMPLES / "astronaut.png").convert("RGB"))
    size = len(_png(photo))
    assert png_may_fit(photo, int(size * 1.5)) and not png_may_fit(photo, int(size / 1.5))


def test_a_photo_that_cannot_fit_as_png_goes_as_jpeg_at_full_size() -> None:
    rng = np.random.default_rng(5)
    noise = rng.integers(0, 256, (1024, 800, 3), dtype=np.uint8)
    mask = np.zeros(noise.shape[:2], np.uint8)
    mask[100:200, 100:200] = 255
    request = EditRequest(noise, mask, EditOptions(prompt="grain"))
    upload = prepare_upload(request, limit_bytes=int(noise.nbytes * 0.9))
    assert upload.image_type == "image/jpeg" and upload.size == (800, 1024)
