"""Launching: one clear line without a screen; a window that opens photos and explains failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from pytestqt.qtbot import QtBot

from ideogram_studio.app import display_problem
from ideogram_studio.ui.main_window import MainWindow
from tests.conftest import REPO


def launch_without_display(*arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    return subprocess.run(
        [sys.executable, "-m", "ideogram_studio", *arguments],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
        timeout=60,
    )


def test_without_a_display_launch_prints_one_line_instead_of_a_qt_abort() -> None:
    result = launch_without_display()
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "needs a screen and none was found" in lines[0]
    assert "QT_QPA_PLATFORM=offscreen" in lines[0]


def test_version_needs_no_display() -> None:
    result = launch_without_display("--version")
    assert result.returncode == 0 and result.stdout.startswith("ideogram-studio 0.")


def test_display_checks() -> None:
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert "DISPLAY is not set" in (display_problem({}) or "")
    assert "cannot reach the display :4711" in (display_problem({"DISPLAY": ":4711"}) or "")


def test_window_opens_a_photo_and_fits_it(qtbot: QtBot, samples: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_image(samples / "rocket.jpg")
    assert window.pages.currentWidget() is window.canvas
    assert window.image is not None and window.image.shape == (427, 640, 3)
    assert "640 × 427" in window.statusBar().currentMessage()
    shown = window.canvas.image_rect()
    assert shown.width() <= window.canvas.width() and shown.height() <= window.canvas.height()
    assert abs(shown.width() / shown.height() - 640 / 427) < 0.01
    grabbed = window.canvas.grab().toImage()
    centre = grabbed.pixelColor(grabbed.width() // 2, grabbed.height() // 2)
    assert centre.name() != "#2b2b2e"  # the photo is drawn, not just the background


def test_a_broken_file_is_explained_and_the_open_photo_kept(
    qtbot: QtBot, samples: Path, tmp_path: Path
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_image(samples / "chelsea.png")
    kept = window.image
    broken = tmp_path / "holiday.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    assert not window.open_image(broken)
    assert window.error_banner.isVisible()
    assert "“holiday.jpg” is damaged or incomplete" in window.error_banner.text()
    assert window.image is kept and np.array_equal(window.canvas.image, kept)


def test_tool_icons_are_sharp_on_a_high_density_screen(qapp) -> None:
    from PySide6.QtCore import QSize

    from ideogram_studio.ui import icons

    icon = icons.brush()
    assert max(size.width() for size in icon.availableSizes()) >= 96  # a 48 px icon at 2x
    image = icon.pixmap(QSize(48, 48), 2.0).toImage()
    assert image.width() == 96 and image.devicePixelRatio() == 2.0
    assert image.pixelColor(48, 48).alpha() == 255  # the brush's dot, drawn, not stretched
    assert image.pixelColor(2, 2).alpha() == 0


def test_the_window_icon_has_every_size_we_ship(qapp) -> None:
    from ideogram_studio.app import app_icon

    sizes = {size.width() for size in app_icon().availableSizes()}
    assert {16, 32, 48, 256, 512} <= sizes


def test_about_names_the_version_and_the_data_folder(window, studio_home) -> None:
    from ideogram_studio import __version__

    text = window.about_text()
    assert f"Ideogram Studio {__version__}" in text and str(studio_home) in text
    actions = [a.text() for a in window.menuBar().actions()[-1].menu().actions()]
    assert "&About Ideogram Studio" in actions and "Open the &data folder" in actions


def test_a_broken_file_named_at_start_leaves_the_session_to_come_back(
    qtbot: QtBot, samples: Path, tmp_path: Path
) -> None:
    from ideogram_studio.app import open_first

    before = MainWindow()
    qtbot.addWidget(before)
    before.open_image(samples / "chelsea.png")
    before.canvas.apply(lambda engine: engine.fill_rect(10, 10, 60, 60))
    before.document.flush()
    before.jobs.shutdown()
    broken = tmp_path / "holiday.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    open_first(window, broken)
    assert "“holiday.jpg” is damaged or incomplete" in window.error_banner.text()
    assert window.document_name == "chelsea.png" and window.document.mask_has_area
    window.jobs.shutdown()
