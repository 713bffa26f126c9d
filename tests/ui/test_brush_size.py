"""The brush is sized to the photo: a share of its shorter side, carried over in proportion,
stepped by [ and ] in proportion; { and } change the hardness on any keyboard platform."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from ideogram_studio.ui.canvas import BRUSH_SHARE, MAX_BRUSH, SIZE_STEP
from ideogram_studio.ui.main_window import MainWindow

SHIFT = Qt.KeyboardModifier.ShiftModifier
# What Shift makes of the unshifted keys on a US keyboard: X11, Windows and macOS offer such a
# press as both "Shift+[" and "{", so an action holding both never fires.
US_SHIFTED = dict(zip("`1234567890-=[]\\;',./", '~!@#$%^&*()_+{}|:"<>?', strict=True))


def photo(tmp_path, width: int, height: int):
    """A gradient photo of the given size, as a PNG (fast to write, none of it compressed)."""
    path = tmp_path / f"gradient-{width}x{height}.png"
    row = np.linspace(0, 255, width, dtype=np.float32)
    column = np.linspace(0, 255, height, dtype=np.float32)[:, None]
    pixels = np.dstack(
        [
            np.broadcast_to(row, (height, width)),
            np.broadcast_to(column, (height, width)),
            np.full((height, width), 90, np.float32),
        ]
    )
    assert cv2.imwrite(str(path), pixels.astype(np.uint8), [cv2.IMWRITE_PNG_COMPRESSION, 0])
    return path


def test_a_photo_starts_with_a_brush_of_its_size_and_the_next_keeps_the_proportion(
    window, tmp_path
) -> None:
    canvas = window.canvas
    assert window.open_image(photo(tmp_path, 6000, 4000))
    assert canvas.brush_diameter == pytest.approx(BRUSH_SHARE * 4000)  # 160 px, not 45 or 120
    assert window.size_box.value() == round(BRUSH_SHARE * 4000)
    assert window.open_image(photo(tmp_path, 1000, 1600))  # portrait: the shorter side is 1000
    assert canvas.brush_diameter == pytest.approx(BRUSH_SHARE * 1000)
    assert window.size_box.value() == round(BRUSH_SHARE * 1000)
    window.size_box.setValue(100)  # a tenth of this photo
    assert window.open_image(photo(tmp_path, 6000, 4000))
    assert canvas.brush_diameter == pytest.approx(400)  # a tenth of that one, not 100 px
    canvas.set_brush(MAX_BRUSH)  # half of this photo, at the limit
    assert window.open_image(photo(tmp_path, 1000, 1600))
    assert canvas.brush_diameter == pytest.approx(500)  # half of this one too


def test_a_clamped_size_keeps_its_share_for_the_next_photo(window, tmp_path) -> None:
    canvas = window.canvas
    assert window.open_image(photo(tmp_path, 300, 200))
    canvas.set_brush(share=0.6)
    assert window.open_image(photo(tmp_path, 6000, 4000))
    assert canvas.brush_diameter == MAX_BRUSH  # 2400 px would be past the limit
    assert window.open_image(photo(tmp_path, 300, 200))
    assert canvas.brush_diameter == pytest.approx(120)  # still 60 % of the small photo


def test_brackets_step_in_proportion_and_never_stick(cat_window, qtbot) -> None:
    canvas = cat_window.canvas
    canvas.setFocus()
    canvas.set_brush(50)
    qtbot.keyClick(canvas, Qt.Key.Key_BracketRight)
    assert canvas.brush_diameter == pytest.approx(50 * SIZE_STEP)
    assert cat_window.size_box.value() == 60
    qtbot.keyClick(canvas, Qt.Key.Key_BracketLeft)
    qtbot.keyClick(canvas, Qt.Key.Key_BracketLeft)
    assert canvas.brush_diameter == pytest.approx(50 / SIZE_STEP)
    canvas.set_brush(2)
    qtbot.keyClick(canvas, Qt.Key.Key_BracketRight)
    assert canvas.brush_diameter == 3  # a fifth of 2 px is less than a pixel: one pixel
    for size in (4, 5, 6):
        qtbot.keyClick(canvas, Qt.Key.Key_BracketRight)
        assert canvas.brush_diameter == size
    for size in (5, 4, 3, 2, 1, 1):
        qtbot.keyClick(canvas, Qt.Key.Key_BracketLeft)
        assert canvas.brush_diameter == size
    presses = 0
    while canvas.brush_diameter < 40:  # 1 px to 40 px: 5 one-pixel steps, then 11 by a fifth
        qtbot.keyClick(canvas, Qt.Key.Key_BracketRight)
        presses += 1
    assert presses == 16
    canvas.set_brush(MAX_BRUSH)
    qtbot.keyClick(canvas, Qt.Key.Key_BracketRight)
    assert canvas.brush_diameter == MAX_BRUSH


def key_presses(sequence: QKeySequence) -> tuple[int, int]:
    """The key press a one-key shortcut stands for on a US keyboard: Shift+[ is {."""
    combination = sequence[0]
    key, modifiers = combination.key(), combination.keyboardModifiers()
    text = chr(key) if key < 0x110000 else ""
    if modifiers & SHIFT and text in US_SHIFTED:
        return ord(US_SHIFTED[text]), (modifiers & ~SHIFT).value
    return int(key.value), modifiers.value


def test_no_two_shortcuts_are_one_key_press(window) -> None:
    """Two shortcuts matching one press fire nothing on X11 ("Ambiguous shortcut overload")."""
    seen: dict[tuple[int, int], str] = {}
    for action in window.findChildren(type(window.undo_action)):
        for sequence in action.shortcuts():
            press = key_presses(sequence)
            assert press not in seen, (action.text(), sequence.toString(), seen.get(press))
            seen[press] = action.text()
    assert key_presses(QKeySequence("Shift+[")) == key_presses(QKeySequence("{"))


def test_braces_change_the_hardness_and_the_menu_names_them(cat_window, qtbot) -> None:
    canvas = cat_window.canvas
    canvas.setFocus()
    actions = {a.text(): a for a in cat_window.findChildren(type(cat_window.undo_action))}
    assert actions["Softer brush"].shortcut().toString() == "{"
    assert actions["Harder brush"].shortcut().toString() == "}"
    canvas.set_brush(hardness=0.5)
    # As X11 or Windows match it (the Shift taken by the brace), then as sent with Shift.
    QTest.keyClick(canvas, Qt.Key.Key_BraceLeft)
    assert canvas.brush_hardness == pytest.approx(0.4)
    QTest.keyClick(canvas, "{", SHIFT)
    assert canvas.brush_hardness == pytest.approx(0.3)
    QTest.keyClick(canvas, Qt.Key.Key_BraceRight, SHIFT)
    QTest.keyClick(canvas, "}")
    QTest.keyClick(canvas, "}")
    assert canvas.brush_hardness == pytest.approx(0.6)
    assert cat_window.hardness.value() == 60


def test_the_brush_share_is_remembered_between_runs(qtbot, tmp_path) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    assert first.open_image(photo(tmp_path, 1000, 800))
    first.canvas.set_brush(80, 0.8)  # a tenth of the shorter side
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.canvas.brush_hardness == 0.8
    assert second.open_image(photo(tmp_path, 3000, 2000))
    assert second.canvas.brush_diameter == pytest.approx(200)
    assert second.size_box.value() == 200
    second.close()
