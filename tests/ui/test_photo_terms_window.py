"""The window with a camera photo in Adobe RGB (#13): the screen shows it converted, Settings
choose the results' format and strip the location, a result used as input keeps the photo's
profile, and the original saved from the gallery keeps its own values."""

from __future__ import annotations

import json

import numpy as np
from PIL import Image

from ideogram_studio.core.colour import to_srgb8
from ideogram_studio.core.imageio import decode_photo
from ideogram_studio.jobs.queue import JobState
from ideogram_studio.ui.settings_dialog import SettingsDialog
from tests.test_photo_terms import ADOBE_RGB, MAKE, adobe_jpeg
from tests.ui.test_generate_and_gallery import ready_to_generate


def generate(window, qtbot):  # noqa: ANN001, ANN201
    ready_to_generate(window, "a red kite")
    record = window.generate()
    qtbot.waitUntil(lambda: record.state is JobState.DONE, timeout=30000)
    return record, window.gallery.cards[record.number]


def test_settings_choose_the_format_and_strip_the_location(
    window, qtbot, tmp_path, studio_home
) -> None:
    photo = adobe_jpeg(tmp_path)
    assert window.open_image(photo)
    original, _ = decode_photo(photo)
    # The canvas shows the photo converted to sRGB; the document keeps its own values.
    assert np.array_equal(window.canvas.image, to_srgb8(original, ADOBE_RGB))
    assert np.array_equal(window.document.photo.pixels, original)

    record, _card = generate(window, qtbot)
    [first] = [item.path for item in record.items if item.path is not None]
    assert first.suffix == ".jpg"  # the photo's own format by default
    with Image.open(first) as image:
        assert image.getexif().get_ifd(0x8825)  # the location is kept by default

    dialog = SettingsDialog(
        window.document.settings, window.document.keys, window.document.provider().kind, {}
    )
    assert dialog.result_format.currentData() == "auto" and not dialog.strip_location.isChecked()
    dialog.result_format.setCurrentIndex(dialog.result_format.findData("webp"))
    dialog.strip_location.setChecked(True)
    window.apply_settings(dialog)
    stored = json.loads((studio_home / "settings.json").read_text())
    assert stored["result_format"] == "webp" and stored["strip_location"] is True

    record, card = generate(window, qtbot)
    [saved] = [item.path for item in record.items if item.path is not None]
    assert saved.suffix == ".webp"
    with Image.open(saved) as image:
        assert image.format == "WEBP" and image.info["icc_profile"] == ADOBE_RGB
        exif = image.getexif()
        assert exif[0x010F] == MAKE and not exif.get_ifd(0x8825)

    # The thumbnail and the full view are shown in sRGB, not in the file's Adobe RGB values.
    entry = card.entries()[1]
    shown = entry.pixels()
    edited, _ = decode_photo(saved)
    assert np.abs(shown.astype(int) - to_srgb8(edited, ADOBE_RGB).astype(int)).mean() < 1

    # Reopened, the dialog shows what was chosen.
    again = SettingsDialog(
        window.document.settings, window.document.keys, window.document.provider().kind, {}
    )
    assert again.result_format.currentData() == "webp" and again.strip_location.isChecked()


def test_a_result_used_as_input_keeps_the_profile_and_the_original_saves_in_its_terms(
    window, qtbot, tmp_path
) -> None:
    photo = adobe_jpeg(tmp_path)
    assert window.open_image(photo)
    record, card = generate(window, qtbot)
    original_entry, result_entry = card.entries()[0], card.entries()[1]

    target = tmp_path / "original-copy.png"
    assert window.save_entry(original_entry, target)
    copy, copy_info = decode_photo(target)
    assert np.array_equal(copy, window.document.photo.pixels)
    assert copy_info.icc_profile == ADOBE_RGB

    window.use_as_input(result_entry)
    assert window.document.photo.info.icc_profile == ADOBE_RGB
    assert window.document.photo.info.format == "JPEG"
    edited, _ = decode_photo(result_entry.item.path)
    assert np.array_equal(window.document.photo.pixels, edited)
    assert np.array_equal(window.canvas.image, to_srgb8(edited, ADOBE_RGB))


def test_a_jpeg_region_result_shows_no_change_outside_the_edit(window, qtbot, tmp_path) -> None:
    """Saved as JPEG, the result differs from the original file everywhere by compression
    noise; compared with the original saved the same way, only the edit's blocks differ."""
    from tests.ui.test_generate_and_gallery import show_checked

    photo = adobe_jpeg(tmp_path)
    assert window.open_image(photo)
    window.options.region.setChecked(True)
    record, card = generate(window, qtbot)
    result = card.entries()[1]
    assert result.item.path.suffix == ".jpg"
    show_checked(window, qtbot, [result])
    pane = window.compare.panes[1]
    shown = pane.pyramid.arrays[0]
    magenta = (shown == (255, 0, 255)).all(axis=2)
    # JPEG codes 16 x 16 blocks: those the edit's blend reached may change, and no others.
    assert magenta.sum() < 0.01 * magenta.size, pane.caption
