"""Photos come back as they went in (#13): a camera JPEG in Adobe RGB with EXIF, a Display P3
PNG, a 16-bit TIFF, an untagged JPEG and a PNG with transparency, each edited in a region and
whole, through the command line (a real process) and the window's document. What is checked is
what a photographer would: the pixels outside the edit, the profile, the EXIF, the format, the
size, and the provenance where other tools read it."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, JpegImagePlugin

from ideogram_studio.core.colour import to_srgb8
from ideogram_studio.core.imageio import decode_photo, load_image, thumbnail
from ideogram_studio.core.region import edit_area
from tests.conftest import SAMPLES
from tests.support.icc import display_p3
from tests.test_cli import run_cli

ADOBE_RGB = Image.open(SAMPLES / "rocket.jpg").info["icc_profile"]
WIDTH, HEIGHT = 640, 427  # as stored; the Adobe JPEG is stored on its side (orientation 6)
BOX = (200, 120, 330, 260)  # x0, y0, x1, y1 of the edit, in upright pixels
MAKE, MODEL, LENS, TAKEN = "Canon", "EOS R5", "RF24-70mm F2.8 L IS USM", "2026:05:04 10:11:12"


def photo_pixels(height: int = HEIGHT, width: int = WIDTH) -> np.ndarray:
    rocket = np.asarray(Image.open(SAMPLES / "rocket.jpg").convert("RGB"))
    return np.ascontiguousarray(cv2.resize(rocket, (width, height)))


def camera_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = MAKE, MODEL, orientation
    exif[0x0132] = TAKEN
    sub = exif.get_ifd(0x8769)
    sub[0x9003], sub[0xA434] = TAKEN, LENS  # DateTimeOriginal, LensModel
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (48.0, 51.0, 24.0), "E", (2.0, 21.0, 3.0)
    return exif


def adobe_jpeg(folder: Path) -> Path:
    """Stored on its side with orientation 6, as cameras held upright write it."""
    stored = np.ascontiguousarray(np.rot90(photo_pixels(WIDTH, HEIGHT)[:, :, :], 1))
    path = folder / "camera.jpg"
    Image.fromarray(stored).save(
        path, quality=92, subsampling=2, icc_profile=ADOBE_RGB, exif=camera_exif(6)
    )
    return path


def p3_png(folder: Path) -> Path:
    path = folder / "phone.png"
    Image.fromarray(photo_pixels()).save(path, icc_profile=display_p3(), exif=camera_exif())
    return path


def tiff_16_bit(folder: Path) -> Path:
    deep = photo_pixels().astype(np.uint16) * 257 + np.uint16(123)  # low bits that matter
    path = folder / "scan.tif"
    cv2.imwrite(str(path), cv2.cvtColor(deep, cv2.COLOR_RGB2BGR))
    return path


def untagged_jpeg(folder: Path) -> Path:
    path = folder / "plain.jpg"
    Image.fromarray(photo_pixels()).save(path, quality=90, subsampling=0, exif=camera_exif())
    return path


def transparent_png(folder: Path) -> Path:
    pixels = np.dstack([photo_pixels(), np.full((HEIGHT, WIDTH), 255, np.uint8)])
    pixels[:, :80, 3] = 0  # a transparent band on the left
    pixels[:, 80:120, 3] = 128
    path = folder / "cutout.png"
    Image.fromarray(pixels, "RGBA").save(path)
    return path


def p3_transparent_png(folder: Path) -> Path:
    path = folder / "sticker.png"
    pixels = np.dstack([photo_pixels(), np.full((HEIGHT, WIDTH), 255, np.uint8)])
    pixels[:, :60, 3] = 90
    Image.fromarray(pixels, "RGBA").save(path, icc_profile=display_p3())
    return path


PHOTOS = {
    "adobe-jpeg": (adobe_jpeg, "JPEG", ADOBE_RGB),
    "p3-png": (p3_png, "PNG", display_p3()),
    "16-bit-tiff": (tiff_16_bit, "TIFF", None),
    "untagged-jpeg": (untagged_jpeg, "JPEG", None),
    "transparent-png": (transparent_png, "PNG", None),
    "p3-transparent-png": (p3_transparent_png, "PNG", display_p3()),
}


def mask_for(photo: Path, folder: Path) -> tuple[Path, np.ndarray]:
    """A mask file in Ideogram's convention over BOX, and the engine mask it means."""
    pixels, _ = decode_photo(photo)
    height, width = pixels.shape[:2]
    engine = np.zeros((height, width), np.uint8)
    x0, y0, x1, y1 = BOX
    engine[y0:y1, x0:x1] = 255
    path = folder / "mask.png"
    Image.fromarray(255 - engine).save(path)
    return path, engine


