"""The README stays true: its shortcut table is the window's, its screenshots and commands exist."""

from __future__ import annotations

import re

from ideogram_studio.ui.main_window import MainWindow
from ideogram_studio.ui.shortcuts_dialog import shortcut_rows
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_shortcuts() -> dict[str, str]:
    section = README.split("### Shortcuts", 1)[1]
    table = next(chunk for chunk in section.split("\n\n") if chunk.startswith("| action"))
    rows = re.findall(r"^\| (.+?) \| (.+?) \|$", table, re.M)
    return {action: keys for action, keys in rows if action not in ("action", "---")}


def test_the_readme_lists_every_shortcut_of_the_window(qtbot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    in_window = shortcut_rows(window.findChildren(type(window.undo_action)))
    documented = readme_shortcuts()
    assert len(documented) == len(in_window)
    for action, keys in in_window:
        assert action in documented, f"{action} ({keys}) is missing from the README"
        # The README names the main key; the window may list spare ones (Ctrl+= beside Ctrl++).
        main = documented[action].split(", ")[0]
        assert main in keys.replace("Return", "Enter"), (action, keys, documented[action])
    window.jobs.shutdown()


def test_the_readme_shows_screenshots_that_exist() -> None:
    images = re.findall(r"\]\((resources/screenshots/[^)]+\.png)\)", README)
    assert "resources/screenshots/editor.png" in images and len(images) >= 3
    for image in images:
        assert (REPO / image).is_file(), image


def test_the_readme_commands_are_make_targets() -> None:
    makefile = (REPO / "Makefile").read_text()
    for target in re.findall(r"`make (\w+)", README):
        assert re.search(rf"^{target}:", makefile, re.M), target
