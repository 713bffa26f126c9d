"""Screenshots of the real app: the editor with a mask, the gallery after a local edit, the
compare view and the before/after wipe.

Run it with a screen, e.g. under Xvfb:
    Xvfb :99 -screen 0 1600x1000x24 &
    DISPLAY=:99 .venv/bin/python packaging/screenshots.py   # into resources/screenshots/
    DISPLAY=:99 .venv/bin/python packaging/screenshots.py --language zh_CN --only editor
It uses the local backend in a throwaway data folder, so it needs no key and no network.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PHOTO = REPO / "tests" / "data" / "chelsea.png"


def main(
    out: Path,
    language: str = "en",
    only: set[str] | None = None,
    size: tuple[int, int] = (1500, 920),
    appearance: str = "light",
) -> int:
    os.environ["IDEOGRAM_STUDIO_HOME"] = tempfile.mkdtemp(prefix="studio-shots-")
    os.environ.pop("IDEOGRAM_API_KEY", None)
    sys.path.insert(0, str(REPO))
    from PySide6.QtCore import QEventLoop, QPointF, QTimer
    from PySide6.QtWidgets import QApplication

    from ideogram_studio.app import app_icon
    from ideogram_studio.jobs.queue import JobState
    from ideogram_studio.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    app.setApplicationName("Ideogram Studio")
    app.setWindowIcon(app_icon())
    from ideogram_studio.ui.language import install_language

    install_language(language)
    from ideogram_studio.ui.appearance import Appearance

    suffix = "" if language == "en" else f"-{language}"
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow()
    window.set_appearance(Appearance(appearance), remember=False)
    window.resize(*size)
    window.show()

    def settle(ms: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait_for(view) -> None:  # noqa: ANN001 - CompareView or WipePage
        settle(50)
        while view.busy:
            settle(50)

    def shoot(name: str) -> None:
        settle()
        if only and name.removesuffix(".png") not in only:
            return
        target = out / name.replace(".png", f"{suffix}.png")
        window.grab().save(str(target))
        print(target)

    settle()
    window.open_image(PHOTO)
    window.canvas.zoom_to(2.0, QPointF(window.canvas.width() / 2, window.canvas.height() / 2))
    engine = window.canvas.engine
    window.canvas.set_brush(46, 0.6)
    # Paint over the cat's left ear, as a user would, in a few strokes.
    for y in range(20, 120, 18):
        window.canvas.apply(lambda e, y=y: e.begin_stroke(300, y))
        for x in range(300, 420, 6):
            window.canvas.apply(lambda e, x=x, y=y: e.stroke_to(x, y + (x - 300) * 0.25))
        window.canvas.apply(lambda e: e.end_stroke())
    assert engine.has_edit_area()
    window.canvas._pointer = window.canvas.to_widget(QPointF(380, 150))
    window.options.prompt.setPlainText(
        "一顶柔软的针织毛线帽，柔和的日光"
        if language.startswith("zh")
        else "a small knitted wool hat, soft daylight"
    )
    window.options.count.setValue(2)
    shoot("editor.png")
    show_v3_fields(window, shoot)

    record = window.generate()
    assert record is not None
    while record.state.active:
        settle(100)
    assert record.state is JobState.DONE, record.message
    window.canvas.fit()
    card = window.gallery.cards[record.number]
    window.gallery.select(card.entries()[1:2])
    shoot("gallery.png")

    window.show_compare(card.entries()[1:])
    wait_for(window.compare)  # results are read on a worker thread
    shoot("compare.png")  # as it opens: no Fit pressed, so a misaligned opening shows

    window.compare.check.setChecked(True)
    wait_for(window.compare)
    shoot("changes.png")
    window.compare.check.setChecked(False)

    window.show_wipe(card.entries()[1])
    wait_for(window.wipe)
    window.wipe.slider.setValue(420)
    shoot("wipe.png")

    window.side_tabs.setCurrentWidget(window.history_panel)
    window.history_panel.tree.expandAll()
    window.show_editor()
    shoot("history.png")
    window.close()
    return 0


def show_v3_fields(window, shoot) -> None:  # noqa: ANN001 - MainWindow, the shooter
    """The panel with Ideogram 3.0 chosen and its references and palette open, then back to
    the legacy edit (the local backend makes the other shots the same either way)."""
    import dataclasses

    from ideogram_studio.backends.options import EditApiId, Palette, StyleType, Swatch

    panel, document = window.options, window.document
    samples = REPO / "tests" / "data"
    panel.api.setCurrentIndex(panel.api.findData(EditApiId.V3))
    section = panel.references
    section.style_images.add_files(str(samples / name) for name in ("astronaut.png", "rocket.jpg"))
    section.set_open(True)
    shoot("editor-v3.png")
    palette = Palette(members=(Swatch("#2a9d8f", 0.6), Swatch("#e9c46a"), Swatch("#e76f51", 0.2)))
    document.set_options(dataclasses.replace(document.options, palette=palette))
    section.tabs.setCurrentIndex(1)
    shoot("editor-v3-palette.png")
    section.character.use(str(samples / "coffee.png"))
    panel.style.setCurrentIndex(panel.style.findData(StyleType.AUTO))
    section.tabs.setCurrentIndex(2)
    shoot("editor-v3-character.png")
    section.set_open(False)
    shoot("editor-v3-closed.png")
    panel.api.setCurrentIndex(panel.api.findData(EditApiId.LEGACY))
    panel.style.setCurrentIndex(0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Screenshots of the real window.")
    parser.add_argument("out", nargs="?", type=Path, default=REPO / "resources" / "screenshots")
    parser.add_argument("--language", default="en", help="en or zh_CN (files get -zh_CN)")
    parser.add_argument(
        "--only",
        nargs="*",
        help="some of: editor editor-v3 editor-v3-palette editor-v3-character editor-v3-closed "
        "gallery compare changes wipe history",
    )
    parser.add_argument("--size", default="1500x920", help="the window's size, e.g. 1280x800")
    parser.add_argument("--appearance", default="light", choices=["light", "dark"])
    arguments = parser.parse_args()
    width, height = (int(v) for v in arguments.size.lower().split("x"))
    sys.exit(
        main(
            arguments.out,
            arguments.language,
            set(arguments.only or ()),
            (width, height),
            arguments.appearance,
        )
    )