def saved_files(result) -> list[Path]:  # noqa: ANN001 - a CompletedProcess
    assert result.returncode == 0, result.stderr
    return [Path(line) for line in result.stdout.split()]


def user_comment(path: Path) -> str:
    with Image.open(path) as image:
        raw = image.getexif().get_ifd(0x8769)[0x9286]
    assert raw.startswith(b"UNICODE\0")
    return raw[8:].decode("utf-16-be")


@pytest.mark.parametrize("kind", sorted(PHOTOS))
def test_a_region_edit_keeps_the_photo_outside_the_edit(kind: str, tmp_path: Path) -> None:
    make, family, profile = PHOTOS[kind]
    photo = make(tmp_path)
    mask_file, engine = mask_for(photo, tmp_path)
    result = run_cli(str(photo), "--mask", str(mask_file), "--prompt", "a red kite", "--region")
    [saved] = saved_files(result)
    original, _ = decode_photo(photo)
    edited, _ = decode_photo(saved)

    with Image.open(saved) as image:
        assert image.format == family and image.size == (original.shape[1], original.shape[0])
        assert image.info.get("icc_profile") == profile
        exif = image.getexif()
        if kind == "16-bit-tiff":
            assert edited.dtype == np.uint16
        elif "transparent" not in kind:
            assert exif[0x010F] == MAKE and exif[0x0110] == MODEL
            assert exif.get(0x0112, 1) == 1  # the pixels are upright already
            assert exif.get_ifd(0x8769)[0xA434] == LENS
            assert exif.get_ifd(0x8825)  # the location stays unless asked otherwise
    if family == "PNG":
        with Image.open(saved) as image:  # read before the image data, with no decoding
            assert image.info["parameters"].startswith("a red kite")
            assert json.loads(image.info["ideogram_studio"])["request"]["prompt"] == "a red kite"
    if family == "JPEG":
        assert user_comment(saved).startswith("a red kite\n")
        with Image.open(saved) as image:
            # The source's chroma subsampling: 4:2:0 for the camera's, 4:4:4 for the other.
            assert JpegImagePlugin.get_sampling(image) == (2 if kind == "adobe-jpeg" else 0)
        # Not six times larger: a JPEG comes back about the size it went in.
        assert saved.stat().st_size < 2.5 * photo.stat().st_size

    outside = ~edit_area(engine, 12)
    assert edited.shape == original.shape and edited.dtype == original.dtype
    difference = np.abs(edited.astype(np.int32) - original.astype(np.int32))[outside]
    if family == "JPEG":
        # Within the re-encoding error: far below what a conversion to sRGB would change.
        assert difference.mean() < 1.5 and np.percentile(difference, 99) <= 8
        if profile is not None:
            converted = to_srgb8(original, profile)[outside]
            assert np.abs(converted.astype(np.int32) - original[outside]).mean() > 2
    else:
        assert difference.max() == 0  # the photo's own values, exactly
        # And on screen (Compare, the gallery): outside the edit the result reads back as the
        # photo itself is shown, whatever its depth, profile or transparency.
        shown = load_image(saved)
        assert np.array_equal(shown[outside], to_srgb8(original, profile)[outside])
    x0, y0, x1, y1 = BOX
    inside = edited[y0 + 5 : y1 - 5, x0 + 5 : x1 - 5].astype(np.int32)
    assert np.abs(inside - original[y0 + 5 : y1 - 5, x0 + 5 : x1 - 5]).mean() > 3  # edited


def test_location_is_stripped_when_asked(tmp_path: Path) -> None:
    photo = adobe_jpeg(tmp_path)
    mask_file, _ = mask_for(photo, tmp_path)
    arguments = [str(photo), "--mask", str(mask_file), "--prompt", "a kite", "--strip-location"]
    [saved] = saved_files(run_cli(*arguments))
    with Image.open(saved) as image:
        exif = image.getexif()
        assert exif[0x010F] == MAKE and exif.get_ifd(0x8769)[0x9003] == TAKEN
        assert not exif.get_ifd(0x8825) and 0x8825 not in exif
        assert b"GPS" not in (image.info.get("xmp") or b"")


