"""Ideogram 3.0 jobs from the window: what the history records, results used as references,
and a past job, the session and the preferences brought back with their API and fields."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QMenu

from ideogram_studio.backends.apis import API_MODULES
from ideogram_studio.backends.options import EditApiId, Palette
from ideogram_studio.jobs.queue import JobState
from ideogram_studio.ui import reference_images
from ideogram_studio.ui.main_window import MainWindow
from tests.conftest import SAMPLES
from tests.ui.helpers import image_drag
from tests.ui.test_edit_api_fields import blocker, choose, ready


def set_up_v3(window, monkeypatch, image: str = str(SAMPLES / "astronaut.png")) -> str:  # noqa: ANN001
    """A 3.0 edit with a speed, a style, a palette and a style image; returns the image."""
    panel = window.options
    choose(panel.api, EditApiId.V3)
    choose(panel.speed, "QUALITY")
    choose(panel.style, "FICTION")
    choose(panel.references.palette_editor.mode, "PASTEL")
    monkeypatch.setattr(reference_images, "pick_image_files", lambda *args: [image])
    panel.references.style_images.add_button.click()
    panel.set_seed(77)
    return image


def run(window, qtbot):  # noqa: ANN001, ANN201 - a JobRecord
    record = window.generate()
    assert record is not None
    qtbot.waitUntil(lambda: not record.state.active, timeout=30000)
    assert record.state is JobState.DONE, record.message
    return record


def test_a_3_0_job_with_the_local_provider_records_its_api_and_fields(
    window, qtbot, monkeypatch
) -> None:
    ready(window)
    set_up_v3(window, monkeypatch)
    assert window.document.provider().kind.value == "local"
    run(window, qtbot)
    [job] = window.history.page()
    parameters = job.parameters
    assert parameters["api"] == "v3"
    assert parameters["rendering_speed"] == "QUALITY" and parameters["style_type"] == "FICTION"
    assert parameters["style_reference_images"] == ["astronaut.png"]
    assert parameters["color_palette"] == {"name": "PASTEL"}
    assert parameters["seed"] == 77 and "model" not in parameters
    assert "magic_prompt_option" not in parameters  # the legacy edit's name, not 3.0's
    window.side_tabs.setCurrentWidget(window.history_panel)
    line = window.history_panel.tree.topLevelItem(0).text(0).splitlines()[1]
    assert f"#{job.id} · " in line and " · Local (offline) · Ideogram 3.0 · 1 image" in line


def test_a_result_becomes_a_style_or_character_reference_from_its_card(
    window, qtbot, monkeypatch
) -> None:
    ready(window)
    record = run(window, qtbot)
    card = window.gallery.cards[record.number]
    original, result = card.entries()[:2]
    gallery = window.gallery
    style_action = gallery.menu_actions["Use as style reference"]
    window.gallery.select([original])
    assert not style_action.isEnabled()  # the original is the photo being edited
    window.gallery.select([result])
    assert style_action.isEnabled()
    # The card's context menu offers it, as the More menu does.
    shown: list[QMenu] = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, *args: shown.append(menu))
    tile = card.thumbs.visualItemRect(card.thumbs.item(1)).center()
    card.thumbs.customContextMenuRequested.emit(tile)
    texts = [action.text() for action in shown[0].actions()]
    assert "Use as style reference" in texts and "Use as character reference" in texts

    assert window.options.chosen_api() is EditApiId.LEGACY
    style_action.trigger()
    panel, path = window.options, str(result.item.path)
    assert panel.chosen_api() is EditApiId.V3  # only 3.0 takes a style reference
    assert window.document.options.style_refs == (path,)
    assert panel.references.tabs.isVisibleTo(panel) and panel.references.tabs.currentIndex() == 0
    assert panel.references.style_images.list.item(0).toolTip() == path
    assert result.item.path.name in window.statusBar().currentMessage()

    gallery.menu_actions["Use as character reference"].trigger()
    assert window.document.options.character_ref == path
    assert panel.references.tabs.currentIndex() == 2
    assert blocker(window) == (
        "A character reference needs a style type: choose one (Auto will do)."
    )


def test_a_3_0_job_restored_from_history_shows_its_api_and_fields(
    window, qtbot, monkeypatch, tmp_path
) -> None:
    ready(window)
    image = str(tmp_path / "astronaut.png")
    shutil.copy(SAMPLES / "astronaut.png", image)
    image = set_up_v3(window, monkeypatch, image)
    run(window, qtbot)
    panel = window.options
    choose(panel.api, EditApiId.LEGACY)
    choose(panel.style, "ANIME")

    [job] = window.history.page()
    window.restore_job(job, job.results[0])
    assert panel.chosen_api() is EditApiId.V3
    assert panel.speed.currentData() == "QUALITY" and panel.style.currentData() == "FICTION"
    assert panel.references.palette_editor.mode.currentData() == "PASTEL"
    assert panel.references.style_images.files() == (image,)  # its file is still set here
    assert panel.options() == window.document.options
    assert window.error_banner.isHidden() and panel.generate.isEnabled()

    # The history keeps the reference images' paths, not copies: one gone since is named.
    panel.references.style_images.list.selectAll()
    panel.references.style_images.remove_button.click()
    window.restore_job(job, job.results[0])
    assert panel.references.style_images.files() == (image,)  # back from where it is
    Path(image).unlink()
    window.restore_job(job, job.results[0])
    assert panel.references.style_images.files() == ()
    assert window.error_banner.text() == (
        "The history keeps no copy of reference images: add astronaut.png again to use them."
    )


def test_the_session_and_the_preferences_bring_back_the_api_by_name(
    qtbot, monkeypatch, studio_home
) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    assert first.open_image(SAMPLES / "chelsea.png")
    image_drag(first.canvas, [(50, 50), (250, 60)])
    first.options.prompt.setPlainText("a bow tie")
    image = set_up_v3(first, monkeypatch)
    first.options.references.codes.setText("8a3f0c21")
    first.document.flush()
    first.close()
    saved = (studio_home / "window.ini").read_text(encoding="utf-8")
    assert "api=v3" in saved and "speed=QUALITY" in saved and "style_type=FICTION" in saved

    second = MainWindow()
    qtbot.addWidget(second)
    panel = second.options
    assert panel.chosen_api() is EditApiId.V3 and panel.speed.currentData() == "QUALITY"
    assert panel.model.isHidden() and not panel.speed.isHidden()
    assert second.restore_session()
    options = second.document.options
    assert options.style_refs == (image,) and options.palette == Palette(name="PASTEL")
    assert options.style_codes == ("8a3f0c21",)
    assert panel.references.codes.text() == "8a3f0c21"
    assert panel.references.style_images.files() == (image,)
    assert panel.options() == options
    # The codes and the style image conflict: said at once, as when they were set.
    assert "Style codes cannot be combined" in blocker(second)
    second.close()


def test_a_3_0_job_for_the_remote_provider_goes_to_its_3_0_path(window, remote) -> None:
    ready(window)
    choose(window.options.api, EditApiId.V3)
    document = window.document
    assert document.api == "v3"
    assert document.provider().provider().endpoint_for(document.api) == (
        remote.base_url + "/v1/ideogram-v3/inpaint"
    )


def test_an_api_this_build_cannot_send_is_said_under_generate(window, remote, monkeypatch):
    monkeypatch.delitem(API_MODULES, "v3", raising=False)
    ready(window)
    choose(window.options.api, EditApiId.V3)
    assert (
        blocker(window) == "This version of Ideogram Studio cannot send edits to Ideogram 3.0 yet."
    )
    assert window.generate() is None


def test_a_provider_without_a_3_0_path_says_so_under_generate(window, monkeypatch) -> None:
    from ideogram_studio.backends.settings import Endpoint

    monkeypatch.setenv("IDEOGRAM_API_KEY", "test-key")
    settings = window.document.settings
    settings.endpoints["custom"] = Endpoint("https://proxy.example", "/edit")
    settings.provider = "custom"
    window.document.settings_saved(settings)
    ready(window)
    choose(window.options.api, EditApiId.V3)
    assert blocker(window) == "This provider has no path set for the “v3” API."
    choose(window.options.api, EditApiId.LEGACY)
    assert blocker(window) == ""
