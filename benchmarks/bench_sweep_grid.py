"""The sweep grid's figures (issue #16): a 3 x 3 sweep of 1-megapixel results and a 3 x 2 one
of 24-megapixel results (a region edit of a 6000 x 4000 photo) in the window's grid page: the
longest stalls of the window while the results come in, the time from a wheel notch or a pan
step on one cell until every cell is repainted (all follow it), and with held \\ (every cell
shows the original).

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
from benchmarks.common import SAMPLE_IMAGES, Row, ms, print_table, timed_row  # noqa: E402

FRAMES = 60
STALL = 0.050  # a gap of the event loop past this is a stall the user feels


def results(folder: Path, size: tuple[int, int], count: int) -> tuple[np.ndarray, list[Path]]:
    """The photo and `count` different results of its size (shifted in hue), as PNG files."""
    with Image.open(SAMPLE_IMAGES / "astronaut.png") as image:
        base = cv2.resize(np.asarray(image.convert("RGB")), size)
    paths = []
    for index in range(count):
        pixels = np.roll(base, 20 * (index + 1), axis=2 if index % 2 else 1)
        path = folder / f"cell-{size[0]}-{index}.png"
        Image.fromarray(pixels).save(path, compress_level=1)
        paths.append(path)
    return base, paths


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


def frame_times(action, counters) -> list[float]:  # noqa: ANN001
    """Seconds from each step of `action(i)` until all cells have repainted."""
    samples = []
    for step in range(FRAMES):
        before = [c.count for c in counters]
        start = time.perf_counter()
        action(step)
        QApplication.processEvents()
        samples.append(time.perf_counter() - start)
        assert all(c.count > b for c, b in zip(counters, before, strict=True)), "not repainted"
    return samples


def stalls_while(done) -> list[float]:  # noqa: ANN001
    """The event loop's gaps past STALL until `done()`: what the user feels as the window
    stalling while results are read and shown."""
    gaps, last = [], time.perf_counter()
    deadline = last + 120
    while not done() and time.perf_counter() < deadline:
        QApplication.processEvents()
        now = time.perf_counter()
        if now - last > STALL:
            gaps.append(now - last)
        last = now
        time.sleep(0.002)
    return gaps


def measure(window, folder: Path, size: tuple[int, int], shape: tuple[int, int]) -> list[Row]:  # noqa: ANN001
    from ideogram_studio.backends.options import EditApiId, EditOptions
    from ideogram_studio.backends.sweep import AxisKind, SweepAxis, SweepPlan
    from ideogram_studio.core.photo import Photo

    rows_n, columns_n = shape
    photo, files = results(folder, size, rows_n * columns_n)
    window.document.set_photo(Photo(photo, "bench"))
    width, height = size
    window.canvas.apply(
        lambda e: e.fill_rect(width // 3, height // 3, 2 * width // 3, 2 * height // 3)
    )
    QApplication.processEvents()
    api = EditApiId.LEGACY
    prompts = ["a red hat", "a blue hat", "a crown"][:rows_n]
    plan = SweepPlan(
        EditOptions(prompt="a hat", edit_region=True),
        (
            SweepAxis.parse(AxisKind.PROMPT, prompts, api),
            SweepAxis.parse(AxisKind.SEED, [str(s) for s in range(1, columns_n + 1)], api),
        ),
    )
    document = window.document
    source = (document.photo.pixels, document.photo.info)
    window._open_grid(plan, None, document.photo.display, document.engine.copy(), set(), source)
    grid = window.sweep_grid
    QApplication.processEvents()
    for (place, _cell), path in zip(grid.cells.items(), files, strict=True):
        grid.set_cell_state(place, "done")
        grid.add_result(place, 0, path, None)
    stalls = stalls_while(
        lambda: not grid.busy and all(v.pane.has_image for v in grid.views.values())
    )
    name = f"sweep grid {rows_n} x {columns_n} of {width * height / 1e6:.0f} MP"
    rows = [
        Row(
            f"{name}: stalls past 50 ms while shown",
            f"{len(stalls)}",
            ms(max(stalls, default=0.0)),
            "",
            "0",
        )
    ]
    panes = grid.sync.panes
    counters = []
    for pane in panes:
        counter = PaintCounter()
        pane.installEventFilter(counter)
        counters.append(counter)
    QApplication.processEvents()
    middle = panes[len(panes) // 2]
    zooms = frame_times(lambda i: wheel(middle, 1 if (i // 10) % 2 == 0 else -1), counters)
    rows.append(timed_row(f"{name}: wheel zoom frame", zooms, 0.016, "16 ms"))
    middle.zoom_by(4.0)
    pans = frame_times(lambda i: middle.pan_by(8 if (i // 20) % 2 else -8, 5), counters)
    rows.append(timed_row(f"{name}: pan frame (zoomed 4x)", pans, 0.016, "16 ms"))
    grid.sync.fit_all()
    window.set_held_original(True)
    held = frame_times(lambda i: wheel(middle, 1 if (i // 10) % 2 == 0 else -1), counters)
    window.set_held_original(False)
    rows.append(timed_row("  the same with \\ held (the original)", held, 0.016, "16 ms"))
    cell = middle.size()
    rows.append(Row(f"  (a cell is {cell.width()} x {cell.height()} px)", "", "", "", ""))
    grid.release()
    return rows


def main() -> None:
    from ideogram_studio.backends.storage import ResultStore
    from ideogram_studio.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="bench-sweep-grid-"))
    os.environ["IDEOGRAM_STUDIO_HOME"] = str(folder)
    window = MainWindow(store=ResultStore(folder / "results"))
    window.resize(1400, 900)
    window.show()
    rows = measure(window, folder, (1024, 1024), (3, 3))
    if os.environ.get("BENCH_QUICK") != "1":
        rows += measure(window, folder, (6000, 4000), (3, 2))
    window.jobs.shutdown()
    window.close()
    print_table(
        "Sweep grid (offscreen)" if os.environ.get("BENCH_DISPLAY") != "1" else "Sweep grid (X11)",
        rows,
    )
    del app


if __name__ == "__main__":
    main()
