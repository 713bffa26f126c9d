"""What the window remembers between runs: layout, last folder, options and tool settings.

Kept in window.ini in the app's data folder (QSettings, INI format), so IDEOGRAM_STUDIO_HOME
moves it with everything else. A damaged value falls back to the default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor

from ideogram_studio.core.files import data_home
from ideogram_studio.ui.appearance import Appearance
from ideogram_studio.ui.language import SYSTEM

if TYPE_CHECKING:
    from ideogram_studio.ui.main_window import MainWindow


def open_preferences() -> QSettings:
    return QSettings(str(data_home() / "window.ini"), QSettings.Format.IniFormat)


def language_preference(prefs: QSettings | None = None) -> str:
    """ "system", or the code of the language the user chose (see ui.language)."""
    prefs = prefs or open_preferences()
    return str(prefs.value("window/language", SYSTEM) or SYSTEM)


def save_preferences(window: MainWindow) -> None:
    """Window layout, last folder, the options and the tool settings, for the next run."""
    prefs = window.preferences
    prefs.setValue("window/geometry", window.saveGeometry())
    prefs.setValue("window/state", window.saveState())
    prefs.setValue("window/splitter", window.splitter.saveState())
    prefs.setValue("window/side", window.side_splitter.saveState())
    prefs.setValue("files/last_folder", window.last_folder)
    options = window.options
    for key, value in (
        ("model", options.model.currentIndex()),
        ("magic", options.magic.currentIndex()),
        ("style", options.style.currentIndex()),
        ("count", options.count.value()),
        ("margin", options.margin.value()),
        ("feather", options.feather.value()),
        ("brush", window.canvas.brush_diameter),
        ("hardness", window.canvas.brush_hardness),
        ("overlay", window.canvas.overlay_colour.name()),
        ("opacity", window.canvas.overlay_opacity),
    ):
        prefs.setValue(f"options/{key}", value)
    prefs.sync()


def load_preferences(window: MainWindow) -> None:
    prefs = window.preferences
    for key, restore in (
        ("window/geometry", window.restoreGeometry),
        ("window/state", window.restoreState),
        ("window/splitter", window.splitter.restoreState),
        ("window/side", window.side_splitter.restoreState),
    ):
        value = prefs.value(key)
        if value is not None:
            restore(value)
    window.last_folder = str(prefs.value("files/last_folder", "") or "")
    try:
        appearance = Appearance(str(prefs.value("window/appearance", Appearance.SYSTEM.value)))
    except ValueError:
        appearance = Appearance.SYSTEM
    window.set_appearance(appearance, remember=False)
    language = language_preference(prefs)
    window.language_actions.get(language, window.language_actions[SYSTEM]).setChecked(True)
    options = window.options

    def number(key: str, default: float) -> float:
        try:
            return float(prefs.value(f"options/{key}", default))
        except (TypeError, ValueError):
            return default  # a hand-edited or damaged file falls back to the default

    for combo, key in (
        (options.model, "model"),
        (options.magic, "magic"),
        (options.style, "style"),
    ):
        index = int(number(key, 0))
        if 0 <= index < combo.count():
            combo.setCurrentIndex(index)
    options.count.setValue(int(number("count", 1)))
    options.margin.setValue(int(number("margin", 0)))
    options.feather.setValue(int(number("feather", options.feather.value())))
    window.canvas.set_brush(
        number("brush", window.canvas.brush_diameter),
        number("hardness", window.canvas.brush_hardness),
    )
    colour = QColor(str(prefs.value("options/overlay", window.canvas.overlay_colour.name())))
    window.canvas.set_overlay(
        colour if colour.isValid() else None, number("opacity", window.canvas.overlay_opacity)
    )
    window.tool_options.sync()
