"""The History panel and the session that survives a restart, driven through the real window."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt

from ideogram_studio.core.tools import Tool
from ideogram_studio.jobs.queue import JobState
from ideogram_studio.ui.canvas import BRUSH_SHARE
from ideogram_studio.ui.main_window import MainWindow
from tests.conftest import SAMPLES
from tests.ui.helpers import image_drag, painted


def run_job(window, qtbot, prompt: str = "a woolly hat", count: int = 2):  # noqa: ANN001, ANN201
    window.options.prompt.setPlainText(prompt)
    window.options.count.setValue(count)
    record = window.generate()
    qtbot.waitUntil(lambda: not record.state.active, timeout=30000)
    assert record.state is JobState.DONE
    return record


def test_history_lists_jobs_and_restores_photo_mask_and_settings(window, qtbot) -> None:
    window.open_image(SAMPLES / "chelsea.png")
    image_drag(window.canvas, [(100, 100), (200, 120)])
    painted_mask = window.canvas.engine.copy()
    window.options.style.setCurrentIndex(window.options.style.findData("DESIGN"))
    run_job(window, qtbot)
    window.side_tabs.setCurrentWidget(window.history_panel)
    tree = window.history_panel.tree
    assert tree.topLevelItemCount() == 1
    job_item = tree.topLevelItem(0)
    assert job_item.text(0).startswith("a woolly hat")
    assert "Local (offline)" in job_item.text(0) and "2 images" in job_item.text(0)
    assert job_item.childCount() == 2 and not job_item.icon(0).isNull()

    # Move on to something else entirely, then restore.
    window.open_image(SAMPLES / "coffee.png")
    window.options.prompt.setPlainText("other")
    window.options.style.setCurrentIndex(0)
    tree.setCurrentItem(job_item.child(1))
    window.history_panel.restore_button.click()
    assert window.document_name == "chelsea.png"
    assert np.array_equal(
        window.image,
        np.asarray(Image.open(SAMPLES / "chelsea.png").convert("RGB")),
    )
    assert np.array_equal(window.canvas.engine.data, painted_mask)
    options = window.options.options()
    assert options.prompt == "a woolly hat" and str(options.style_type) == "DESIGN"
    assert options.num_images == 2
    assert window.options.generate.isEnabled()  # ready to generate again


def test_history_search_favourites_and_delete(window, qtbot, monkeypatch) -> None:
    window.open_image(SAMPLES / "chelsea.png")
    image_drag(window.canvas, [(100, 100), (200, 120)])
    first = run_job(window, qtbot, "a red scarf", 1)
    run_job(window, qtbot, "a blue hat", 1)
    panel = window.history_panel
    window.side_tabs.setCurrentWidget(panel)
    assert panel.tree.topLevelItemCount() == 2
    panel.search.setText("scarf")
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 1)
    scarf = panel.tree.topLevelItem(0)
    panel.tree.setCurrentItem(scarf)  # a job row: the disabled ★ says why
    assert not panel.favourite_button.isEnabled()
    assert "choose one of its images" in panel.favourite_button.toolTip()
    panel.tree.setCurrentItem(scarf.child(0))
    assert panel.favourite_button.isEnabled()
    panel.favourite_button.click()
    assert scarf.child(0).text(0).startswith("★")
    panel.search.setText("")
    panel.favourites.setChecked(True)
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 1)
    assert panel.tree.topLevelItem(0).text(0).startswith("a red scarf")
    panel.favourites.setChecked(False)
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 2)

    asked = []
    monkeypatch.setattr(
        MainWindow, "ask_confirm", lambda self, title, text: asked.append(text) or True
    )
    hat = next(
        panel.tree.topLevelItem(i)
        for i in range(2)
        if "blue hat" in panel.tree.topLevelItem(i).text(0)
    )
    hat_file = hat.data(0, Qt.ItemDataRole.UserRole)[0].results[0].path
    panel.tree.setCurrentItem(hat)
    panel.delete_button.click()
    assert asked and "1 image will be deleted" in asked[0]
    assert not hat_file.exists() and panel.tree.topLevelItemCount() == 1
    panel.purge_button.click()  # the scarf has a favourite: it stays
    assert panel.tree.topLevelItemCount() == 1
    assert first.items[0].path.exists()


def test_the_last_photo_and_mask_come_back_on_the_next_start(qtbot, studio_home) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.open_image(SAMPLES / "chelsea.png")
    image_drag(first.canvas, [(50, 50), (250, 60)])
    first.options.prompt.setPlainText("a bow tie")
    first.document.autosave()
    first.document.session.flush()
    mask = first.canvas.engine.copy()
    first.close()

    second = MainWindow()
    qtbot.addWidget(second)
    assert second.restore_session()
    assert second.document_name == "chelsea.png"
    assert np.array_equal(second.canvas.engine.data, mask)
    assert second.options.prompt_text() == "a bow tie"
    assert painted(second.canvas.engine.data).any() and second.options.generate.isEnabled()
    second.close()


def test_restoring_a_job_whose_photo_copy_is_gone_says_so(window, qtbot) -> None:
    window.open_image(SAMPLES / "chelsea.png")
    image_drag(window.canvas, [(100, 100), (200, 120)])
    run_job(window, qtbot, "a scarf", 1)
    window.open_image(SAMPLES / "coffee.png")
    job = window.history.page()[0]
    window.history.source_path(job.source_sha256).unlink()
    window.restore_job(job, None)
    assert "no longer in the history folder" in window.error_banner.text()
    assert window.document_name == "coffee.png"  # what was open stays open


def test_layout_options_and_tools_are_remembered_between_runs(qtbot, remote) -> None:
    # With a key: the local backend would limit the count to 2
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(1300, 850)
    first.show()
    qtbot.waitExposed(first)
    first.splitter.setSizes([900, 400])
    sizes = first.splitter.sizes()
    size = first.size()
    first.options.style.setCurrentIndex(first.options.style.findData("ANIME"))
    first.options.count.setValue(3)
    first.options.feather.setValue(20)
    assert first.open_image(SAMPLES / "chelsea.png")  # 451 x 300
    first.canvas.set_brush(60, 0.8)  # a fifth of the shorter side
    first.canvas.set_overlay(opacity=0.3)
    first.last_folder = str(SAMPLES)
    first.close()

    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == size and second.splitter.sizes() == sizes
    assert second.options.style.currentData() == "ANIME" and second.options.count.value() == 3
    assert second.options.feather.value() == 20
    assert second.last_folder == str(SAMPLES)  # kept from the last run, before any photo
    assert second.open_image(SAMPLES / "chelsea.png")
    assert second.canvas.brush_diameter == pytest.approx(60) and second.size_box.value() == 60
    assert second.canvas.brush_hardness == 0.8 and second.opacity.value() == 30
    assert second.last_folder == str(SAMPLES)
    second.close()


def test_light_and_dark_appearance_is_chosen_and_remembered(qtbot) -> None:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from ideogram_studio.ui.appearance import Appearance

    def window_lightness() -> int:
        return QApplication.palette().color(QPalette.ColorRole.Window).lightness()

    first = MainWindow()
    qtbot.addWidget(first)
    assert first.appearance_actions[Appearance.SYSTEM].isChecked()
    first.appearance_actions[Appearance.DARK].trigger()
    assert window_lightness() < 80
    icon = first.tool_actions[Tool.BRUSH].icon().pixmap(32, 32).toImage()
    assert icon.pixelColor(16, 16).lightness() > 180  # light ink on the dark theme
    first.close()

    second = MainWindow()
    qtbot.addWidget(second)
    assert second.appearance is Appearance.DARK and window_lightness() < 80
    second.appearance_actions[Appearance.LIGHT].trigger()
    assert window_lightness() > 200
    icon = second.tool_actions[Tool.BRUSH].icon().pixmap(32, 32).toImage()
    assert icon.pixelColor(16, 16).lightness() < 80
    second.close()


def write_ini(home, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "window.ini").write_text(text, encoding="utf-8")


def test_a_window_ini_of_the_first_version_still_loads(qtbot, studio_home, remote) -> None:
    """That version kept combo box positions: model 1 = V_2_TURBO, magic 2 = On (after
    Default and Auto), style 3 = Realistic (after Default, Auto, General)."""
    write_ini(
        studio_home,
        "[options]\nmodel=1\nmagic=2\nstyle=3\ncount=4\nmargin=0\nfeather=30\n"
        "brush=80\nhardness=0.25\noverlay=#00ff00\nopacity=0.4\n",
    )
    window = MainWindow()
    qtbot.addWidget(window)
    options = window.document.options
    assert (str(options.model), str(options.magic_prompt), str(options.style_type)) == (
        "V_2_TURBO",
        "ON",
        "REALISTIC",
    )
    assert options.num_images == 4 and options.margin is None and options.feather == 30
    assert window.options.model.currentData() == "V_2_TURBO"  # the panel shows them
    assert window.options.style.currentData() == "REALISTIC"
    assert window.canvas.brush_hardness == 0.25 and window.canvas.overlay_colour.name() == "#00ff00"
    # Its brush=80 was pixels of some photo: no size for the next, which gets its own share.
    assert window.canvas.brush_share == BRUSH_SHARE
    window.close()
    saved = (studio_home / "window.ini").read_text(encoding="utf-8")
    assert "model=V_2_TURBO" in saved and "style_type=REALISTIC" in saved  # now by name


def test_an_unknown_saved_option_falls_back_to_the_default(qtbot, studio_home) -> None:
    write_ini(
        studio_home,
        "[document]\nmodel=V_1_RETIRED\nmagic_prompt=SOMETIMES\nstyle_type=ANIME\n"
        "num_images=99\nfeather=-4\n",
    )
    window = MainWindow()
    qtbot.addWidget(window)
    options = window.document.options
    assert str(options.model) == "V_2" and options.magic_prompt is None  # the defaults
    assert str(options.style_type) == "ANIME"  # what is still known is kept
    assert options.num_images == 1 and options.feather == 12
    assert window.options.model.currentData() == "V_2" and window.options.count.value() == 1
    assert window.error_banner.isHidden()
    window.close()


def test_prompts_and_server_messages_show_as_plain_text(window, qtbot, remote) -> None:
    from PySide6.QtGui import QTextDocument

    from tests.support.fake_ideogram import Act

    def shown(rich: str) -> str:
        document = QTextDocument()
        document.setHtml(rich)
        return document.toPlainText()

    window.open_image(SAMPLES / "chelsea.png")
    image_drag(window.canvas, [(100, 100), (200, 120)])
    remote.script = [Act(status=400, body={"error": "<b>bad</b> <mask> field"})]
    window.options.prompt.setPlainText("a <SALE> sign & more")
    record = window.generate()
    qtbot.waitUntil(lambda: not record.state.active, timeout=20000)
    card = window.gallery.cards[record.number]
    assert card.number.text() == f"#{record.number}"
    assert card.title.textFormat() == Qt.TextFormat.PlainText
    assert card.title.text() == "a <SALE> sign & more"
    assert shown(card.title.toolTip()) == "a <SALE> sign & more"
    assert card.message.textFormat() == Qt.TextFormat.PlainText
    assert "“<b>bad</b> <mask> field”" in card.message.text()
    window.side_tabs.setCurrentWidget(window.history_panel)
    item = window.history_panel.tree.topLevelItem(0)
    assert "<b>bad</b> <mask> field" in shown(item.toolTip(0))
    window.show_error("A <server> said <i>no</i>.")
    assert window.error_banner.textFormat() == Qt.TextFormat.PlainText


def test_history_fetches_again_what_a_failed_download_lost(
    window, qtbot, remote, monkeypatch
) -> None:
    """The links are signed: fetching again needs no key (in the window it lives in Settings,
    not in the environment)."""
    from tests.support.fake_ideogram import Act

    window.open_image(SAMPLES / "chelsea.png")
    image_drag(window.canvas, [(100, 100), (200, 120)])
    remote.script = [Act(items=["ok", "fail-once"])]
    window.options.prompt.setPlainText("a scarf")
    record = window.generate()
    qtbot.waitUntil(lambda: not record.state.active, timeout=20000)
    assert record.message.endswith("History ▸ Fetch again can still save the others.")
    monkeypatch.delenv("IDEOGRAM_API_KEY")
    monkeypatch.delenv("IDEOGRAM_BASE_URL")
    window.side_tabs.setCurrentWidget(window.history_panel)
    [job] = window.history.page()
    assert job.state == "partly saved"
    window.history_panel.tree.setCurrentItem(window.history_panel.tree.topLevelItem(0))
    assert window.history_panel.fetch_button.isEnabled()
    window.history_panel.fetch_button.click()
    qtbot.waitUntil(lambda: "images fetched" in window.statusBar().currentMessage(), timeout=20000)
    assert window.statusBar().currentMessage() == "1 of 1 images fetched."
    [job] = window.history.page()
    assert job.state == "done" and all(r.path and r.path.exists() for r in job.results)
    assert len(remote.posts) == 1  # fetched, never sent again
    # The job's card under Results shows the fetched image, not "Not available" any more.
    second = window.gallery.cards[record.number].entries()[2]
    assert second.is_image and second.item.path == job.results[1].path
    tile = window.gallery.cards[record.number].thumbs.item(2)
    assert tile.text() == second.title and tile.toolTip() == ""


def test_the_chosen_provider_and_the_whole_session_come_back_after_quitting(
    window, qtbot, monkeypatch
) -> None:
    from ideogram_studio.backends.providers import ProviderKind

    for name in ("IDEOGRAM_PROVIDER", "IDEOGRAM_BASE_URL", "IDEOGRAM_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    window.open_image(SAMPLES / "chelsea.png")
    image_drag(window.canvas, [(100, 100), (200, 120)])
    panel = window.options
    panel.provider.setCurrentIndex(panel.provider.findData(ProviderKind.RELAY))
    panel.provider.activated.emit(panel.provider.currentIndex())  # as a click does
    panel.prompt.setPlainText("a paper lantern")
    panel.region.setChecked(True)
    panel.feather.setValue(31)
    window.document.flush()
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.restore_session()
    assert again.options.provider.currentData() == ProviderKind.RELAY
    assert again.document.provider().kind is ProviderKind.RELAY
    restored = again.options.options()
    assert restored.prompt == "a paper lantern" and restored.edit_region and restored.feather == 31
    assert again.document.mask_has_area
    again.jobs.shutdown()
