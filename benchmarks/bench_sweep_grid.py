"""The sweep grid's figures (issue #16): a 3 x 3 sweep of 1-megapixel results in the window's
grid page, the time from a wheel notch or a pan step on one cell until every cell is
repainted (all nine follow it), and with held \\ (every cell shows the original).

Runs offscreen unless BENCH_DISPLAY=1 (then on $DISPLAY, e.g. Xvfb).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

if os.environ.get("BENCH_DISPLAY") != "1":
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PIL import Image  # noqa: E402
from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QWheelEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.bench_window import PaintCounter  # noqa: E402
from benchmarks.common import SAMPLE_IMAGES, Row, print_table, timed_row  # noqa: E402

SIDE = 1024  # 1 MP results
FRAMES = 120


def results(folder: Path) -> list[Path]:
    """Nine different 1 MP results (the astronaut, shifted in hue), as PNG files."""
    with Image.open(SAMPLE_IMAGES / "astronaut.png") as image:
        base = cv2.resize(np.asarray(image.convert("RGB")), (SIDE, SIDE))
    paths = []
    for index in range(9):
        pixels = np.roll(base, 20 * index, axis=2 if index % 2 else 1)
        path = folder / f"cell-{index}.png"
        Image.fromarray(pixels).save(path, compress_level=1)
        paths.append(path)
    return paths


def wheel(widget, steps: int) -> None:  # noqa: ANN001
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def frame_times(grid, action, counters) -> list[float]:  # noqa: ANN001
    """Seconds from each step of `action(i)` until all nine cells have repainted."""
    samples = []
    for step in range(FRAMES):
        before = [c.count for c in counters]
        start = time.perf_counter()
        action(step)
        QApplication.processEvents()
        samples.append(time.perf_counter() - start)
        assert all(c.count > b for c, b in zip(counters, before, strict=True)), "not repainted"
    return samples


def main() -> None:
    from ideogram_studio.backends.options import EditApiId, EditOptions
    from ideogram_studio.backends.storage import ResultStore
    from ideogram_studio.backends.sweep import AxisKind, SweepAxis, SweepPlan
    from ideogram_studio.core.photo import Photo
    from ideogram_studio.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="bench-sweep-grid-"))
    os.environ["IDEOGRAM_STUDIO_HOME"] = str(folder)
    window = MainWindow(store=ResultStore(folder / "results"))
    window.resize(1400, 900)
    window.show()
    files = results(folder)
    with Image.open(SAMPLE_IMAGES / "astronaut.png") as image:
        photo = cv2.resize(np.asarray(image.convert("RGB")), (SIDE, SIDE))
    window.document.set_photo(Photo(photo, "bench"))
    window.canvas.apply(lambda e: e.fill_rect(300, 300, 700, 700))
    QApplication.processEvents()
    api = EditApiId.LEGACY
    plan = SweepPlan(
        EditOptions(prompt="a hat"),
        (
            SweepAxis.parse(AxisKind.PROMPT, ["a red hat", "a blue hat", "a crown"], api),
            SweepAxis.parse(AxisKind.SEED, ["1", "2", "3"], api),
        ),
    )
    window._open_grid(
        plan, None, window.document.photo.display, window.document.engine.copy(), set()
    )
    grid = window.sweep_grid
    for (place, _cell), path in zip(grid.cells.items(), files, strict=True):
        grid.set_cell_state(place, "done")
        grid.add_result(place, 0, path, None)
    deadline = time.time() + 60
    while (grid.busy or not all(v.pane.has_image for v in grid.views.values())) and (
        time.time() < deadline
    ):
        QApplication.processEvents()
        time.sleep(0.005)
    panes = grid.sync.panes
    counters = []
    for pane in panes:
        counter = PaintCounter()
        pane.installEventFilter(counter)
        counters.append(counter)
    QApplication.processEvents()
    middle = panes[4]
    rows: list[Row] = []
    zooms = frame_times(grid, lambda i: wheel(middle, 1 if (i // 10) % 2 == 0 else -1), counters)
    rows.append(timed_row("sweep grid 3 x 3 of 1 MP: wheel zoom frame", zooms, 0.016, "16 ms"))
    middle.zoom_by(4.0)
    pans = frame_times(grid, lambda i: middle.pan_by(8 if (i // 20) % 2 else -8, 5), counters)
    rows.append(timed_row("sweep grid 3 x 3 of 1 MP: pan frame (zoomed 4x)", pans, 0.016, "16 ms"))
    grid.sync.fit_all()
    window.set_held_original(True)
    held = frame_times(grid, lambda i: wheel(middle, 1 if (i // 10) % 2 == 0 else -1), counters)
    window.set_held_original(False)
    rows.append(timed_row("  the same with \\ held (the original)", held, 0.016, "16 ms"))
    size = middle.size()
    rows.append(Row(f"  (a cell is {size.width()} x {size.height()} px)", "", "", "", ""))
    window.jobs.shutdown()
    window.close()
    print_table(
        "Sweep grid (offscreen)" if os.environ.get("BENCH_DISPLAY") != "1" else "Sweep grid (X11)",
        rows,
    )
    del app


if __name__ == "__main__":
    main()
