"""The window on a data folder it cannot write, and Help ▸ Open the log."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QDesktopServices

from ideogram_studio import logs
from ideogram_studio.core.tools import Tool
from ideogram_studio.jobs.queue import JobState
from ideogram_studio.ui.main_window import MainWindow
from tests.conftest import SAMPLES
from tests.ui.helpers import image_drag


def unwritable_home(tmp_path: Path, monkeypatch) -> Path:  # noqa: ANN001
    """Tests run as root, whom permissions do not stop: the data folder is put under a regular
    file instead, so creating it fails as on a read-only disk."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("IDEOGRAM_STUDIO_HOME", str(blocker / "home"))
    monkeypatch.setattr(MainWindow, "confirm_discard_mask", lambda self, question=None: True)
    return blocker / "home"


def paint_and_prompt(window: MainWindow) -> None:
    assert window.open_image(SAMPLES / "chelsea.png")
    window.canvas.set_tool(Tool.RECTANGLE)
    image_drag(window.canvas, [(50, 50), (200, 150)])
    window.options.prompt.setPlainText("remove it")


def test_an_unwritable_data_folder_is_one_sentence_and_results_go_elsewhere(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    home = unwritable_home(tmp_path, monkeypatch)
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setattr("ideogram_studio.ui.main_window.fallback_results_folder", lambda: elsewhere)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    banner = window.error_banner.text()
    assert banner.startswith(f"The data folder {home} cannot be written")
    assert banner.endswith(f"Results are saved in {elsewhere} instead.")
    assert window.history is None  # no History tab, and no traceback
    paint_and_prompt(window)
    record = window.generate()
    qtbot.waitUntil(lambda: not record.state.active, timeout=30000)
    assert record.state is JobState.DONE
    assert all(item.path.parent == elsewhere for item in record.items if item.path)
    window.document.autosave()
    window.document.session.flush()
    window._check_storage()
    assert window.document.session.problem  # the autosave failed too, for the same reason:
    assert window.error_banner.text() == banner  # the banner keeps saying where results go
    window.jobs.shutdown()
    window.close()


def test_with_nowhere_to_keep_results_generate_waits(qtbot, tmp_path: Path, monkeypatch) -> None:
    unwritable_home(tmp_path, monkeypatch)
    monkeypatch.setattr("ideogram_studio.ui.main_window.fallback_results_folder", lambda: None)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    paint_and_prompt(window)
    # Nothing could be kept: nothing is sent (an Ideogram edit would bill it anyway).
    assert window.generate() is None and window.jobs.records == []
    assert window.options.reason.text().startswith("Results cannot be saved")
    assert not window.options.generate.isEnabled()
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