@pytest.mark.parametrize("chosen", ["png", "webp", "tiff", "jpeg"])
def test_the_format_can_be_chosen(chosen: str, tmp_path: Path) -> None:
    photo = p3_png(tmp_path)
    mask_file, engine = mask_for(photo, tmp_path)
    arguments = [str(photo), "--mask", str(mask_file), "--prompt", "a kite", "--format", chosen]
    [saved] = saved_files(run_cli(*arguments))
    expected = {"png": "PNG", "webp": "WEBP", "tiff": "TIFF", "jpeg": "JPEG"}[chosen]
    with Image.open(saved) as image:
        assert image.format == expected and image.info.get("icc_profile") == display_p3()
        assert image.getexif()[0x0110] == MODEL


def test_a_whole_edit_comes_back_in_the_photos_colour_space(tmp_path: Path, fake) -> None:
    """The API answers in sRGB at its own size; the saved file is in the photo's space with its
    profile, so that its colours are the ones the API returned."""
    photo = p3_png(tmp_path)
    mask_file, _ = mask_for(photo, tmp_path)
    arguments = [str(photo), "--mask", str(mask_file), "--prompt", "a kite", "--whole"]
    environment = {"IDEOGRAM_PROVIDER": "ideogram", "IDEOGRAM_BASE_URL": fake.base_url}
    from tests.support.fake_ideogram import API_KEY

    [saved] = saved_files(run_cli(*arguments, key=API_KEY, **environment))
    [post] = fake.posts
    sent = post.image("image_file")
    original, _ = decode_photo(photo)
    # What is sent is sRGB: the photo's Display P3 values converted.
    assert np.abs(sent.astype(int) - to_srgb8(original, display_p3()).astype(int)).max() <= 1
    returned = np.asarray(Image.open(io.BytesIO(next(iter(fake.images.values())))).convert("RGB"))
    edited, info = decode_photo(saved)
    assert info.icc_profile == display_p3()
    shown = to_srgb8(edited, display_p3())
    assert np.abs(shown.astype(int) - returned.astype(int)).mean() < 1.0


def test_an_srgb_photo_edited_whole_keeps_the_returned_png_bytes(tmp_path: Path, fake) -> None:
    from tests.support.fake_ideogram import API_KEY

    mask_file, _ = mask_for(SAMPLES / "chelsea.png", tmp_path)
    arguments = [str(SAMPLES / "chelsea.png"), "--mask", str(mask_file), "--prompt", "a kite"]
    environment = {"IDEOGRAM_PROVIDER": "ideogram", "IDEOGRAM_BASE_URL": fake.base_url}
    [saved] = saved_files(run_cli(*arguments, "--whole", key=API_KEY, **environment))
    returned = next(iter(fake.images.values()))
    assert idat(saved.read_bytes()) == idat(returned)


def idat(png: bytes) -> bytes:
    position, data = 8, b""
    while position < len(png):
        length = int.from_bytes(png[position : position + 4], "big")
        if png[position + 4 : position + 8] == b"IDAT":
            data += png[position + 8 : position + 8 + length]
        position += 12 + length
    return data


def generate_from(document, qtbot, **changes):  # noqa: ANN001, ANN003, ANN201
    """Set the options, Generate through the document, and wait for the job to be done."""
    from ideogram_studio.backends.request import MagicPrompt
    from ideogram_studio.jobs.queue import JobState

    options = dataclasses.replace(document.options, magic_prompt=MagicPrompt.OFF, **changes)
    document.set_options(options)
    record = document.generate()
    assert record is not None
    qtbot.waitUntil(lambda: record.state is JobState.DONE, timeout=20000)
    return options, record


