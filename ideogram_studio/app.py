"""Composition root: checks that a window can be shown, builds the objects, runs the event loop."""

from __future__ import annotations

import argparse
import ctypes.util
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ideogram_studio import __version__
from ideogram_studio.resources import RESOURCES

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

    from ideogram_studio.ui.main_window import MainWindow

EXIT_NO_DISPLAY = 2


def display_problem(environ: os._Environ[str] | dict[str, str] = os.environ) -> str | None:
    """One sentence on why no window can open here, or None. Checked before Qt can abort."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return None
    if environ.get("QT_QPA_PLATFORM") or environ.get("WAYLAND_DISPLAY"):
        return None
    headless_hint = "run it from a desktop session, or headless with QT_QPA_PLATFORM=offscreen"
    display = environ.get("DISPLAY", "")
    if not display:
        return (
            f"Ideogram Studio needs a screen and none was found (DISPLAY is not set): "
            f"{headless_hint}."
        )
    local = re.fullmatch(r":(\d+)(?:\.\d+)?", display)
    if local and not Path(f"/tmp/.X11-unix/X{local.group(1)}").exists():
        return (
            f"Ideogram Studio cannot reach the display {display} (no X server answers there): "
            f"{headless_hint}."
        )
    if ctypes.util.find_library("xcb-cursor") is None:
        return (
            "Qt needs the system library libxcb-cursor0 to open a window; install it "
            "(Debian/Ubuntu: sudo apt install libxcb-cursor0) and start Ideogram Studio again."
        )
    return None


def app_icon() -> QIcon:
    """The icon at every size we ship, so each place it shows gets a sharp one."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for png in sorted((RESOURCES / "icons" / "hicolor").glob("*/apps/ideogram-studio.png")):
        icon.addFile(str(png))
    return icon


# The headless commands (cli.COMMANDS runs them); named here so the window need not import them.
HEADLESS_COMMANDS = ("edit", "fetch", "describe", "upscale", "spend", "sweep", "batch")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="ideogram-studio",
        description="Paint a mask on a photo and edit it with Ideogram.",
        epilog="Headless: ideogram-studio edit IMAGE --mask MASK --prompt TEXT (see edit --help); "
        "describe IMAGE suggests prompts; upscale IMAGE; spend prints the estimated spend; "
        "fetch JOB_ID downloads a job's unsaved images again; sweep IMAGE runs a grid of edits "
        "and draws their contact sheet; batch INPUT... runs one edit over many photos",
    )
    parser.add_argument("image", nargs="?", type=Path, help="a photo to open")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation: open IMAGE, edit its centre with the local backend, "
        "print what was saved and quit (headless: QT_QPA_PLATFORM=offscreen)",
    )
    args = parser.parse_args(argv)
    if args.self_test and args.image is None:
        parser.error("--self-test needs a photo to open")
    return args


def open_first(window: MainWindow, image: Path | None) -> None:
    """The photo named on the command line; else, or when it cannot be opened (its sentence
    is shown), the last session's photo and mask, as they were left."""
    if image is None or not window.open_image(image):
        window.restore_session()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] and argv[0] in HEADLESS_COMMANDS:
        from ideogram_studio.cli import main as cli_main

        return cli_main(argv[1:], command=argv[0])
    args = parse_args(argv)
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY

    from ideogram_studio.logs import setup_logging

    setup_logging()  # before any window: a fault leaves a trace even with no console
    from PySide6.QtWidgets import QApplication

    from ideogram_studio.ui import crash_guard
    from ideogram_studio.ui.language import choose_language, install_language, system_languages
    from ideogram_studio.ui.main_window import MainWindow
    from ideogram_studio.ui.preferences import language_preference

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Ideogram Studio")
    app.setOrganizationName("Ideogram Studio")
    app.setWindowIcon(app_icon())
    # Before any widget exists: widgets take their texts when they are built.
    install_language(choose_language(language_preference(), system_languages()))
    if args.self_test:
        from ideogram_studio.ui.self_test import run_self_test

        return run_self_test(args.image)  # the window it builds uses `app`
    windows: list[MainWindow] = []  # a fault while the window is built is logged all the same
    crash_guard.install(lambda message: windows and windows[0].show_error(message))
    window = MainWindow()
    windows.append(window)
    open_first(window, args.image)
    window.show()
    return app.exec()
