"""Generating from the window against the loopback fake server, and what the gallery offers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from ideogram_studio.backends.storage import PROVENANCE_KEY
from ideogram_studio.core.tools import Tool
from ideogram_studio.jobs.queue import JobState
from tests.backends.helpers import files_in
from tests.conftest import SAMPLES
from tests.support.fake_ideogram import API_KEY, Act
from tests.ui.helpers import image_drag, painted


def ready_to_generate(window, prompt: str = "a red bow tie") -> None:
    window.canvas.set_tool(Tool.RECTANGLE)
    image_drag(window.canvas, [(150, 100), (300, 200)])
    window.options.prompt.setPlainText(prompt)


def card_titles(window, number: int) -> list[str]:
    return [entry.title for entry in window.gallery.cards[number].entries()]


def test_generate_is_disabled_with_the_reason_until_the_request_is_valid(window) -> None:
    button, reason = window.options.generate, window.options.reason
    assert not button.isEnabled() and reason.text() == "Open a photo to edit first."
    window.open_image(SAMPLES / "chelsea.png")
    assert reason.text() == "Paint over the part of the photo that should change."
    image_drag(window.canvas, [(100, 100), (120, 100)])
    assert reason.text() == "Write a prompt that describes the change (Ctrl+L)."
    window.options.prompt.setPlainText("   ")
    assert not button.isEnabled()
    window.options.prompt.setPlainText("a hat")
    assert button.isEnabled() and not reason.isVisible()
    window.canvas.apply(lambda engine: engine.clear())
    assert not button.isEnabled()
    assert window.generate() is None  # Ctrl+Enter does nothing either


def test_a_remote_provider_without_key_says_where_to_put_it(window, monkeypatch, fake) -> None:
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    window.document.choose_provider(type(window.document.provider().kind)("ideogram"))
    assert window.options.key_status.text() == "No key: add one in Settings"
    assert window.options.reason.text() == (
        "Add your API key in Settings, or choose Local to work offline."
    )
    monkeypatch.setenv("IDEOGRAM_API_KEY", "k")
    window.document.choose_provider(type(window.document.provider().kind)("relay"))
    assert "relay needs a base URL" in window.options.reason.text()  # an input error, shown


def test_generate_runs_in_the_background_and_fills_the_gallery(remote, window, qtbot) -> None:
    remote.script = [Act(delay=0.3, items=["ok", "unsafe", "ok"])]
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    window.options.count.setValue(3)
    window.options.set_seed(1234)
    assert window.options.key_status.text() == "Key set (IDEOGRAM_API_KEY)"
    record = window.generate()
    assert record is not None
    card = window.gallery.cards[record.number]
    assert card.state.text().startswith("Running")
    # The window answers while the job waits on the server.
    ticks = []
    qtbot.waitUntil(lambda: ticks.append(1) or record.state is JobState.DONE, timeout=20000)
    assert len(ticks) > 3
    assert card_titles(window, record.number)[0] == "Original"
    assert len(card.entries()) == 4  # original, 2 results, 1 withheld placeholder
    withheld = card.entries()[-1]
    assert not withheld.is_image and withheld.item.status.value == "withheld"
    labels = [card.thumbs.item(i).text() for i in range(card.thumbs.count())]
    assert labels[0] == "Original" and len(labels) == 4
    assert card.state.text().startswith("Done")
    assert card.message.text() == "2 saved, 1 not available."

    sent = remote.posts[0]
    assert sent.fields["prompt"] == "a red bow tie" and sent.fields["seed"] == "1234"
    assert sent.fields["num_images"] == "3"
    assert sent.headers["Api-Key"] == API_KEY
    mask = sent.image("mask")
    assert mask.shape == (300, 451)
    assert (mask[100:200, 150:300] == 0).all() and (mask[:90] == 255).all()  # black = edit
    folder = window.jobs.store.folder
    names = files_in(folder)
    assert len(names) == 3 and sum(name.endswith("-mask.png") for name in names) == 1
    result = next(folder / n for n in names if n.endswith("-1.png"))
    with Image.open(result) as saved:
        provenance = json.loads(saved.text[PROVENANCE_KEY])
    assert provenance["request"]["prompt"] == "a red bow tie"
    assert API_KEY not in result.read_bytes().decode("latin-1")


def test_a_slow_job_can_be_cancelled_from_its_card(remote, window, qtbot) -> None:
    """The request may be billed once it left: the first press keeps waiting to save what comes
    back and says so; Discard then stops it."""
    remote.script = [Act(delay=5)]
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    record = window.generate()
    card = window.gallery.cards[record.number]
    qtbot.waitUntil(lambda: record.cancel_token.billable, timeout=5000)
    qtbot.wait(200)
    assert card.cancel.isVisible() and card.cancel.text() == "Cancel"
    assert card.thumbs.count() == 2 and len(card.pending) == 1  # a tile for the coming image
    card.cancel.click()
    assert record.state is JobState.RUNNING
    assert "may already be billed" in card.message.text() and card.cancel.text() == "Discard"
    card.cancel.click()
    qtbot.waitUntil(lambda: record.state is JobState.CANCELLED, timeout=3000)
    assert card.message.text() == "Discarded: images that come back are not saved."
    assert card.state.text().startswith("Cancelled")
    assert not card.cancel.isVisible()
    assert card.thumbs.count() == 1 and card.pending == []
    assert files_in(window.jobs.store.folder) == []
    # The user's work is untouched.
    assert painted(window.canvas.engine.data)[150, 200]
    assert window.options.prompt_text() == "a red bow tie"


@pytest.mark.parametrize(
    ("act", "words"),
    [
        (Act(401, {"error": "Unauthorized"}), "API key was refused"),
        (Act(422, {"error": "Prompt provided failed safety check"}), "safety"),
        (Act(500, {"error": "boom"}), "server failed (HTTP 500)"),
        (Act(drop=True), "may have run and been billed"),
    ],
)
def test_errors_are_shown_next_to_the_job_and_nothing_is_lost(remote, window, qtbot, act, words):
    remote.script = [act]
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    mask_before = window.canvas.engine.copy()
    record = window.generate()
    qtbot.waitUntil(lambda: record.state is JobState.FAILED, timeout=20000)
    card = window.gallery.cards[record.number]
    assert words in card.message.text()
    assert card.message.isVisible() and "color" in card.message.styleSheet()
    assert np.array_equal(window.canvas.engine.data, mask_before)
    assert window.options.prompt_text() == "a red bow tie"
    assert window.image is not None
    assert window.options.generate.isEnabled()  # ready to try again


def test_a_dead_server_is_a_network_error_on_the_card(window, monkeypatch, qtbot) -> None:
    monkeypatch.setenv("IDEOGRAM_PROVIDER", "ideogram")
    monkeypatch.setenv("IDEOGRAM_BASE_URL", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("IDEOGRAM_API_KEY", API_KEY)
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    record = window.generate()
    qtbot.waitUntil(lambda: record.state is JobState.FAILED, timeout=30000)
    assert "127.0.0.1:9" in window.gallery.cards[record.number].message.text()


def run_local_job(window, qtbot, count: int = 2):
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    window.options.count.setValue(count)
    record = window.generate()
    qtbot.waitUntil(lambda: record.state is JobState.DONE, timeout=30000)
    return record, window.gallery.cards[record.number]


def test_without_a_key_the_local_backend_runs_the_whole_flow(window, qtbot) -> None:
    assert window.options.key_status.text() == "Offline: no key needed"
    record, card = run_local_job(window, qtbot)
    assert card_titles(window, record.number)[0] == "Original"
    results = card.entries()[1:]
    assert len(results) == 2 and all(e.item.path.exists() for e in results)
    assert results[0].item.path.parent == window.jobs.store.folder


def test_several_jobs_queue_and_each_has_its_card(remote, window, qtbot) -> None:
    window.jobs.max_running = 1
    remote.script = [Act(delay=0.5), Act()]
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    first, second = window.generate(), window.generate()
    assert window.gallery.cards[second.number].state.text() == "Waiting"
    qtbot.waitUntil(lambda: second.state is JobState.DONE, timeout=20000)
    assert window.gallery.cards[first.number].state.text().startswith("Done")


def select(window, *entries) -> None:
    window.gallery.select(list(entries))


def show_checked(window, qtbot, entries) -> None:
    """Compare `entries` with "changes outside the mask" on, both computed in the background."""
    with qtbot.waitSignal(window.compare.ready, timeout=10000):
        window.show_compare(entries)
    with qtbot.waitSignal(window.compare.check_ready, timeout=10000):
        window.compare.check.setChecked(True)


def test_compare_view_shows_results_with_zoom_and_pan_in_sync(window, qtbot) -> None:
    record, card = run_local_job(window, qtbot)
    original, first, second = card.entries()
    select(window, first, second)
    assert window.gallery.buttons["Compare"].isEnabled()
    with qtbot.waitSignal(window.compare.ready, timeout=10000):
        window.gallery.buttons["Compare"].click()
        assert window.pages.currentWidget() is window.compare
        assert window.compare.status.text() == "Loading 3 images…"  # read off the GUI thread
    panes = window.compare.panes
    assert [pane.caption for pane in panes] == ["Original", first.title, second.title]
    qtbot.waitUntil(lambda: all(p.width() > 100 for p in panes))
    window.compare.fit_all()
    pointer = QPointF(panes[1].width() * 0.3, panes[1].height() * 0.4)
    wheel = QWheelEvent(
        pointer,
        QPointF(panes[1].mapToGlobal(pointer.toPoint())),
        QPoint(0, 0),
        QPoint(0, 360),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(panes[1], wheel)
    panes[1].pan_by(-30, 12)
    views = [pane.relative_view() for pane in panes]
    assert views[1][0] == pytest.approx(1.2**3, rel=1e-3)
    for view in views:
        assert view == pytest.approx(views[1], rel=1e-6)
    # Holding backslash shows the original in every pane.
    window.compare.set_flicker(True)
    assert all(pane.show_alternate for pane in panes)
    window.compare.set_flicker(False)
    # Back in the editor, the compare view lets go of its full-size pictures.
    window.show_editor()
    assert window.pages.currentWidget() is window.canvas and window.compare.panes == []


def test_before_after_wipe_and_flicker(window, qtbot) -> None:
    record, card = run_local_job(window, qtbot, count=1)
    result = card.entries()[1]
    select(window, result)
    page = window.wipe
    with qtbot.waitSignal(page.ready, timeout=10000):
        window.gallery.buttons["Before/After"].click()
        assert window.pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.view.width() > 100)
    page.slider.setValue(250)
    assert page.view.split == 0.25
    rect = page.view.image_rect()

    def seen(x: float, y: float) -> np.ndarray:  # the view's colour at an image position
        point = QPointF(rect.left() + rect.width() * x / 451, rect.top() + rect.height() * y / 300)
        colour = page.view.grab().toImage().pixelColor(point.toPoint())
        return np.array([colour.red(), colour.green(), colour.blue()])

    after = np.asarray(Image.open(result.item.path).convert("RGB")).astype(int)
    before = record.request.image.astype(int)
    x, y = 225, 150  # inside the painted rectangle: the edit changed it
    assert np.abs(after[y, x] - before[y, x]).max() > 30
    page.view.set_split(0.0)  # all "after"
    assert page.slider.value() == 0
    assert np.abs(seen(x, y) - after[y, x]).max() < 25
    page.set_flicker(True)  # held key: all "before"
    assert np.abs(seen(x, y) - before[y, x]).max() < 25
    page.set_flicker(False)
    page.view.set_split(1.0)  # the split moved right: "before" again
    assert np.abs(seen(x, y) - before[y, x]).max() < 25
    window.show_editor()  # leaving the wipe frees both pictures
    assert page.view.after is None and not page.view.has_image


def test_use_as_input_keeps_or_clears_the_mask(window, qtbot, monkeypatch) -> None:
    record, card = run_local_job(window, qtbot, count=1)
    result = card.entries()[1]
    result_pixels = np.asarray(Image.open(result.item.path).convert("RGB"))
    monkeypatch.setattr(type(window), "ask_keep_mask", lambda self: "keep")
    mask_before = window.canvas.engine.copy()
    window.use_as_input(result)
    assert np.array_equal(window.image, result_pixels)
    assert np.array_equal(window.canvas.engine.data, mask_before)
    assert window.canvas.mask_visible
    assert window.windowTitle().startswith(result.item.path.name)
    monkeypatch.setattr(type(window), "ask_keep_mask", lambda self: "clear")
    window.use_as_input(card.entries()[1])
    assert not window.canvas.engine.data.any()


def test_reuse_settings_and_seed_of_a_result(remote, window, qtbot) -> None:
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window, "a blue scarf")
    window.options.style.setCurrentIndex(window.options.style.findData("ANIME"))
    window.options.count.setValue(2)
    record = window.generate()
    qtbot.waitUntil(lambda: record.state is JobState.DONE, timeout=20000)
    result = window.gallery.cards[record.number].entries()[2]
    window.options.prompt.setPlainText("something else")
    window.options.style.setCurrentIndex(0)
    window.options.region.setChecked(True)  # not part of a whole-photo job: left as it is
    window.options.margin.setValue(40)
    window.reuse_settings(result)
    options = window.options.options()
    assert options.edit_region and options.margin == 40 and window.document.options == options
    assert options.prompt == "a blue scarf" and str(options.style_type) == "ANIME"
    assert options.num_images == 2 and options.seed == result.item.seed
    window.options.fixed_seed.setChecked(False)
    select(window, result)
    assert window.options.reuse_seed.isEnabled()
    window.options.reuse_seed.click()
    assert window.options.chosen_seed() == result.item.seed


def test_save_as_copy_and_open_folder(window, qtbot, tmp_path, monkeypatch) -> None:
    record, card = run_local_job(window, qtbot, count=1)
    result = card.entries()[1]
    target = tmp_path / "mine.png"
    assert window.save_entry(result, target)
    assert target.read_bytes() == result.item.path.read_bytes()  # metadata included
    window.copy_result(result)
    copied = QApplication.clipboard().image()
    assert (copied.width(), copied.height()) == (451, 300)
    opened = []
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", lambda url: opened.append(url))
    window.open_result_folder(result)
    assert Path(opened[0].toLocalFile()) == result.item.path.parent


def test_closing_with_a_running_job_asks_and_can_wait(remote, window, qtbot, monkeypatch) -> None:
    remote.script = [Act(delay=1.0)]
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    record = window.generate()
    monkeypatch.setattr(type(window), "ask_close", lambda self: "stay")
    window.close()
    assert window.isVisible()
    monkeypatch.setattr(type(window), "ask_close", lambda self: "wait")
    window.close()
    assert window.isVisible() and record.state is JobState.RUNNING
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20000)
    assert record.state is JobState.DONE


def test_closing_can_cancel_the_jobs(remote, window, qtbot, monkeypatch) -> None:
    remote.script = [Act(delay=5)]
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    record = window.generate()
    monkeypatch.setattr(type(window), "ask_close", lambda self: "cancel")
    window.close()
    assert not window.isVisible()
    assert record.state is JobState.CANCELLED


def test_mask_preview_shows_what_is_sent(window, qtbot) -> None:
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    window.options.preview.setChecked(True)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.preview, timeout=10000)
    pyramid = window.preview.pyramid
    shown = pyramid.arrays[0]
    assert shown.shape == (300, 451)
    assert (shown[100:200, 150:300] == 0).all() and shown[10, 10] == 255
    assert "451 × 300" in window.preview.caption and "black is edited" in window.preview.caption
    window.options.preview.setChecked(False)
    assert window.pages.currentWidget() is window.canvas


def test_a_result_of_another_size_keeps_the_mask_where_it_was(remote, window, qtbot, monkeypatch):
    remote.script = [Act(result_size=(256, 256))]  # Ideogram answers at its own resolution
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)  # the mask covers x 150..300, y 100..200 of 451 x 300
    record = window.generate()
    qtbot.waitUntil(lambda: record.state is JobState.DONE, timeout=20000)
    monkeypatch.setattr(type(window), "ask_keep_mask", lambda self: "keep")
    window.use_as_input(window.gallery.cards[record.number].entries()[1])
    assert window.image.shape[:2] == (256, 256)
    mask = painted(window.canvas.engine.data)
    assert mask.shape == (256, 256)
    rows, columns = np.nonzero(mask)
    assert abs(rows.min() - 100 * 256 / 300) <= 1 and abs(rows.max() - 199 * 256 / 300) <= 1
    assert abs(columns.min() - 150 * 256 / 451) <= 1 and abs(columns.max() - 299 * 256 / 451) <= 1
    assert window.canvas.mask_visible and window.options.generate.isEnabled()


def test_an_unexpected_failure_never_shows_the_key(remote, window, qtbot, monkeypatch) -> None:
    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError(f"boom while sending with {API_KEY}")

    monkeypatch.setattr("ideogram_studio.jobs.queue.run_job", broken)
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    record = window.generate()
    qtbot.waitUntil(lambda: record.state is JobState.FAILED, timeout=5000)
    message = window.gallery.cards[record.number].message.text()
    assert "boom while sending with [key]" in message and API_KEY not in message


def test_region_edits_are_on_for_large_photos_and_prove_nothing_else_changed(
    remote, window, qtbot, tmp_path
) -> None:
    import cv2

    big = cv2.resize(np.asarray(Image.open(SAMPLES / "chelsea.png").convert("RGB")), (1800, 1200))
    Image.fromarray(big).save(tmp_path / "big.png")
    window.open_image(SAMPLES / "chelsea.png")
    assert not window.options.region.isChecked()  # small photo: sent whole
    window.open_image(tmp_path / "big.png")
    assert window.options.region.isChecked() and window.options.feather.isEnabled()
    window.canvas.set_tool(Tool.RECTANGLE)
    image_drag(window.canvas, [(600, 400), (900, 700)])
    window.options.prompt.setPlainText("a bow tie")
    window.options.feather.setValue(10)
    remote.script = [Act(result_size=(512, 512))]
    record = window.generate()
    qtbot.waitUntil(lambda: record.state is JobState.DONE, timeout=20000)
    assert remote.posts[-1].image("image_file").shape[:2] == (512, 512)
    result = window.gallery.cards[record.number].entries()[1]
    assert result.pixels().shape == (1200, 1800, 3)
    show_checked(window, qtbot, [result])
    assert window.compare.panes[1].caption.endswith("no pixel outside the mask changed")
    shown = window.compare.panes[1].pyramid.arrays[0]
    assert not (shown == (255, 0, 255)).all(axis=2).any()

    # The same edit sent whole: the check tells how much the whole photo changed.
    window.options.region.setChecked(False)
    remote.script = [Act(result_size=(512, 512))]
    whole = window.generate()
    qtbot.waitUntil(lambda: whole.state is JobState.DONE, timeout=20000)
    whole_result = window.gallery.cards[whole.number].entries()[1]
    show_checked(window, qtbot, [whole_result])
    caption = window.compare.panes[1].caption
    assert "pixels outside the mask changed" in caption and "%" in caption
    shown = window.compare.panes[1].pyramid.arrays[0]
    assert (shown == (255, 0, 255)).all(axis=2).mean() > 0.5
    with qtbot.waitSignal(window.compare.check_ready):  # back at once: nothing to compute
        window.compare.check.setChecked(False)
    assert window.compare.panes[1].caption == whole_result.title
    assert window.compare.panes[1].pyramid.arrays[0].shape == (512, 512, 3)


def test_erasing_the_last_paint_disables_generate_and_erasing_part_does_not(window) -> None:
    window.open_image(SAMPLES / "chelsea.png")
    window.options.prompt.setPlainText("a hat")
    canvas = window.canvas
    canvas.set_brush(10, 1.0)
    image_drag(canvas, [(50, 50), (80, 50)])
    image_drag(canvas, [(300, 200), (330, 200)])
    assert window.options.generate.isEnabled()
    canvas.set_tool(Tool.ERASER)
    canvas.set_brush(40, 1.0)
    image_drag(canvas, [(45, 50), (90, 50)])
    assert window.options.generate.isEnabled()  # the other stroke is still there
    image_drag(canvas, [(295, 200), (340, 200)])
    assert not window.options.generate.isEnabled()
    assert window.options.reason.text() == "Paint over the part of the photo that should change."
    window.undo()
    assert window.options.generate.isEnabled()


def test_a_result_gone_from_disk_is_reported_and_the_editor_comes_back(window, qtbot) -> None:
    record, card = run_local_job(window, qtbot, count=1)
    result = card.entries()[1]
    result.item.path.unlink()
    with qtbot.waitSignal(window.compare.failed, timeout=10000):
        window.show_compare([result])
    assert window.pages.currentWidget() is window.canvas
    assert "does not exist" in window.error_banner.text()
    assert window.compare.panes == [] and not window.compare.busy


def test_a_newer_compare_replaces_one_still_loading(window, qtbot) -> None:
    record, card = run_local_job(window, qtbot)
    original, first, second = card.entries()
    window.show_compare([first])
    with qtbot.waitSignal(window.compare.ready, timeout=10000):
        window.show_compare([second])  # before the first one is shown
    qtbot.wait(200)  # the first one's result, if it came late, is dropped
    assert [pane.caption for pane in window.compare.panes] == ["Original", second.title]


def test_the_compare_bar_never_widens_the_window(window, qtbot) -> None:
    record, card = run_local_job(window, qtbot)
    window.resize(900, 700)
    width = window.width()
    with qtbot.waitSignal(window.compare.ready, timeout=10000):
        window.show_compare(card.entries()[1:])
    with qtbot.waitSignal(window.compare.check_ready, timeout=10000):
        window.compare.check.setChecked(True)  # the longest status text while it works
        assert window.compare.status.text() == "Looking for changes outside the mask…"
        qtbot.wait(20)
        assert window.width() == width
    assert window.width() == width and window.compare.status.text().startswith("Hold \\")


def test_an_unexpected_failure_reading_a_result_is_one_plain_sentence() -> None:
    from ideogram_studio.core.imageio import ImageLoadError
    from ideogram_studio.ui.background import user_message

    assert user_message(ImageLoadError("“a.png” is empty (0 bytes).")) == (
        "“a.png” is empty (0 bytes)."
    )
    assert user_message(MemoryError("out of memory")) == (
        "The image could not be shown (out of memory)."
    )


def test_quit_when_they_finish_quits_if_the_last_job_ended_during_the_question(
    remote, window, qtbot, monkeypatch
) -> None:
    remote.script = [Act(delay=0.5)]
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    record = window.generate()

    def answer_after_the_job_ended(self) -> str:  # noqa: ANN001
        qtbot.waitUntil(lambda: not record.state.active, timeout=20000)
        return "wait"

    monkeypatch.setattr(type(window), "ask_close", answer_after_the_job_ended)
    window.close()
    assert record.state is JobState.DONE and not window.isVisible()


def test_quitting_during_a_stalled_download_never_hangs_and_keeps_the_links(
    remote, window, qtbot, monkeypatch
) -> None:
    """A server that stops answering mid-job cannot hold the quit (each download runs on a
    helper thread a cancel leaves behind); the job is kept as interrupted, the image it
    could not fetch with its link, so History can fetch it again."""
    remote.script = [Act(items=["ok", "stall"])]
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    record = window.generate()
    card = window.gallery.cards[record.number]
    qtbot.waitUntil(lambda: len(card.entries()) == 2, timeout=20000)  # the first is saved
    qtbot.wait(300)  # the second download has started and hangs
    threads = [thread for thread, _worker in window.jobs._threads]
    monkeypatch.setattr(type(window), "ask_close", lambda self: "cancel")
    window.close()
    assert not window.isVisible()
    assert all(thread.isFinished() for thread in threads)  # nothing left to abort the app
    [job] = window.history.page()
    assert job.state == "interrupted"
    stalled = next(r for r in job.results if r.index == 1)
    assert stalled.status == "failed" and stalled.url and "stall" in stalled.url
    assert window.history.fetchable(job) == [stalled]
    assert len(remote.posts) == 1


def test_generate_from_the_history_tab_shows_the_job_it_queued(window, qtbot) -> None:
    window.open_image(SAMPLES / "chelsea.png")
    ready_to_generate(window)
    window.side_tabs.setCurrentWidget(window.history_panel)
    record = window.generate()
    assert window.side_tabs.currentWidget() is window.gallery  # its card is in view
    assert window.statusBar().currentMessage() == f"Job {record.number} queued."
    qtbot.waitUntil(lambda: not record.state.active, timeout=20000)
