"""The options panel for both edit APIs, driven in the real window: the fields each API takes
and no others, what switching keeps, styles one API lacks, and the rules between Ideogram
3.0's fields said under Generate as soon as the user makes the conflict."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QFormLayout

from ideogram_studio.backends.options import EditApiId, Palette, Swatch
from ideogram_studio.ui import palette_editor, reference_images
from ideogram_studio.ui.options_panel import OptionsPanel
from ideogram_studio.ui.v3_options import ReferenceSection
from tests.conftest import SAMPLES
from tests.ui.helpers import image_drag

LEGACY_ROWS = ["API", "Model", "Magic prompt", "Style", "Seed", "Images", "Provider"]
V3_ROWS = [
    "API",
    "Speed",
    "Magic prompt",
    "Style",
    "References and palette",
    "Seed",
    "Images",
    "Provider",
]
REGION_ROWS = ["Edit a region around the mask, at full resolution"]


def shown_rows(panel: OptionsPanel) -> list[str]:
    """The rows of the panel's form a user sees, by their label (or their own text)."""
    form, shown = panel.form, []
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        spanning = form.itemAt(row, QFormLayout.ItemRole.SpanningRole)
        if label is not None and label.widget() is not None:
            widget = label.widget()
            if widget.isVisibleTo(panel) and widget.text():
                shown.append(widget.text())
        elif spanning is not None and spanning.widget() is not None:
            widget = spanning.widget()
            if not widget.isVisibleTo(panel):
                continue
            if isinstance(widget, ReferenceSection):
                shown.append(widget.header.text())
            elif isinstance(widget, QCheckBox):
                shown.append(widget.text())
    return shown


def choose(combo, data) -> None:  # noqa: ANN001 - a QComboBox and its item's data
    index = combo.findData(data)
    assert index >= 0, f"{data!r} is not offered"
    combo.setCurrentIndex(index)


def ready(window) -> None:  # noqa: ANN001
    """A photo, a painted mask and a prompt: only the options can block Generate now."""
    assert window.open_image(SAMPLES / "chelsea.png")
    image_drag(window.canvas, [(100, 100), (200, 120)])
    window.options.prompt.setPlainText("a knitted hat")
    assert window.options.generate.isEnabled()


def blocker(window) -> str:  # noqa: ANN001
    """The sentence under Generate (empty when Generate is enabled)."""
    panel = window.options
    assert panel.generate.isEnabled() == (panel.reason.text() == "")
    return panel.reason.text() if not panel.reason.isHidden() else ""


def test_each_api_shows_its_fields_and_no_others(window) -> None:
    panel = window.options
    assert panel.chosen_api() is EditApiId.LEGACY  # the default, as before
    assert shown_rows(panel) == LEGACY_ROWS + REGION_ROWS
    assert panel.model.isVisibleTo(panel) and not panel.speed.isVisibleTo(panel)
    assert [panel.api.itemText(i) for i in range(panel.api.count())] == [
        "Ideogram 3.0",
        "Ideogram 2.0 (legacy edit)",
    ]

    choose(panel.api, EditApiId.V3)
    assert shown_rows(panel) == V3_ROWS + REGION_ROWS
    assert not panel.model.isVisibleTo(panel)  # hidden, not just disabled
    assert [panel.speed.itemText(i) for i in range(panel.speed.count())] == [
        "Default",
        "Flash (fastest)",
        "Turbo (fast)",
        "Default, sent by name",
        "Quality (slowest, finest)",
    ]
    styles = [panel.style.itemText(i) for i in range(panel.style.count())]
    assert styles == ["Default", "Auto", "General", "Realistic", "Design", "Fiction"]
    # The section is folded: its tabs show once it is opened.
    section = panel.references
    assert not section.tabs.isVisibleTo(panel) and section.summary.text() == "none set"
    section.header.click()
    assert section.tabs.isVisibleTo(panel)
    tabs = [section.tabs.tabText(i) for i in range(section.tabs.count())]
    assert tabs == ["Style", "Palette", "Character"]

    choose(panel.api, EditApiId.LEGACY)
    assert shown_rows(panel) == LEGACY_ROWS + REGION_ROWS
    styles = [panel.style.itemText(i) for i in range(panel.style.count())]
    assert styles == ["Default", "Auto", "General", "Realistic", "Design", "3D render", "Anime"]