def test_the_document_edits_a_camera_jpeg_in_its_own_terms(
    qtbot, remote, make_document, tmp_path: Path
) -> None:
    """Through the window's document: the canvas shows sRGB, the API gets sRGB, the file gets
    the photo's own values, profile and EXIF; the session copy keeps them too."""
    from ideogram_studio.jobs.session import Session

    photo = adobe_jpeg(tmp_path)
    document = make_document()
    document.open(photo)
    original, info = decode_photo(photo)
    assert np.array_equal(document.photo.pixels, original)
    assert (document.photo.width, document.photo.height) == (HEIGHT, WIDTH)  # upright
    assert np.array_equal(document.pixels, to_srgb8(original, ADOBE_RGB))  # the screen's
    x0, y0, x1, y1 = 40, 300, 200, 420
    document.apply(lambda engine: engine.fill_rect(x0, y0, x1, y1))
    options, record = generate_from(document, qtbot, prompt="a red kite", edit_region=True)
    [post] = remote.posts
    sent = post.image("image_file").astype(int)
    # The region's crop is sent in sRGB: the photo's values converted, at the size sent.
    x, y, width, height = record.job.region["crop"]
    crop = to_srgb8(original, ADOBE_RGB)[y : y + height, x : x + width]
    expected = cv2.resize(crop, (sent.shape[1], sent.shape[0]), interpolation=cv2.INTER_AREA)
    assert np.abs(sent - expected.astype(int)).mean() < 1.0
    unconverted = cv2.resize(
        original[y : y + height, x : x + width], (sent.shape[1], sent.shape[0])
    )
    assert np.abs(sent - unconverted.astype(int)).mean() > 2
    [saved] = [item.path for item in record.items if item.path is not None]
    assert saved.suffix == ".jpg"
    edited, saved_info = decode_photo(saved)
    assert saved_info.icc_profile == ADOBE_RGB and saved_info.format == "JPEG"
    engine = np.zeros(original.shape[:2], np.uint8)
    engine[y0:y1, x0:x1] = 255
    outside = ~edit_area(engine, options.feather)
    difference = np.abs(edited.astype(int) - original.astype(int))[outside]
    assert difference.mean() < 1.5
    with Image.open(saved) as image:
        assert image.getexif().get_ifd(0x8769)[0xA434] == LENS
    document.session.flush()
    restored = Session(tmp_path / "session").restore()
    assert restored is not None and np.array_equal(restored.photo.pixels, original)
    assert restored.photo.info.icc_profile == ADOBE_RGB
    assert restored.photo.info.format == "JPEG"


@pytest.mark.parametrize("region", [True, False], ids=["region", "whole"])
@pytest.mark.parametrize("kind", sorted(PHOTOS))
def test_the_document_sends_srgb_and_saves_in_the_photos_terms(
    kind: str, region: bool, qtbot, remote, make_document, tmp_path: Path
) -> None:
    """Every kind of photo through the document, with a soft brush stroke: the API gets sRGB
    and a mask black wherever the stroke shows; the file gets the photo's own terms."""
    from ideogram_studio.core.brush import Brush

    make, family, profile = PHOTOS[kind]
    photo = make(tmp_path)
    document = make_document()
    document.open(photo)
    original, _ = decode_photo(photo)
    engine = document.engine
    engine.brush = Brush(radius=40, hardness=0.2)

    def stroke(mask):  # noqa: ANN001, ANN202
        mask.begin_stroke(150, 200)
        mask.stroke_to(300, 260)
        return mask.end_stroke()

    document.apply(stroke)
    painted = engine.copy()
    assert ((painted > 0) & (painted < 128)).sum() > 500  # a real soft edge
    options, record = generate_from(document, qtbot, prompt="a kite", edit_region=region)
    [post] = remote.posts
    sent_mask = post.image("mask")
    sent = post.image("image_file")
    if not region:
        # The whole photo: every pixel the stroke touched is black (edit), no other.
        assert np.array_equal(sent_mask == 0, painted > 0)
        expected = to_srgb8(original, profile)
        if expected.shape[2] == 4:  # transparency is sent over white
            alpha = expected[:, :, 3:].astype(int)
            expected = (expected[:, :, :3] * alpha + 255 * (255 - alpha) + 127) // 255
        assert np.abs(sent.astype(int) - expected.astype(int)).max() <= 1
    [saved] = [item.path for item in record.items if item.path is not None]
    edited, info = decode_photo(saved)
    with Image.open(saved) as image:
        assert image.format == family and info.icc_profile == profile
    # The history's thumbnail of the photo is in sRGB, as the screen shows it.
    [row] = document.archive.page()
    shown_thumb = cv2.cvtColor(cv2.imdecode(np.frombuffer(row.thumb, np.uint8), 1), 4)
    expected_thumb = thumbnail(to_srgb8(original, profile)[:, :, :3], shown_thumb.shape[1])
    difference = shown_thumb.mean(axis=(0, 1)) - expected_thumb.mean(axis=(0, 1))
    assert np.abs(difference).max() < 1.5  # in colour; JPEG's noise averages out
    if region:
        assert edited.shape == original.shape and edited.dtype == original.dtype
        outside = ~edit_area(painted, options.feather)
        difference = np.abs(edited.astype(int) - original.astype(int))[outside]
        assert difference.max() == 0 if family != "JPEG" else difference.mean() < 1.5


