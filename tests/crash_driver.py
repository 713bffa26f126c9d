"""Runs the real window in a child process for the crash tests, and reports on stdout.

python -m tests.crash_driver paint    paint strokes until killed; report each autosave
python -m tests.crash_driver job      paint, then generate (IDEOGRAM_* point at a fake)
python -m tests.crash_driver inspect  start again and print what came back, as JSON
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ideogram_studio.backends.request import Model, StyleType  # noqa: E402
from ideogram_studio.ui.main_window import MainWindow  # noqa: E402
from tests.conftest import SAMPLES  # noqa: E402


def say(*words: object) -> None:
    print(*words, flush=True)


def paint(window: MainWindow) -> None:
    canvas = window.canvas
    canvas.set_brush(12, 1.0)
    state = {"x": 20.0, "y": 20.0, "saves": 0}
    canvas.apply(lambda e: e.begin_stroke(state["x"], state["y"]))

    def step() -> None:
        state["x"] += 7
        if state["x"] > 430:
            state["x"], state["y"] = 20.0, state["y"] + 14
            canvas.apply(lambda e: e.end_stroke())
            canvas.apply(lambda e: e.begin_stroke(state["x"], state["y"]))
        canvas.apply(lambda e: e.stroke_to(state["x"], state["y"] % 290))
        if window.document.session.saves > state["saves"]:
            state["saves"] = window.document.session.saves
            saved = window.document.session.folder
            say("AUTOSAVED", state["saves"], str(saved))

    timer = QTimer(window)
    timer.timeout.connect(step)
    timer.start(20)
    window._paint_timer = timer  # keep it alive


def main(mode: str) -> int:
    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.show()
    if mode == "inspect":
        restored = window.restore_session()
        history = window.history
        jobs = history.page() if history else []
        engine = window.canvas.engine
        say(
            json.dumps(
                {
                    "restored": restored,
                    "name": window.document_name,
                    "painted": int((engine.data >= 128).sum()) if engine else 0,
                    "prompt": window.options.prompt_text(),
                    "options": window.options.options().to_names(),
                    "jobs": [
                        {
                            "state": job.state,
                            "error": job.error,
                            "results": [str(r.path) if r.path else None for r in job.results],
                        }
                        for job in jobs
                    ],
                }
            )
        )
        window.close()
        return 0
    window.open_image(SAMPLES / "chelsea.png")
    window.options.prompt.setPlainText("a crash test hat")
    if mode == "paint":  # every kind of option, to see each come back after the kill
        panel = window.options
        panel.style.setCurrentIndex(panel.style.findData(StyleType.REALISTIC))
        panel.model.setCurrentIndex(panel.model.findData(Model.V_2_TURBO))
        panel.fixed_seed.setChecked(True)
        panel.seed.setValue(4242)
        panel.count.setValue(2)  # the offline backend makes at most 2
        panel.region.setChecked(True)
        panel.margin.setValue(90)
        panel.feather.setValue(7)
    if mode == "paint":
        paint(window)
    elif mode == "job":
        window.canvas.apply(lambda e: e.fill_rect(100, 80, 300, 220))
        window.jobs.item_saved.connect(lambda record, item, small: say("SAVED", item.path))
        window.options.count.setValue(int(os.environ.get("CRASH_IMAGES", "1")))
        QTimer.singleShot(100, lambda: say("GENERATED", window.generate() is not None))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
