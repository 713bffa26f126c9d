"""Light and dark appearance: follow the system by default, or the user's choice.

Fusion with a palette of our own, so both look the same on every platform; the canvas and the
compare views keep their neutral dark grey, as painting tools do.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


class Appearance(enum.StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)  # Qt 6.5+
    return scheme is not None and scheme() == Qt.ColorScheme.Dark


def is_dark(choice: Appearance) -> bool:
    return choice is Appearance.DARK or (choice is Appearance.SYSTEM and system_is_dark())


def apply(choice: Appearance) -> bool:
    """Set the application's style and palette; returns whether it is dark."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    dark = is_dark(choice)
    app.setPalette(dark_palette() if dark else light_palette())
    return dark


def light_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#efeff1"),
        (QPalette.ColorRole.WindowText, "#1d1d21"),
        (QPalette.ColorRole.Base, "#ffffff"),
        (QPalette.ColorRole.AlternateBase, "#f4f4f6"),
        (QPalette.ColorRole.Text, "#1d1d21"),
        (QPalette.ColorRole.Button, "#f7f7f9"),
        (QPalette.ColorRole.ButtonText, "#1d1d21"),
        (QPalette.ColorRole.Highlight, "#2f7fd1"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.ToolTipBase, "#ffffe8"),
        (QPalette.ColorRole.ToolTipText, "#1d1d21"),
        (QPalette.ColorRole.PlaceholderText, "#8a8a90"),
    ):
        palette.setColor(role, QColor(colour))
    _disabled(palette, "#a0a0a6")
    return palette


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2f3034"),
        (QPalette.ColorRole.WindowText, "#e6e6ea"),
        (QPalette.ColorRole.Base, "#232427"),
        (QPalette.ColorRole.AlternateBase, "#2a2b2f"),
        (QPalette.ColorRole.Text, "#e6e6ea"),
        (QPalette.ColorRole.Button, "#3a3b40"),
        (QPalette.ColorRole.ButtonText, "#e6e6ea"),
        (QPalette.ColorRole.Highlight, "#3d8fe0"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.ToolTipBase, "#3a3b40"),
        (QPalette.ColorRole.ToolTipText, "#e6e6ea"),
        (QPalette.ColorRole.PlaceholderText, "#8a8a90"),
        (QPalette.ColorRole.Link, "#6fb1ff"),
    ):
        palette.setColor(role, QColor(colour))
    _disabled(palette, "#7a7a80")
    return palette


def _disabled(palette: QPalette, colour: str) -> None:
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
