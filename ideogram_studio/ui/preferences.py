"""What the window remembers between runs: layout, last folder, the options and tool settings.

Kept in window.ini in the app's data folder (QSettings, INI format), so IDEOGRAM_STUDIO_HOME
moves it with everything else. Options are stored by name (`EditOptions.to_names`), never as
list positions, so adding a model or a style shifts no saved choice; a damaged or unknown value
falls back to the default. Files of the first version, which stored combo box positions under
options/, still load.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMainWindow, QSplitter

from ideogram_studio.backends.request import EditOptions, MagicPrompt, Model, StyleType
from ideogram_studio.core.files import data_home
from ideogram_studio.ui.canvas import Canvas
from ideogram_studio.ui.language import SYSTEM

# The options a new photo starts with (the prompt, seed and region belong to the session).
REMEMBERED = (
    "api",
    "model",
    "speed",
    "magic_prompt",
    "style_type",
    "num_images",
    "margin",
    "feather",
)
# The first version stored the positions of these combo boxes: "Default" first where there is one.
LEGACY_CHOICES: dict[str, tuple[str, list[object]]] = {
    "model": ("model", list(Model)),
    "magic": ("magic_prompt", [None, *MagicPrompt]),
    "style": ("style_type", [None, *StyleType]),
}


def open_preferences() -> QSettings:
    return QSettings(str(data_home() / "window.ini"), QSettings.Format.IniFormat)


def language_preference(prefs: QSettings | None = None) -> str:
    """ "system", or the code of the language the user chose (see ui.language)."""
    prefs = prefs or open_preferences()
    return str(prefs.value("window/language", SYSTEM) or SYSTEM)


def save_layout(
    prefs: QSettings, window: QMainWindow, splitters: dict[str, QSplitter], last_folder: str
) -> None:
    prefs.setValue("window/geometry", window.saveGeometry())
    prefs.setValue("window/state", window.saveState())
    for name, splitter in splitters.items():
        prefs.setValue(f"window/{name}", splitter.saveState())
    prefs.setValue("files/last_folder", last_folder)


def restore_layout(prefs: QSettings, window: QMainWindow, splitters: dict[str, QSplitter]) -> str:
    """Put the window and its splitters back; returns the last folder a photo came from."""
    for key, restore in (
        ("window/geometry", window.restoreGeometry),
        ("window/state", window.restoreState),
        *((f"window/{name}", splitter.restoreState) for name, splitter in splitters.items()),
    ):
        value = prefs.value(key)
        if value is not None:
            restore(value)
    return str(prefs.value("files/last_folder", "") or "")


def save_options(prefs: QSettings, options: EditOptions) -> None:
    names = options.to_names()
    for key in REMEMBERED:
        value = names[key]
        prefs.setValue(f"document/{key}", "" if value is None else value)


def load_options(prefs: QSettings, base: EditOptions) -> EditOptions:
    """The remembered options over `base`; unknown names (a model that is gone) keep base's."""
    prefs.beginGroup("document")
    stored = {key: prefs.value(key) for key in prefs.childKeys() if key in REMEMBERED}
    prefs.endGroup()
    if not stored:
        stored = _legacy_options(prefs)
    return EditOptions.from_names(stored, base)


def _legacy_options(prefs: QSettings) -> dict[str, object]:
    """options/ of the first version: positions in the combo boxes, counts as numbers."""
    found: dict[str, object] = {}
    for key, (name, choices) in LEGACY_CHOICES.items():
        index = _number(prefs, f"options/{key}")
        if index is not None and 0 <= int(index) < len(choices):
            found[name] = choices[int(index)]
    for key, name in (("count", "num_images"), ("margin", "margin"), ("feather", "feather")):
        value = _number(prefs, f"options/{key}")
        if value is not None:
            found[name] = int(value) or (None if name == "margin" else 0)
    return found


def save_tools(prefs: QSettings, canvas: Canvas) -> None:
    # The size is kept as a share of the photo (see canvas.BRUSH_SHARE): pixels of one photo
    # are no size for the next. The pixels the first versions kept under options/brush go.
    prefs.remove("options/brush")
    for key, value in (
        ("brush_share", canvas.brush_share),
        ("hardness", canvas.brush_hardness),
        ("overlay", canvas.overlay_colour.name()),
        ("opacity", canvas.overlay_opacity),
    ):
        prefs.setValue(f"options/{key}", value)


def load_tools(prefs: QSettings, canvas: Canvas) -> None:
    canvas.set_brush(
        hardness=_number(prefs, "options/hardness", canvas.brush_hardness),
        share=_number(prefs, "options/brush_share", canvas.brush_share),
    )
    colour = QColor(str(prefs.value("options/overlay", canvas.overlay_colour.name())))
    canvas.set_overlay(
        colour if colour.isValid() else None,
        _number(prefs, "options/opacity", canvas.overlay_opacity),
    )


def _number(prefs: QSettings, key: str, default: float | None = None) -> float | None:
    try:
        value = prefs.value(key)
        return default if value is None else float(value)
    except (TypeError, ValueError):
        return default  # a hand-edited or damaged file falls back to the default