def test_switching_the_api_keeps_what_was_set_for_the_other(window) -> None:
    panel = window.options
    choose(panel.model, "V_2_TURBO")
    choose(panel.api, EditApiId.V3)
    choose(panel.speed, "QUALITY")
    panel.references.codes.setText("8a3f0c21")
    choose(panel.api, EditApiId.LEGACY)

    options = window.document.options
    assert options.api is EditApiId.LEGACY
    assert str(options.model) == "V_2_TURBO" and str(options.speed) == "QUALITY"
    assert options.style_codes == ("8a3f0c21",)  # kept, but not what the legacy edit sends
    assert "rendering_speed" not in options.sent() and "style_codes" not in options.sent()
    assert options.sent()["model"] == "V_2_TURBO"
    assert panel.model.currentData() == "V_2_TURBO"

    choose(panel.api, EditApiId.V3)
    options = window.document.options
    assert panel.speed.currentData() == "QUALITY" and panel.references.codes.text() == "8a3f0c21"
    assert options.sent()["rendering_speed"] == "QUALITY" and "model" not in options.sent()
    assert options.sent()["style_codes"] == ["8a3f0c21"]


def test_a_style_the_other_api_lacks_stays_chosen_and_generate_says_why(window) -> None:
    panel = window.options
    ready(window)
    choose(panel.style, "ANIME")
    choose(panel.api, EditApiId.V3)
    # Not silently turned into another style: shown as not offered, and Generate says so.
    assert panel.style.currentText() == "Anime — not offered by Ideogram 3.0"
    assert str(window.document.options.style_type) == "ANIME"
    assert blocker(window) == "The style “ANIME” is not offered by Ideogram 3.0."

    choose(panel.api, EditApiId.LEGACY)  # back where it is offered: fine again
    assert panel.style.currentText() == "Anime" and blocker(window) == ""
    choose(panel.api, EditApiId.V3)
    choose(panel.style, "FICTION")
    assert "not offered" not in " ".join(
        panel.style.itemText(i) for i in range(panel.style.count())
    )
    assert blocker(window) == ""
    choose(panel.api, EditApiId.LEGACY)
    assert panel.style.currentText() == "Fiction — not offered by the legacy edit (2.0)"
    assert blocker(window) == "The style “FICTION” is not offered by the legacy edit (2.0)."
    choose(panel.style, None)
    assert blocker(window) == "" and window.document.options.style_type is None


def test_style_codes_exclude_a_style_type_and_style_images(window, monkeypatch) -> None:
    panel = window.options
    ready(window)
    choose(panel.api, EditApiId.V3)
    section = panel.references
    section.header.click()
    section.codes.setText("8a3f0c21, 12zz")
    assert blocker(window) == (
        "The style code “12zz” is not 8 hexadecimal characters (like 8a3f0c21)."
    )
    section.codes.setText("8a3f0c21  0F1E2D3C")
    assert blocker(window) == "" and window.document.options.style_codes == (
        "8a3f0c21",
        "0F1E2D3C",
    )
    conflict = (
        "Style codes cannot be combined with a style type or with style reference images: "
        "clear the one or the other."
    )
    choose(panel.style, "AUTO")
    assert blocker(window) == conflict
    choose(panel.style, None)
    assert blocker(window) == ""

    image = str(SAMPLES / "astronaut.png")
    monkeypatch.setattr(reference_images, "pick_image_files", lambda *args: [image])
    section.style_images.add_button.click()
    assert window.document.options.style_refs == (image,)
    assert blocker(window) == conflict
    section.codes.clear()
    assert blocker(window) == ""
    assert section.summary.text() == ""  # open: the tabs say it all
    section.header.click()
    assert section.summary.text() == "1 style image"


