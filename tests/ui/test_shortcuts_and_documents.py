"""Keyboard shortcuts, mask operations and the ways a photo gets in (menu, drop, paste)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QTableWidget

from ideogram_studio.core.maskfile import read_mask
from ideogram_studio.core.tools import Tool
from ideogram_studio.ui.canvas import SIZE_STEP
from tests.conftest import SAMPLES
from tests.ui.helpers import NONE, image_drag, mouse, painted

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def key(qtbot, window, code: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.canvas, code, modifiers)


def test_tool_and_brush_shortcuts(cat_window, qtbot) -> None:
    canvas = cat_window.canvas
    canvas.setFocus()
    key(qtbot, cat_window, Qt.Key.Key_E)
    assert canvas.tool is Tool.ERASER and cat_window.tool_actions[Tool.ERASER].isChecked()
    key(qtbot, cat_window, Qt.Key.Key_X)
    assert canvas.tool is Tool.BRUSH
    key(qtbot, cat_window, Qt.Key.Key_X)
    assert canvas.tool is Tool.ERASER
    key(qtbot, cat_window, Qt.Key.Key_B)
    assert canvas.tool is Tool.BRUSH
    for code, tool in (
        (Qt.Key.Key_M, Tool.RECTANGLE),
        (Qt.Key.Key_L, Tool.LASSO),
        (Qt.Key.Key_W, Tool.WAND),
    ):
        key(qtbot, cat_window, code)
        assert canvas.tool is tool
    key(qtbot, cat_window, Qt.Key.Key_M, SHIFT)
    assert canvas.tool is Tool.ELLIPSE
    key(qtbot, cat_window, Qt.Key.Key_B)

    size = canvas.brush_diameter
    key(qtbot, cat_window, Qt.Key.Key_BracketRight)
    assert canvas.brush_diameter == pytest.approx(size * SIZE_STEP)
    assert cat_window.size_box.value() == round(size * SIZE_STEP)
    key(qtbot, cat_window, Qt.Key.Key_BracketLeft)
    key(qtbot, cat_window, Qt.Key.Key_BracketLeft)
    assert canvas.brush_diameter == pytest.approx(size / SIZE_STEP)
    hardness = canvas.brush_hardness
    key(qtbot, cat_window, Qt.Key.Key_BraceLeft, SHIFT)  # Shift+[ on a US keyboard
    assert canvas.brush_hardness == pytest.approx(hardness - 0.1)
    key(qtbot, cat_window, Qt.Key.Key_BraceRight, SHIFT)
    key(qtbot, cat_window, Qt.Key.Key_BraceRight, SHIFT)
    assert canvas.brush_hardness == pytest.approx(hardness + 0.1)
    assert cat_window.hardness.value() == round((hardness + 0.1) * 100)


def test_undo_redo_invert_and_view_shortcuts(cat_window, qtbot) -> None:
    canvas = cat_window.canvas
    canvas.set_brush(30, 1.0)
    image_drag(canvas, [(100, 100), (200, 100)])
    stroke = canvas.engine.copy()
    key(qtbot, cat_window, Qt.Key.Key_I, CTRL)
    assert np.array_equal(canvas.engine.data, 255 - stroke)
    key(qtbot, cat_window, Qt.Key.Key_Z, CTRL)
    assert np.array_equal(canvas.engine.data, stroke)
    assert cat_window.undo_action.text() == "&Undo Brush stroke"
    key(qtbot, cat_window, Qt.Key.Key_Z, CTRL)
    assert not painted(canvas.engine.data).any()
    key(qtbot, cat_window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert np.array_equal(canvas.engine.data, stroke)

    key(qtbot, cat_window, Qt.Key.Key_0, CTRL)
    shown = canvas.image_rect()
    assert shown.width() == pytest.approx(canvas.width()) or shown.height() == pytest.approx(
        canvas.height()
    )
    key(qtbot, cat_window, Qt.Key.Key_1, CTRL)
    assert canvas.scale == 1.0
    key(qtbot, cat_window, Qt.Key.Key_Equal, CTRL)
    assert canvas.scale == 1.5
    assert cat_window.zoom_label.text() == "150 %"


def test_ctrl_l_focuses_the_prompt_and_ctrl_enter_generates_from_it(cat_window, qtbot) -> None:
    image_drag(cat_window.canvas, [(100, 100), (150, 100)])
    key(qtbot, cat_window, Qt.Key.Key_L, CTRL)
    prompt = cat_window.options.prompt
    assert prompt.hasFocus()
    qtbot.keyClicks(prompt, "a sleeping fox")
    qtbot.keyClick(prompt, Qt.Key.Key_Return, CTRL)
    assert prompt.toPlainText() == "a sleeping fox"  # no newline typed
    assert len(cat_window.jobs.records) == 1
    assert cat_window.jobs.records[0].request.options.prompt == "a sleeping fox"


def test_mask_menu_operations_change_the_mask(cat_window, monkeypatch) -> None:
    canvas = cat_window.canvas
    canvas.set_tool(Tool.RECTANGLE)
    image_drag(canvas, [(100, 100), (200, 200)])
    monkeypatch.setattr(type(cat_window), "ask_pixels", lambda self, title, prompt: 10)
    actions = {a.text().replace("&", ""): a for a in cat_window.actions()}
    before = painted(canvas.engine.data).sum()
    actions["Grow…"].trigger()
    assert painted(canvas.engine.data)[95, 150] and painted(canvas.engine.data).sum() > before
    actions["Shrink…"].trigger()
    actions["Shrink…"].trigger()
    assert not painted(canvas.engine.data)[102, 150]
    actions["Feather…"].trigger()
    assert 0 < canvas.engine.data[100, 150] < 255
    actions["Clear"].trigger()
    assert not canvas.engine.data.any()
    actions["Fill all"].trigger()
    assert painted(canvas.engine.data).all()


def test_shortcuts_dialog_lists_every_shortcut(cat_window) -> None:
    rows = dict(cat_window.shortcut_rows())
    assert rows["Brush"] == "B" and rows["Eraser"] == "E"
    assert rows["Undo"] == "Ctrl+Z" and "Ctrl+Shift+Z" in rows["Redo"]
    assert rows["Invert"] == "Ctrl+I" and rows["Fit in window"] == "Ctrl+0"
    assert rows["100 %"] == "Ctrl+1" and rows["Focus the prompt"] == "Ctrl+L"
    assert "Ctrl+Return" in rows["Generate"]
    assert rows["Softer brush"].startswith("{") and rows["Smaller brush"] == "["
    assert rows["Hide the mask; in the compare views, show the original"] == "Hold \\"
    cat_window.show_shortcuts()
    table = cat_window.shortcuts_dialog.findChild(QTableWidget)
    assert cat_window.shortcuts_dialog.isVisible()
    assert table.rowCount() == len(cat_window.shortcut_rows())
    shown = {
        table.item(row, 0).text(): table.item(row, 1).text() for row in range(table.rowCount())
    }
    assert (
        shown["Eraser"] == "E" and shown["Pan (or drag with the middle button)"] == "Space + drag"
    )


def test_export_and_import_a_mask_in_ideograms_convention(cat_window, tmp_path) -> None:
    canvas = cat_window.canvas
    canvas.set_tool(Tool.RECTANGLE)
    image_drag(canvas, [(10, 20), (110, 70)])
    target = tmp_path / "mask.png"
    assert cat_window.export_mask(target)
    exported = np.asarray(Image.open(target))
    assert exported.shape == (300, 451) and exported.dtype == np.uint8
    assert (exported[20:70, 10:110] == 0).all()  # black = edit
    assert (exported[100:, :] == 255).all()
    cat_window.canvas.apply(lambda engine: engine.clear())
    assert cat_window.import_mask(target)
    assert np.array_equal(canvas.engine.data, read_mask(target, 451, 300))
    # A mask made for other tools (white = edit) is read the other way round.
    Image.fromarray(255 - exported).save(tmp_path / "sd.png")
    cat_window.canvas.apply(lambda engine: engine.clear())
    assert cat_window.import_mask(tmp_path / "sd.png", white_is_edit=True)
    assert painted(canvas.engine.data)[30, 50] and not painted(canvas.engine.data)[200, 200]
    assert not cat_window.import_mask(tmp_path / "missing.png")
    assert "missing.png" in cat_window.error_banner.text()


def test_a_photo_dropped_on_the_window_opens(window) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(SAMPLES / "coffee.png"))])
    event = QDropEvent(
        QPointF(300, 300),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.image is not None and window.windowTitle().startswith("coffee.png")
    assert window.pages.currentWidget() is window.canvas


def test_an_image_pasted_from_the_clipboard_opens(window, qtbot) -> None:
    pixels = np.zeros((101, 77, 3), np.uint8)  # odd width: the row stride must be honoured
    pixels[:, :, 1] = np.arange(77, dtype=np.uint8)
    image = QImage(pixels.data, 77, 101, pixels.strides[0], QImage.Format.Format_RGB888).copy()
    QApplication.clipboard().setImage(image)
    qtbot.keyClick(window, Qt.Key.Key_V, CTRL)
    assert window.image is not None
    assert np.array_equal(window.image, pixels)
    assert window.windowTitle().startswith("Pasted image")


def test_opening_another_photo_asks_before_discarding_an_unsent_mask(window, monkeypatch) -> None:
    monkeypatch.undo()  # use the real question, answered below
    asked = []

    def answer_no(parent, title, text, *rest):  # noqa: ANN001, ANN202
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer_no)
    assert window.open_image(SAMPLES / "chelsea.png")
    image_drag(window.canvas, [(100, 100), (200, 100)])
    assert not window.open_image(SAMPLES / "coffee.png")
    assert asked and "has not been used yet" in asked[0]
    assert window.windowTitle().startswith("chelsea.png")
    assert painted(window.canvas.engine.data)[100, 150]


def test_a_photo_opened_from_the_macos_finder_opens_in_the_window(window) -> None:
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(SAMPLES / "coffee.png")))
    assert window.document_name == "coffee.png" and window.image is not None


def test_after_generate_the_keys_choose_tools_again(cat_window, qtbot) -> None:
    window = cat_window
    window.canvas.apply(lambda engine: engine.fill_rect(100, 100, 200, 150))
    window.options.focus_prompt()
    qtbot.keyClicks(window.options.prompt, "remove it")
    assert QApplication.focusWidget() is window.options.prompt
    record = window.generate()
    assert record is not None and QApplication.focusWidget() is window.canvas
    window.canvas.set_tool(Tool.RECTANGLE)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_B)  # where the user's key goes
    assert window.canvas.tool is Tool.BRUSH
    assert window.options.prompt_text() == "remove it"
    qtbot.waitUntil(lambda: not record.state.active, timeout=20000)


def test_the_brush_circle_goes_with_a_tool_that_draws_none(cat_window, qtbot, monkeypatch) -> None:
    from PySide6.QtCore import QPointF, QRect

    canvas = cat_window.canvas
    mouse(canvas, QMouseEvent.Type.MouseMove, QPointF(200, 150), NONE, NONE)
    circle = canvas._outline_rect()
    assert circle is not None
    repainted: list[QRect] = []
    real_update = canvas.update

    def spy(*args):  # noqa: ANN002, ANN202
        if args and isinstance(args[0], QRect):
            repainted.append(args[0])
        return real_update(*args)

    monkeypatch.setattr(canvas, "update", spy)
    canvas.set_tool(Tool.RECTANGLE)
    assert any(rect.contains(circle) for rect in repainted)  # where the circle was is redrawn
    assert canvas._outline_rect() is None