def test_a_heic_photo_comes_back_as_a_jpeg_with_its_profile_and_exif(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    photo = tmp_path / "iphone.heic"
    Image.fromarray(photo_pixels()).save(
        photo, format="HEIF", quality=90, icc_profile=display_p3(), exif=camera_exif()
    )
    mask_file, engine = mask_for(photo, tmp_path)
    [saved] = saved_files(run_cli(str(photo), "--mask", str(mask_file), "--prompt", "a kite"))
    assert saved.suffix == ".jpg"
    original, _ = decode_photo(photo)
    edited, info = decode_photo(saved)
    assert info.format == "JPEG" and info.icc_profile == display_p3()
    with Image.open(saved) as image:
        assert image.getexif()[0x0110] == MODEL
    outside = ~edit_area(engine, 12)
    difference = np.abs(edited.astype(int) - original.astype(int))[outside]
    assert difference.mean() < 1.5


def test_an_image_fetched_again_is_saved_as_the_edit_would_have(
    tmp_path: Path, fake, studio_home: Path
) -> None:
    """A region edit whose download failed, fetched again later: composited into the photo at
    its size and saved as a JPEG with its profile and EXIF, like the images saved at once."""
    import os
    import subprocess
    import sys

    from ideogram_studio.jobs.archive import JobArchive
    from tests.conftest import REPO
    from tests.support.fake_ideogram import API_KEY, Act

    photo = adobe_jpeg(tmp_path)
    mask_file, engine = mask_for(photo, tmp_path)
    fake.script = [Act(items=["ok", "fail-once"])]
    environment = {"IDEOGRAM_PROVIDER": "ideogram", "IDEOGRAM_BASE_URL": fake.base_url}
    arguments = [str(photo), "--mask", str(mask_file), "--prompt", "a kite", "--region"]
    [first] = saved_files(run_cli(*arguments, "--num-images", "2", key=API_KEY, **environment))
    [row] = JobArchive(studio_home).page()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IDEOGRAM_")}
    env["IDEOGRAM_STUDIO_HOME"] = str(studio_home)
    fetched = subprocess.run(
        [sys.executable, "-m", "ideogram_studio", "fetch", row.job_key],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    [again] = saved_files(fetched)
    assert again.suffix == ".jpg" and again.parent == first.parent
    original, _ = decode_photo(photo)
    edited, info = decode_photo(again)
    assert edited.shape == original.shape and info.icc_profile == ADOBE_RGB
    with Image.open(again) as image:
        assert image.getexif()[0x010F] == MAKE
    outside = ~edit_area(engine, 12)
    assert np.abs(edited.astype(int) - original.astype(int))[outside].mean() < 1.5


def test_the_same_pixels_with_other_metadata_are_kept_apart_in_the_history(tmp_path) -> None:
    """A photo re-saved without its GPS is another photo: its history copy, which Restore and
    Fetch again use, must not bring back the location the user removed."""
    from ideogram_studio.backends.request import EditOptions, EditRequest
    from ideogram_studio.backends.storage import Job
    from ideogram_studio.core.photo import read_copy, read_photo
    from ideogram_studio.jobs.archive import JobArchive

    with_gps = tmp_path / "with.png"
    without = tmp_path / "without.png"
    Image.fromarray(photo_pixels()).save(with_gps, exif=camera_exif())
    Image.fromarray(photo_pixels()).save(without)
    archive = JobArchive(tmp_path / "home")
    mask = np.zeros((HEIGHT, WIDTH), np.uint8)
    mask[10:20, 10:20] = 255
    keys = []
    for path in (with_gps, without):
        photo = read_photo(path)
        request = EditRequest(photo.pixels, mask, EditOptions(prompt="x"), photo.info)
        job = Job(request, "local", "local", (WIDTH, HEIGHT))
        job.source_sha256 = request.source_sha256()
        archive.job_started(job, painted_mask=mask, sent_mask_png=b"", source_name=path.name)
        keys.append(job.source_sha256)
    assert keys[0] != keys[1]
    assert read_copy(archive.source_path(keys[1]), "without.png").info.exif is None
    with Image.open(archive.source_path(keys[1])) as image:
        assert not image.getexif().get_ifd(0x8825)  # no location came back
    with Image.open(archive.source_path(keys[0])) as image:
        assert image.getexif().get_ifd(0x8825)