def test_style_images_are_listed_with_thumbnails_and_removed(window, monkeypatch) -> None:
    panel = window.options
    choose(panel.api, EditApiId.V3)
    images = panel.references.style_images
    files = [str(SAMPLES / "astronaut.png"), str(SAMPLES / "rocket.jpg")]
    monkeypatch.setattr(reference_images, "pick_image_files", lambda *args: files)
    images.add_button.click()
    images.add_button.click()  # the same files again are not added twice
    assert window.document.options.style_refs == tuple(files)
    assert images.list.count() == 2
    icon = images.list.item(1).icon().pixmap(reference_images.THUMB).toImage()
    assert 0 < max(icon.width(), icon.height()) <= reference_images.THUMB
    assert icon.pixelColor(icon.width() // 2, icon.height() // 2) != QColor("#8a8a90")
    assert images.list.item(1).toolTip() == files[1]
    assert not images.remove_button.isEnabled()
    images.list.item(0).setSelected(True)
    images.remove_button.click()
    assert window.document.options.style_refs == (files[1],)


def test_style_images_over_10_mb_together_are_refused_before_sending(
    window, monkeypatch, tmp_path
) -> None:
    panel = window.options
    ready(window)
    choose(panel.api, EditApiId.V3)
    files = []
    for name in ("first.png", "second.png"):
        file = tmp_path / name
        file.write_bytes(b"\0" * 6_000_000)
        files.append(str(file))
    monkeypatch.setattr(reference_images, "pick_image_files", lambda *args: files)
    panel.references.style_images.add_button.click()
    assert blocker(window) == (
        "The style reference images come to 12.0 MB together; Ideogram takes 10 MB in total: "
        "use fewer or smaller images."
    )
    Path(files[1]).unlink()
    window.document.update_blocker()
    assert blocker(window) == (
        "The reference image second.png cannot be read: it was moved or removed."
    )


def test_a_character_reference_needs_a_style_type_and_its_mask_a_reference(
    window, monkeypatch
) -> None:
    panel = window.options
    ready(window)
    choose(panel.api, EditApiId.V3)
    section = panel.references
    character, mask = str(SAMPLES / "astronaut.png"), str(SAMPLES / "coffee.png")
    monkeypatch.setattr(reference_images, "pick_image_files", lambda *args: [character])
    section.character.choose_button.click()
    assert section.character.name.text() == "astronaut.png"
    assert blocker(window) == (
        "A character reference needs a style type: choose one (Auto will do)."
    )
    choose(panel.style, "AUTO")
    assert blocker(window) == ""
    monkeypatch.setattr(reference_images, "pick_image_files", lambda *args: [mask])
    section.character_mask.choose_button.click()
    options = window.document.options
    assert (options.character_ref, options.character_mask) == (character, mask)
    assert options.sent()["character_reference_images"] == "astronaut.png"
    assert options.sent()["character_reference_images_mask"] == "coffee.png"
    section.character.clear_button.click()
    assert blocker(window) == "A character mask needs a character reference image to go with."
    section.character_mask.clear_button.click()
    assert blocker(window) == "" and window.document.options.character_mask is None


def test_the_palette_is_a_preset_or_custom_swatches_with_weights(window, monkeypatch) -> None:
    panel = window.options
    ready(window)
    choose(panel.api, EditApiId.V3)
    editor = panel.references.palette_editor
    choose(editor.mode, "PASTEL")
    assert window.document.options.palette == Palette(name="PASTEL")
    assert window.document.options.sent()["color_palette"] == {"name": "PASTEL"}

    choose(editor.mode, "custom")
    assert blocker(window) == "The custom palette has no colour in it."
    picked = iter([QColor("#2a9d8f"), QColor("#e76f51"), None, QColor("#264653")])
    monkeypatch.setattr(palette_editor, "pick_colour", lambda *args: next(picked))
    editor.add_button.click()
    editor.add_button.click()
    editor.add_button.click()  # cancelled in the colour dialog: nothing added
    assert [row.color_hex for row in editor.rows] == ["#2a9d8f", "#e76f51"]
    editor.rows[0].weight.setValue(0.5)
    assert window.document.options.palette == Palette(
        members=(Swatch("#2a9d8f", 0.5), Swatch("#e76f51", None))
    )
    assert blocker(window) == ""
    assert window.document.options.sent()["color_palette"] == {
        "members": [{"color_hex": "#2a9d8f", "color_weight": 0.5}, {"color_hex": "#e76f51"}]
    }
    editor.rows[1].colour.click()  # a click on a swatch chooses its colour again
    assert editor.rows[1].colour.text() == "#264653"
    editor.rows[0].weight.setValue(0.01)
    assert blocker(window) == "The weight of #2a9d8f must be from 0.05 to 1.0, not 0.01."
    editor.rows[0].remove.click()
    assert window.document.options.palette == Palette(members=(Swatch("#264653", None),))
    assert blocker(window) == ""

    choose(editor.mode, "EMBER")  # a preset tried, then custom again: the swatches are kept
    choose(editor.mode, "custom")
    assert window.document.options.palette == Palette(members=(Swatch("#264653", None),))
    choose(editor.mode, None)
    assert window.document.options.palette is None
    assert "color_palette" in window.document.options.sent()  # named, sent as nothing
    assert window.document.options.sent()["color_palette"] is None


def test_what_the_user_set_is_what_the_request_carries(window, monkeypatch) -> None:
    panel = window.options
    ready(window)
    choose(panel.api, EditApiId.V3)
    choose(panel.speed, "TURBO")
    choose(panel.magic, "OFF")
    choose(panel.style, "REALISTIC")
    choose(panel.references.palette_editor.mode, "JUNGLE")
    image = str(SAMPLES / "rocket.jpg")
    monkeypatch.setattr(reference_images, "pick_image_files", lambda *args: [image])
    panel.references.style_images.add_button.click()
    panel.set_seed(1234)
    panel.count.setValue(2)

    request = window.document.build_request()
    assert request.describe() == {
        "api": "v3",
        "prompt": "a knitted hat",
        "magic_prompt": "OFF",
        "rendering_speed": "TURBO",
        "style_type": "REALISTIC",
        "style_codes": None,
        "style_reference_images": ["rocket.jpg"],
        "color_palette": {"name": "JUNGLE"},
        "character_reference_images": None,
        "character_reference_images_mask": None,
        "seed": 1234,
        "num_images": 2,
        "image_size": [451, 300],
    }
    assert request.options.style_refs == (image,)  # the file itself, read when it is sent


@pytest.mark.parametrize("speed", [None, "FLASH", "DEFAULT", "QUALITY"])
def test_every_speed_is_shown_back_as_it_was_set(window, speed) -> None:
    """A speed restored by name (the CLI's --speed DEFAULT too) shows as itself."""
    import dataclasses

    from ideogram_studio.backends.options import RenderingSpeed

    options = dataclasses.replace(
        window.document.options,
        api=EditApiId.V3,
        speed=RenderingSpeed(speed) if speed else None,
    )
    window.document.set_options(options)
    assert window.options.speed.currentData() == speed
    assert window.options.options() == window.document.options


def test_a_swatch_shows_exactly_the_colour_that_is_sent(qtbot) -> None:
    from ideogram_studio.backends.options import Swatch

    row = palette_editor.SwatchRow(Swatch("#0000ff", 0.5))
    qtbot.addWidget(row)
    row.resize(300, 30)
    row.show()
    qtbot.waitExposed(row)
    shot = row.colour.grab().toImage()
    sample = shot.pixelColor(4, shot.height() // 2)  # beside the text, inside the border
    assert (sample.red(), sample.green(), sample.blue()) == (0, 0, 255)


def test_every_reference_picker_opens_where_the_last_reference_came_from(
    window, monkeypatch, tmp_path
) -> None:
    from ideogram_studio.backends.options import EditApiId

    panel = window.options
    choose(panel.api, EditApiId.V3)
    image = tmp_path / "look.png"
    Image.new("RGB", (16, 16), "teal").save(image)
    opened = []

    def pick(parent, title, folder, many):  # noqa: ANN001, ANN202
        opened.append(folder)
        return [str(image)]

    monkeypatch.setattr(reference_images, "pick_image_files", pick)
    panel.references.style_images.add_button.click()
    panel.references.character.choose_button.click()
    assert opened[1] == str(tmp_path)  # the character's picker starts where the style's ended
