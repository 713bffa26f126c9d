from __future__ import annotations

import pytest

from ideogram_studio.backends.upscale import UpscaleOptions
from ideogram_studio.ui import palette_editor, reference_images
from ideogram_studio.ui.main_window import MainWindow
from tests.conftest import SAMPLES


@pytest.fixture
def window(qtbot, monkeypatch):
    """The real main window, shown offscreen, with no modal question ever left open."""
    monkeypatch.setattr(MainWindow, "confirm_discard_mask", lambda self, question=None: True)
    monkeypatch.setattr(MainWindow, "ask_close", lambda self: "cancel")
    monkeypatch.setattr(MainWindow, "ask_keep_mask", lambda self: "clear")
    monkeypatch.setattr(MainWindow, "ask_over_limit", lambda self, question: False)
    monkeypatch.setattr(MainWindow, "ask_upscale", lambda self, title: UpscaleOptions())
    monkeypatch.setattr(reference_images, "pick_image_files", lambda *args: [])
    monkeypatch.setattr(palette_editor, "pick_colour", lambda *args: None)
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.jobs.shutdown()


@pytest.fixture
def cat_window(window):
    """The window with chelsea.png (451 x 300) open, shown at 100 %."""
    assert window.open_image(SAMPLES / "chelsea.png")
    return window
