"""`ideogram-studio --self-test PHOTO`: proves that an installation (a standalone build above
all) works end to end: the window opens the photo, a mask is painted, a job runs through the
local backend on its worker thread, and the result is saved and shown. Headless with
QT_QPA_PLATFORM=offscreen. Never touches the user's data unless IDEOGRAM_STUDIO_HOME says where.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from ideogram_studio import __version__

TIMEOUT_S = 120


def run_self_test(photo: Path) -> int:
    """0 when an edited image was saved and shown; 1 with one sentence on stderr otherwise."""
    throwaway = None
    if not os.environ.get("IDEOGRAM_STUDIO_HOME"):
        throwaway = tempfile.mkdtemp(prefix="ideogram-studio-self-test-")
        os.environ["IDEOGRAM_STUDIO_HOME"] = throwaway
    os.environ["IDEOGRAM_PROVIDER"] = "local"  # this process only: no key, no network
    try:
        return _run(photo, throwaway=throwaway is not None)
    finally:
        if throwaway:
            shutil.rmtree(throwaway, ignore_errors=True)


def _run(photo: Path, *, throwaway: bool) -> int:
    from ideogram_studio.jobs.queue import JobState
    from ideogram_studio.ui.main_window import MainWindow

    print(f"Ideogram Studio {__version__}: self-test with {photo}")
    window = MainWindow()
    window.confirm_discard_mask = lambda: True  # type: ignore[method-assign]
    window.show()
    if not window.open_image(photo):
        return _fail(window, f"the photo did not open: {window.error_banner.text()}")
    height, width = window.image.shape[:2]  # type: ignore[union-attr]
    window.canvas.apply(
        lambda engine: engine.fill_rect(width * 0.4, height * 0.4, width * 0.6, height * 0.6)
    )
    document = window.document  # the window shows what the document holds
    document.set_options(dataclasses.replace(document.options, prompt="self-test"))
    record = document.generate()
    if record is None:
        return _fail(window, f"Generate was refused: {document.generate_blocker()}")
    deadline = time.monotonic() + TIMEOUT_S
    while record.state.active and time.monotonic() < deadline:
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()
    if record.state is not JobState.DONE:
        return _fail(window, f"the job ended as {record.state.value}: {record.message}")
    saved = [item.path for item in record.items if item.path is not None]
    shown = window.gallery.cards[record.number].entries()
    if not saved or len(shown) < 2:
        return _fail(window, "the job finished but no result was saved and shown")
    print(f"Opened {photo.name} ({width} × {height}), edited locally: {record.message}")
    for path in saved:
        print(f"Saved {path} ({path.stat().st_size:,} bytes)")
    if throwaway:
        print("(in a temporary data folder, removed on exit)")
    print("Self-test passed.")
    _close(window)
    return 0


def _fail(window: object, reason: str) -> int:
    print(f"Self-test failed: {reason}", file=sys.stderr)
    _close(window)
    return 1


def _close(window: object) -> None:
    window.jobs.shutdown()  # type: ignore[attr-defined]
    window.close()  # type: ignore[attr-defined]
