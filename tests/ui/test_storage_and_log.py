"""The window on a data folder it cannot write, and Help ▸ Open the log."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QDesktopServices

from ideogram_studio import logs
from ideogram_studio.core.tools import Tool
from ideogram_studio.ui.main_window import MainWindow
from tests.conftest import SAMPLES
from tests.ui.helpers import image_drag


def test_an_unwritable_data_folder_is_one_sentence_and_the_window_works(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """Tests run as root, whom permissions do not stop: the data folder is put under a regular
    file instead, so creating it fails as on a read-only disk."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("IDEOGRAM_STUDIO_HOME", str(blocker / "home"))
    monkeypatch.setattr(MainWindow, "confirm_discard_mask", lambda self: True)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert not window.error_banner.isHidden()
    assert window.error_banner.text().startswith(f"The data folder {blocker / 'home'} cannot be")
    assert window.history is None  # no History tab, and no traceback
    assert window.open_image(SAMPLES / "chelsea.png")
    window.canvas.set_tool(Tool.RECTANGLE)
    image_drag(window.canvas, [(50, 50), (200, 150)])
    window.options.prompt.setPlainText("remove it")
    # Results could not be kept: nothing is sent (an Ideogram edit would bill them anyway).
    assert window.generate() is None and window.jobs.records == []
    assert window.options.reason.text().startswith("Results cannot be saved")
    assert not window.options.generate.isEnabled()
    window.document.autosave()
    window.document.session.flush()
    window._check_storage()
    assert "could not be autosaved" in window.error_banner.text()
    window.jobs.shutdown()
    window.close()


def test_help_opens_the_log_or_says_there_is_none(window, tmp_path: Path, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    window.open_log()
    assert opened == [] or Path(opened[0]).name == "ideogram-studio.log"
    if not opened:
        assert window.error_banner.text().startswith("No log is being written")
    path = logs.setup_logging(tmp_path / "logs")
    try:
        logging.getLogger("ideogram_studio.test").warning("something to read")
        window.open_log()
        assert opened[-1] == str(path) and "something to read" in path.read_text()
    finally:
        logging.getLogger().removeHandler(logs._handler)
        logs._handler.close()
        logs._handler = None
