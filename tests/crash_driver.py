"""Runs the real window in a child process for the crash tests, and reports on stdout.

python -m tests.crash_driver paint    paint strokes until killed; report each autosave
python -m tests.crash_driver job      paint, then generate (IDEOGRAM_* point at a fake)
python -m tests.crash_driver inspect  start again and print what came back, as JSON
python -m tests.crash_driver batch    File ▸ Batch edit of CRASH_BATCH_PHOTOS (a folder, its mask
                                      beside it as mask.png) into CRASH_BATCH_OUT; report each photo
python -m tests.crash_driver resume   start again, resume the unfinished batch it offers, report
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
    if mode in ("batch", "resume"):
        return run_batch(app, window, mode)
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


def run_batch(app: QApplication, window: MainWindow, mode: str) -> int:
    """The window's batch as a user starts it (or resumes it on the next start), each photo's
    end said as `PHOTO name state`, the report as `REPORT {json}`, then quit."""
    from pathlib import Path

    from ideogram_studio.backends.batch import (
        BatchSpec,
        MaskSource,
        options_per_photo,
        region_choice,
    )
    from ideogram_studio.backends.options import EditOptions

    def report(result: object) -> None:
        if result is None:
            say("REPORT", json.dumps(None))
        else:
            states = {r.photo.name: r.state for r in result.results}  # type: ignore[attr-defined]
            say("REPORT", json.dumps(states))
        QTimer.singleShot(0, app.quit)

    def watch(job: object) -> None:
        job.photo_ended.connect(lambda r: say("PHOTO", r.photo.name, r.state))  # type: ignore[attr-defined]
        job.ended.connect(report)  # type: ignore[attr-defined]

    if mode == "batch":
        folder, out = Path(os.environ["CRASH_BATCH_PHOTOS"]), Path(os.environ["CRASH_BATCH_OUT"])
        photos = tuple(sorted(p for p in folder.iterdir() if p.suffix in (".png", ".jpg")))
        options = EditOptions(prompt="a crash test hat")
        region = region_choice(None, None, 12, False)
        spec = BatchSpec(
            photos,
            (str(folder),),
            MaskSource("one", folder.parent / "mask.png"),
            options,
            out,
            options_per_photo(options, region),
            region,
        )
        job = window.start_batch(spec)
        if job is None:
            say("REPORT", json.dumps(None))
            return 1
        watch(job)
        say("STARTED")
    else:
        window.ask_resume_batch = lambda group, summary: True  # type: ignore[method-assign]
        job = window.resume_batch_group(window.unfinished_batches()[0])
        if job is None:
            say("REPORT", json.dumps(None))
            return 1
        watch(job)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
